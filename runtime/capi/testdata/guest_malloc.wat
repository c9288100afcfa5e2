;; A module with its own malloc/free (a bump allocator that remembers the
;; last address freed), so module_malloc must call them.
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  (global $freed (mut i32) (i32.const 0))
  (func (export "malloc") (param i32) (result i32) (local $p i32)
    (if (i32.gt_u (local.get 0) (i32.const 4096)) (then (return (i32.const 0))))
    (if (i32.eq (local.get 0) (i32.const 13)) (then unreachable))
    (local.set $p (global.get $next))
    (global.set $next (i32.add (global.get $next) (i32.and (i32.add (local.get 0) (i32.const 15))
                                                          (i32.const -16))))
    (local.get $p))
  (func (export "free") (param i32) (global.set $freed (local.get 0)))
  (func (export "last_freed") (result i32) (global.get $freed))
  (func (export "sum_bytes") (param i32 i32) (result i32) (local $s i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get 1)))
      (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get 0))))
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
      (br $next)))
    (local.get $s))
)
