;; A start function that grows memory by 10 pages and traps if that worked:
;; under --max-memory below 11 pages it must get -1 (the cap holds for the
;; start function too).
(module
  (memory 1)
  (func $grow
    (if (i32.ne (memory.grow (i32.const 10)) (i32.const -1))
      (then unreachable)))
  (start $grow)
  (func (export "_start")))
