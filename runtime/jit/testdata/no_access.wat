;; guard_test: a module with a memory its compiled code never accesses.
(module
  (memory 1)
  (func (export "seven") (result i32) i32.const 7))
