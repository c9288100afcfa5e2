;; Imports a function the service does not provide.
(module
  (import "env" "f" (func $f))
  (func (export "run") (call $f)))
