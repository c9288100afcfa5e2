;; A module whose start function never returns: instantiation must be bounded.
(module
  (func $forever (loop $l br $l))
  (func (export "f") (result i32) i32.const 1)
  (start $forever))
