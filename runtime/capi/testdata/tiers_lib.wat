;; Registered as "lib" for running_mode_test.
(module
  (func (export "twice") (param i32) (result i32) local.get 0 i32.const 2 i32.mul))
