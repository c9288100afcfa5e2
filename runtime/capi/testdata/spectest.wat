;; A module offering what the spec tests' "spectest" module offers besides
;; functions, for wasm_runtime_register_module (multi-module) tests.
(module
  (global (export "global_i32") i32 (i32.const 666))
  (table (export "table") 10 20 funcref)
  (memory (export "memory") 1 2)
  (data (i32.const 0) "\2a")
  (func (export "print_i32") (param i32))
)
