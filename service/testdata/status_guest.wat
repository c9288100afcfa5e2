;; Application errors through wasmrt.set_status (service/guest_status.h), for
;; guest_status_test and typed_service_test. Methods of a shapes.v1.Probe
;; service (payload ABI; bump malloc, no-op free):
;;   Missing   sets NOT_FOUND "no such shape", then returns its request
;;   Twice     sets NOT_FOUND, then FAILED_PRECONDITION "second": the last wins
;;   Echo      returns its request (no status)
;;   BadCode   code 0 (OK), CodeHigh code 17, Outside a message past memory,
;;   TooLong   1025 bytes, BadUtf8 "\ff\fe": each traps
;;   ThenTrap  sets NOT_FOUND, then traps (the trap wins)
;; and "missing_typed" () -> i32, a typed-arguments function that sets
;; NOT_FOUND and returns 7.
(module
  (import "wasmrt" "set_status" (func $set_status (param i32 i32 i32)))
  (memory (export "memory") 1)
  (global $top (mut i32) (i32.const 1024))
  (data (i32.const 64) "no such shape")
  (data (i32.const 96) "\ff\fe")
  (data (i32.const 128) "second")
  (func (export "malloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $top))
    (global.set $top (i32.add (global.get $top) (local.get $n)))
    (local.get $p))
  (func (export "free") (param i32))
  (func $echo (param $p i32) (param $n i32) (result i64)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $p)) (i64.const 32))
            (i64.extend_i32_u (local.get $n))))
  (func $not_found
    (call $set_status (i32.const 5) (i32.const 64) (i32.const 13)))
  (func (export "shapes.v1.Probe/Missing") (param $p i32) (param $n i32) (result i64)
    (call $not_found)
    (call $echo (local.get $p) (local.get $n)))
  (func (export "shapes.v1.Probe/Twice") (param $p i32) (param $n i32) (result i64)
    (call $not_found)
    (call $set_status (i32.const 9) (i32.const 128) (i32.const 6))
    (call $echo (local.get $p) (local.get $n)))
  (func (export "shapes.v1.Probe/Echo") (param $p i32) (param $n i32) (result i64)
    (call $echo (local.get $p) (local.get $n)))
  (func (export "shapes.v1.Probe/BadCode") (param i32 i32) (result i64)
    (call $set_status (i32.const 0) (i32.const 64) (i32.const 13))
    (i64.const 0))
  (func (export "shapes.v1.Probe/CodeHigh") (param i32 i32) (result i64)
    (call $set_status (i32.const 17) (i32.const 64) (i32.const 13))
    (i64.const 0))
  (func (export "shapes.v1.Probe/Outside") (param i32 i32) (result i64)
    (call $set_status (i32.const 5) (i32.const 65530) (i32.const 100))
    (i64.const 0))
  (func (export "shapes.v1.Probe/TooLong") (param i32 i32) (result i64)
    (call $set_status (i32.const 5) (i32.const 0) (i32.const 1025))
    (i64.const 0))
  (func (export "shapes.v1.Probe/BadUtf8") (param i32 i32) (result i64)
    (call $set_status (i32.const 5) (i32.const 96) (i32.const 2))
    (i64.const 0))
  (func (export "shapes.v1.Probe/ThenTrap") (param i32 i32) (result i64)
    (call $not_found)
    (unreachable))
  (func (export "missing_typed") (result i32)
    (call $not_found)
    (i32.const 7)))
