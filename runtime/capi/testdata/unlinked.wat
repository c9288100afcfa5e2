;; A function import no test registers a native for (unless it says so).
(module
  (import "env" "nope" (func $nope (param i32) (result i32)))
  (func (export "call_nope") (param i32) (result i32) (call $nope (local.get 0)))
  (func (export "answer") (result i32) (i32.const 42))
)
