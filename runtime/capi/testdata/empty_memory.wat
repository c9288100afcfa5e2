;; A memory of zero pages: the app heap is the whole first page grown for it.
(module
  (memory (export "memory") 0)
  (func (export "nothing")))
