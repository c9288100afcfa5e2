;; Fixtures for jit_test: the bit counts (compiled with or without LZCNT,
;; BMI1 and POPCNT) and loads and stores of every width (each bounds-checked).
(module
  (memory (export "memory") 1)
  (func (export "clz32") (param i32) (result i32) local.get 0 i32.clz)
  (func (export "ctz32") (param i32) (result i32) local.get 0 i32.ctz)
  (func (export "popcnt32") (param i32) (result i32) local.get 0 i32.popcnt)
  (func (export "clz64") (param i64) (result i64) local.get 0 i64.clz)
  (func (export "ctz64") (param i64) (result i64) local.get 0 i64.ctz)
  (func (export "popcnt64") (param i64) (result i64) local.get 0 i64.popcnt)
  ;; Several values live in registers around the counts: the scratch
  ;; registers the sequences use must not hold any of them.
  ;; (clz(a) + popcnt(b)) * (ctz(a) + 1) + (clz32(wrap b) ^ popcnt32(wrap a))
  (func (export "mixed") (param i64 i64) (result i64)
    local.get 0 i64.clz local.get 1 i64.popcnt i64.add
    local.get 0 i64.ctz i64.const 1 i64.add
    i64.mul
    local.get 1 i32.wrap_i64 i32.clz local.get 0 i32.wrap_i64 i32.popcnt i32.xor
    i64.extend_i32_u
    i64.add)
  ;; Stores then loads of 1, 2, 4 and 8 bytes at address a.
  (func (export "widths") (param $a i32) (result i64)
    local.get $a i64.const 0x1122334455667788 i64.store offset=8
    local.get $a i32.const 0x99 i32.store8
    local.get $a i32.const 0xAABB i32.store16 offset=2
    local.get $a i64.const 0xCCDDEEFF i64.store32 offset=4
    local.get $a i64.load8_u
    local.get $a i64.load16_s offset=2 i64.add
    local.get $a i64.load32_u offset=4 i64.add
    local.get $a i64.load offset=8 i64.add))
