;; Integer functions the compiling tier handles (loops, recursion, calls,
;; memory, a trap), for comparing --tier=jit with --tier=interp: results,
;; traps and the fuel at which a call runs out must be the same.
(module
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
  ;; Stores i * i at 4 * i for i < n, then sums them back as an i64.
  (func $squares (export "squares") (param $n i32) (result i64)
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
  (func $div (export "div") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.div_s))
