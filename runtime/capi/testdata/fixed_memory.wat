;; A memory that cannot grow: no room for an app heap.
(module
  (memory (export "memory") 1 1)
  (func (export "size") (result i32) (memory.size)))
