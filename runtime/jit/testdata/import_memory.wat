;; guard_test: a module whose memory 0 is imported and accessed.
(module
  (import "env" "mem" (memory 1))
  (func (export "peek") (param i32) (result i32) local.get 0 i32.load))
