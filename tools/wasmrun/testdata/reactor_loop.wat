;; A reactor whose _initialize never returns (--invoke runs it first), and
;; a reactor-free function to call.
(module
  (memory (export "memory") 1)
  (func $initialize (export "_initialize") (loop $again (br $again)))
  (func (export "answer") (result i32) (i32.const 42)))
