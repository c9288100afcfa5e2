;; A module without an allocator of its own (module_malloc uses the app heap),
;; calling natives of every signature kind.
(module
  (import "env" "read_into" (func $read_into (param i32) (result i32)))     ;; "(*)i"
  (import "env" "flush" (func $flush (param i32 i32 i32 i32 i32)))          ;; "(iiii*)"
  (import "env" "sum_buf" (func $sum_buf (param i32 i32) (result i32)))     ;; "(*~)i"
  (import "env" "str_len" (func $str_len (param i32) (result i32)))         ;; "($)i"
  (import "env" "mix" (func $mix (param i32 i64 f32 f64) (result f64)))     ;; "(iIfF)F"
  (import "env" "raise" (func $raise))                                      ;; "()"
  (import "env" "wide" (func $wide
    (param i32 i32 i32 i32 i32 i32 i32 i32
           f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 i64 f32)
    (result i64)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello\00")
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  ;; char, int, double, int64 -> double: a + b + c + d
  (func (export "mixed") (param i32 i32 f64 i64) (result f64)
    (f64.add (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i32_s (local.get 1)))
             (f64.add (local.get 2) (f64.convert_i64_s (local.get 3)))))
  (func (export "i64_neg") (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0)))
  (func (export "f32_half") (param f32) (result f32) (f32.div (local.get 0) (f32.const 2)))
  (func (export "sum_bytes") (param i32 i32) (result i32) (local $s i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get 1)))
      (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get 0))))
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
      (br $next)))
    (local.get $s))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "trap") unreachable)
  (func (export "call_read") (param i32) (result i32) (call $read_into (local.get 0)))
  (func (export "call_flush") (param i32 i32 i32 i32 i32)
    (call $flush (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4)))
  (func (export "call_sum") (param i32 i32) (result i32) (call $sum_buf (local.get 0) (local.get 1)))
  (func (export "call_str_len") (param i32) (result i32) (call $str_len (local.get 0)))
  (func (export "call_mix") (param i32 i64 f32 f64) (result f64)
    (call $mix (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "call_raise") (call $raise))
  (func (export "call_wide") (result i64)
    (call $wide (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4)
                (i32.const 5) (i32.const 6) (i32.const 7) (i32.const 8)
                (f64.const 1) (f64.const 2) (f64.const 3) (f64.const 4) (f64.const 5)
                (f64.const 6) (f64.const 7) (f64.const 8) (f64.const 9) (f64.const 10)
                (i64.const 1000000000000) (f32.const 0.5)))
)
