;; A WASI command that spends its time in host calls: sched_yield forever.
;; It runs only a few wasm instructions per call, so the fuel-slice poll of
;; the deadline alone could take very long to notice --timeout.
(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $again
      (drop (call $sched_yield))
      (br $again))))
