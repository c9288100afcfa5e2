;; Fixtures for jit_test: functions the compiler handles (integers, floats,
;; memory, control, calls, v128) and two jit_test leaves to the interpreter
;; ($fdeep and $vmix, through CompileOptions::interpreted_functions), calling
;; each other.
(module
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (memory (export "memory") 1 4)
  (global $g (mut i64) (i64.const 7))
  (table 2 funcref)
  (elem (i32.const 0) $fib $square)
  (type $unary (func (param i32) (result i32)))

  (func $fib (export "fib") (param $n i32) (result i32)
    local.get $n i32.const 2 i32.lt_u
    if (result i32)
      local.get $n
    else
      local.get $n i32.const 1 i32.sub call $fib
      local.get $n i32.const 2 i32.sub call $fib
      i32.add
    end)

  (func $square (param i32) (result i32) local.get 0 local.get 0 i32.mul)

  ;; sum over i < n of (i * 2654435761 >> 3) ^ i, with a block/loop/br_if,
  ;; br_table and memory traffic.
  (func $mix (export "mix") (param $n i32) (result i64)
    (local $i i32) (local $acc i64)
    block $done
      loop $next
        local.get $i local.get $n i32.ge_u br_if $done
        local.get $i i32.const 2 i32.shl
        local.get $i i32.const -1640531535 i32.mul i32.const 3 i32.shr_u
        local.get $i i32.xor
        i32.store offset=16
        block $b2 block $b1 block $b0
          local.get $i i32.const 3 i32.and
          br_table $b0 $b1 $b2 $b2
        end
          local.get $acc i64.const 1 i64.add local.set $acc br $b2
        end
          local.get $acc i64.const 3 i64.rotl local.set $acc
        end
        local.get $acc
        local.get $i i32.const 2 i32.shl i64.load32_u offset=16
        i64.add local.set $acc
        local.get $i i32.const 1 i32.add local.set $i
        br $next
      end
    end
    local.get $acc global.get $g i64.xor)

  (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func (export "rem") (param i64 i64) (result i64) local.get 0 local.get 1 i64.rem_s)
  (func (export "load") (param i32) (result i32) local.get 0 i32.load offset=1)
  (func $deep (export "deep") (param i32) (result i32)
    local.get 0 i32.const 1 i32.add call $deep)
  (func (export "spin") (loop br 0))
  (func (export "grow") (param i32) (result i32)
    local.get 0 memory.grow drop
    memory.size i32.const 65536 i32.mul i32.const 4 i32.sub i32.const 42 i32.store
    memory.size i32.const 65536 i32.mul i32.const 4 i32.sub i32.load)
  (func (export "indirect") (param i32 i32) (result i32)
    local.get 1 local.get 0 call_indirect (type $unary))
  (func (export "host") (param i32) (result i32) local.get 0 call $twice i32.const 1 i32.add)

  ;; Compiled (f64 arithmetic), calling compiled code.
  (func $fmix (export "fmix") (param $n i32) (result i32)
    local.get $n call $fib f64.convert_i32_s f64.const 0.5 f64.mul i32.trunc_f64_s)
  (func (export "calls_fmix") (param i32) (result i32) local.get 0 call $fmix i32.const 1 i32.add)

  ;; Recursion through an interpreted function ($fdeep) called by compiled
  ;; code: the call depth is bounded the same in both tiers.
  (func $fdeep (param $n i32) (result f64)
    local.get $n i32.eqz
    if (result f64)
      f64.const 1
    else
      local.get $n i32.const 1 i32.sub call $fdeep f64.const 1 f64.add
      f64x2.splat f64x2.extract_lane 1
    end)
  (func (export "calls_fdeep") (param i32) (result i32)
    local.get 0 call $fdeep i64.reinterpret_f64 i64.const 32 i64.shr_u i32.wrap_i64)

  ;; Register locals across calls: the hot locals of $keeps live in
  ;; registers (r10, r11, rbp) while it calls $via_host, a compiled function
  ;; without register locals that calls the host (which clobbers r10 and
  ;; r11), and $square through call_indirect.
  (func $via_host (param i32) (result i32) local.get 0 call $twice)
  (func (export "keeps") (param $n i32) (result i32) (local $a i32) (local $b i32) (local $c i32)
    loop $l
      local.get $a local.get $n i32.add local.set $a
      local.get $b i32.const 3 i32.add local.set $b
      local.get $c local.get $a i32.xor local.set $c
      local.get $n call $via_host drop
      local.get $n i32.const 1 call_indirect (type $unary) drop
      local.get $n i32.const 1 i32.sub local.tee $n
      br_if $l
    end
    local.get $a local.get $b i32.add local.get $c i32.add)

  ;; Interpreted, called by and calling compiled code.
  (func $vmix (export "vmix") (param $n i32) (result i32)
    local.get $n call $fib i32x4.splat local.get $n i32x4.splat i32x4.add i32x4.extract_lane 3)
  (func (export "calls_vmix") (param i32) (result i32) local.get 0 call $vmix i32.const 1 i32.add)

  ;; Register locals and comparisons not yet evaluated as memory addresses
  ;; and float operands: $p, $s and $n are register locals; $p addresses
  ;; memory and runs past its end for n > 16368.
  (func (export "walk") (param $n i32) (result i32) (local $p i32) (local $s i32)
    loop $l
      local.get $p local.get $n i32.store offset=64
      local.get $s local.get $p i32.load offset=64 i32.add local.set $s
      local.get $p i32.const 4 i32.add local.set $p
      local.get $n i32.const 1 i32.sub local.tee $n
      br_if $l
    end
    local.get $s i32.const 0 i32.gt_s i32.load offset=64
    local.get $s local.get $p i32.lt_u f32.reinterpret_i32 f32.const 0 f32.add i32.reinterpret_f32
    i32.add
    local.get $p f32.reinterpret_i32 f32.const 0 f32.add i32.reinterpret_f32
    i32.add)
)
