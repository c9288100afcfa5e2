;; Fixtures for engine_test: traps, limits, host calls.
(module
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (import "env" "fail" (func $fail))
  (import "env" "reenter" (func $reenter (param i32) (result i32)))
  (memory (export "memory") 1)
  (func $div (export "div") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.div_s)
  (func (export "spin")
    (loop $l br $l))
  (func $recurse (export "recurse") (param i32) (result i32)
    local.get 0 i32.const 1 i32.add call $recurse)
  (func (export "count") (param i32) (result i32)
    ;; counts down from the argument: n loop iterations
    (loop $l
      local.get 0 i32.const 1 i32.sub local.tee 0
      br_if $l)
    local.get 0)
  (func (export "call_add") (param i32 i32) (result i32)
    local.get 0 local.get 1 call $add)
  (func (export "call_fail") call $fail)
  (func (export "double") (param i32) (result i32)
    local.get 0 i32.const 2 i32.mul)
  (func (export "call_reenter") (param i32) (result i32)
    local.get 0 call $reenter i32.const 1 i32.add)
  (func (export "reenter_then_spin")
    ;; a host call that re-enters wasm, then a loop only the limits can end
    (drop (call $reenter (i32.const 1)))
    (loop $l br $l))
  (func (export "grow") (param i32) (result i32)
    local.get 0 memory.grow)
  (func (export "load") (param i32) (result i32)
    local.get 0 i32.load)
  (func (export "host_loop") (param i32) (result i32)
    ;; n iterations, each a host call and a few instructions
    (loop $l
      (drop (call $add (local.get 0) (i32.const 0)))
      local.get 0 i32.const 1 i32.sub local.tee 0
      br_if $l)
    local.get 0)
)
