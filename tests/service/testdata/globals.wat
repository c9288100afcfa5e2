;; Isolation fixture: every call of `poke` reports what it finds, then
;; changes a mutable global, linear memory, a table slot and the memory size.
;; With perfect isolation each call finds the post-instantiation state and
;; returns 7 + 0 + 1*1000 + 0 = 1007.
(module
  (memory (export "memory") 1)
  (global $g (export "g") (mut i32) (i32.const 7))
  (table $t 2 funcref)
  (func $one (result i32) (i32.const 1))
  (func (export "poke") (result i32)
    (local $seen i32)
    ;; the global, the byte at 100, the memory size in pages * 1000,
    ;; whether table slot 1 is set (+ 1000000)
    (local.set $seen
      (i32.add
        (i32.add (global.get $g) (i32.load8_u (i32.const 100)))
        (i32.mul (memory.size) (i32.const 1000))))
    (if (i32.eqz (ref.is_null (table.get $t (i32.const 1))))
      (then (local.set $seen (i32.add (local.get $seen) (i32.const 1000000)))))
    (global.set $g (i32.const 99))
    (i32.store8 (i32.const 100) (i32.const 5))
    (drop (memory.grow (i32.const 1)))
    (table.set $t (i32.const 1) (ref.func $one))
    (local.get $seen))
  (elem declare func $one))
