;; Reads a registered module's global and memory through imports.
(module
  (import "spectest" "global_i32" (global $g i32))
  (import "spectest" "memory" (memory 1))
  (import "spectest" "table" (table 10 funcref))
  (func (export "global") (result i32) (global.get $g))
  (func (export "byte0") (result i32) (i32.load8_u (i32.const 0)))
  (func (export "poke") (param i32) (i32.store8 (i32.const 0) (local.get 0)))
)
