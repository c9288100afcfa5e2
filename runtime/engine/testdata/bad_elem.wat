;; An active element segment past the end of the table: instantiation traps
;; after the first segment was applied.
(module
  (table (export "t") 2 funcref)
  (func $f (result i32) i32.const 7)
  (elem (i32.const 0) $f)
  (elem (i32.const 1) $f $f))
