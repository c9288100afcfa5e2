;; Typed-method probe for typed_service_test: echo answers with its request
;; bytes unchanged (exported under two method names), spin never returns,
;; wrong has a type no method can be served by. Bump malloc, no-op free.
(module
  (memory (export "memory") 1)
  (global $top (mut i32) (i32.const 1024))
  (func (export "malloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $top))
    (global.set $top (i32.add (global.get $top) (local.get $n)))
    (local.get $p))
  (func (export "free") (param i32))
  (func $echo (export "shapes.v1.Shapes/Area") (export "shapes.v1.Probe/Echo")
    (param $p i32) (param $n i32) (result i64)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $p)) (i64.const 32))
            (i64.extend_i32_u (local.get $n))))
  (func $spin (export "shapes.v1.Probe/Spin") (param i32 i32) (result i64)
    (loop $forever (br $forever))
    (i64.const 0))
  (func $wrong (export "shapes.v1.Probe/Wrong") (param i32) (result i32)
    (local.get 0)))
