;; A module whose start function never returns: instantiation itself must be
;; bounded by --fuel and --timeout.
(module
  (func $spin (loop $again (br $again)))
  (start $spin)
  (func (export "_start")))
