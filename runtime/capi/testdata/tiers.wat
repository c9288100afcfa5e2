;; For running_mode_test: integer code the compiler handles (recursion,
;; call_indirect through a private table, memory, calls to a native and to a
;; registered module), so that both modes run it. Function indices: imports
;; 0 $probe, 1 $twice; defined 2..7 in the order below.
(module
  (import "env" "probe" (func $probe (param i32) (result i32)))
  ;; Not re-exported: lib's instance is only reachable through this import.
  (import "lib" "twice" (func $twice (param i32) (result i32)))
  (type $unary (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $square $fib)
  (memory 1)

  (func $fib (export "fib") (param $n i32) (result i32)
    local.get $n i32.const 2 i32.lt_u
    if (result i32)
      local.get $n
    else
      local.get $n i32.const 1 i32.sub call $fib
      local.get $n i32.const 2 i32.sub call $fib
      i32.add
    end)

  ;; Not exported: only reachable through the table.
  (func $square (param i32) (result i32) local.get 0 local.get 0 i32.mul)

  (func (export "apply") (param $slot i32) (param $x i32) (result i32)
    local.get $x local.get $slot call_indirect (type $unary))

  ;; Stores i * i at 4 * i for i < n, then sums the stored values.
  (func (export "squares") (param $n i32) (result i64)
    (local $i i32) (local $acc i64)
    block $filled
      loop $fill
        local.get $i local.get $n i32.ge_u br_if $filled
        local.get $i i32.const 2 i32.shl
        local.get $i local.get $i i32.mul
        i32.store
        local.get $i i32.const 1 i32.add local.set $i
        br $fill
      end
    end
    block $summed
      loop $sum
        local.get $i i32.eqz br_if $summed
        local.get $i i32.const 1 i32.sub local.set $i
        local.get $acc
        local.get $i i32.const 2 i32.shl i32.load i64.extend_i32_u
        i64.add local.set $acc
        br $sum
      end
    end
    local.get $acc)

  (func (export "probe") (param i32) (result i32) local.get 0 call $probe)

  (func (export "twice_plus_one") (param i32) (result i32)
    local.get 0 call $twice i32.const 1 i32.add))
