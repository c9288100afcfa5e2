;; Imports two host functions and re-exports one (so a test can see that every
;; instance of a pre-linked module imports the very same function).
(module
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (import "env" "ctx" (func $ctx (result i32)))
  (export "add" (func $add))
  (memory (export "mem") 1 2)
  (global $g (export "g") (mut i32) (i32.const 7))
  (table (export "tab") 2 funcref)
  (func (export "run") (param i32) (result i32)
    (i32.add (call $add (local.get 0) (i32.const 1)) (call $ctx))))
