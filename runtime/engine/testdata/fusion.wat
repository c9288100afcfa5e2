;; Fixtures for fusion_test: each f_NAME is written in shapes the translator
;; fuses (runtime/validate/fuser.h); u_NAME computes the same with a call to
;; an identity function after every operand producer, which no fusion crosses.
(module
  (memory (export "memory") 1)
  (func $i (param i32) (result i32) local.get 0)
  (func $I (param i64) (result i64) local.get 0)
  (func $F (param f64) (result f64) local.get 0)
  (func $V (param v128) (result v128) local.get 0)

  ;; A counted loop: LocalSetConst, eqz-of-local branch, LL/LC/SS/SL_D
  ;; arithmetic, LC_D + tee, LL_BrIf; i32.div_u can trap (never here).
  (func $f_loop (export "f_loop") (param $a i32) (param $b i32) (result i32)
    (local $s i32) (local $n i32)
    i32.const 0 local.set $n
    block
      local.get $b i32.eqz br_if 0
      loop
        local.get $a local.get $n i32.mul
        local.get $n i32.const 3 i32.shl
        i32.xor
        local.get $n i32.const 1 i32.add
        i32.div_u
        local.get $s i32.add local.set $s
        local.get $n i32.const 1 i32.add local.tee $n
        local.get $b i32.lt_u br_if 0
      end
    end
    local.get $s)
  (func $u_loop (export "u_loop") (param $a i32) (param $b i32) (result i32)
    (local $s i32) (local $n i32)
    i32.const 0 call $i local.set $n
    block
      local.get $b call $i i32.eqz call $i br_if 0
      loop
        local.get $a call $i local.get $n call $i i32.mul call $i
        local.get $n call $i i32.const 3 call $i i32.shl call $i
        i32.xor call $i
        local.get $n call $i i32.const 1 call $i i32.add call $i
        i32.div_u call $i
        local.get $s call $i i32.add call $i local.set $s
        local.get $n call $i i32.const 1 call $i i32.add call $i local.tee $n
        call $i local.get $b call $i i32.lt_u call $i br_if 0
      end
    end
    local.get $s)

  ;; Division traps inside fused ops: LL, SC and LC_D forms.
  (func $f_div (export "f_div") (param i32 i32) (result i32) (local i32)
    local.get 0 local.get 1 i32.div_s
    i32.const 7 i32.rem_s
    local.get 1 i32.const 3 i32.rem_u local.set 2
    local.get 2 i32.add)
  (func $u_div (export "u_div") (param i32 i32) (result i32) (local i32)
    local.get 0 call $i local.get 1 call $i i32.div_s call $i
    i32.const 7 call $i i32.rem_s call $i
    local.get 1 call $i i32.const 3 call $i i32.rem_u call $i local.set 2
    local.get 2 call $i i32.add)

  ;; i64 and f64 forms, compare-and-branch on i64 and f64 (if and br_if).
  (func $f_wide (export "f_wide") (param $x i64) (param $y i64) (result f64)
    (local $d f64)
    local.get $x local.get $y i64.div_u
    local.get $y i64.const 5 i64.rotl i64.xor
    f64.convert_i64_u f64.const 0.5 f64.mul local.set $d
    local.get $x local.get $y i64.gt_s
    if local.get $d f64.const 3 f64.add local.set $d end
    block
      local.get $d f64.const 100 f64.lt br_if 0
      local.get $d local.get $d f64.div local.set $d
    end
    local.get $d)
  (func $u_wide (export "u_wide") (param $x i64) (param $y i64) (result f64)
    (local $d f64)
    local.get $x call $I local.get $y call $I i64.div_u call $I
    local.get $y call $I i64.const 5 call $I i64.rotl call $I i64.xor call $I
    f64.convert_i64_u call $F f64.const 0.5 call $F f64.mul call $F local.set $d
    local.get $x call $I local.get $y call $I i64.gt_s call $i
    if local.get $d call $F f64.const 3 call $F f64.add call $F local.set $d end
    block
      local.get $d call $F f64.const 100 call $F f64.lt call $i br_if 0
      local.get $d call $F local.get $d call $F f64.div call $F local.set $d
    end
    local.get $d)

  ;; Loads and stores with local or constant operands; traps out of bounds.
  (func $f_mem (export "f_mem") (param $p i32) (param $v i32) (result i64)
    (local $t i32)
    local.get $p local.get $v i32.store offset=4
    local.get $p i32.const 0xAB i32.store8 offset=1
    local.get $p i32.load offset=4 local.set $t
    local.get $p i32.load8_u offset=1 local.get $t i32.add
    local.get $p local.get $t i32.store16 offset=8
    local.get $p i32.load16_s offset=8 i32.add
    i64.extend_i32_s
    local.get $p i64.load offset=1 i64.add)
  (func $u_mem (export "u_mem") (param $p i32) (param $v i32) (result i64)
    (local $t i32)
    local.get $p call $i local.get $v call $i i32.store offset=4
    local.get $p call $i i32.const 0xAB call $i i32.store8 offset=1
    local.get $p call $i i32.load offset=4 call $i local.set $t
    local.get $p call $i i32.load8_u offset=1 call $i local.get $t call $i i32.add
    local.get $p call $i local.get $t call $i i32.store16 offset=8
    local.get $p call $i i32.load16_s offset=8 call $i i32.add
    i64.extend_i32_s
    local.get $p call $i i64.load offset=1 call $I i64.add)
;; Round 2 (memory initialised first, so both twins read the same bytes).
  ;; Memory operands (F64Mul_LMC, F64Add_SM, F64Sub_LM_D), an
  ;; address local found below later values (F64Store_LS), L+C addresses
  ;; (F64Load_LC_D), and a local written between its get and its use (the get
  ;; must stay: the store goes to the old $t).
  (func $f_fmem (export "f_fmem") (param $p i32) (param $q i32) (result f64)
    (local $a f64) (local $t i32)
    local.get $p f64.const 2.25 f64.store offset=8
    local.get $p f64.const -0.75 f64.store offset=24
    local.get $p f64.const 4 f64.store offset=32
    local.get $p local.get $q i32.add f64.const 0.5 f64.store offset=16
    f64.const 1.5 local.set $a
    local.get $p local.get $q i32.add local.tee $t
    local.get $a
    local.get $p i32.const 8 i32.add f64.load
    f64.mul
    local.get $t f64.load offset=16
    f64.add
    f64.store offset=24
    local.get $a local.get $p f64.load offset=24 f64.sub local.set $a
    local.get $t
    local.get $p local.set $t
    local.get $a f64.store offset=32
    local.get $p local.get $q i32.add f64.load offset=32
    local.get $p i32.const 8 i32.add f64.load offset=24 local.set $a
    local.get $a f64.add)
  (func $u_fmem (export "u_fmem") (param $p i32) (param $q i32) (result f64)
    (local $a f64) (local $t i32)
    local.get $p f64.const 2.25 f64.store offset=8
    local.get $p f64.const -0.75 f64.store offset=24
    local.get $p f64.const 4 f64.store offset=32
    local.get $p local.get $q i32.add f64.const 0.5 f64.store offset=16
    f64.const 1.5 call $F local.set $a
    local.get $p call $i local.get $q call $i i32.add call $i local.tee $t call $i
    local.get $a call $F
    local.get $p call $i i32.const 8 call $i i32.add call $i f64.load call $F
    f64.mul call $F
    local.get $t call $i f64.load offset=16 call $F
    f64.add call $F
    f64.store offset=24
    local.get $a call $F local.get $p call $i f64.load offset=24 call $F f64.sub
    call $F local.set $a
    local.get $t call $i
    local.get $p call $i local.set $t
    local.get $a call $F f64.store offset=32
    local.get $p call $i local.get $q call $i i32.add call $i f64.load offset=32 call $F
    local.get $p call $i i32.const 8 call $i i32.add call $i f64.load offset=24 call $F
    local.set $a
    local.get $a call $F f64.add)

  ;; SIMD: V128Load_LC, I32x4Add_SL, I32x4Mul_SC, I32x4Sub_LL, I32x4Add_LC,
  ;; I32x4ExtractLaneL; the load traps out of bounds.
  (func $f_simd (export "f_simd") (param $p i32) (result i64)
    (local $v v128) (local $w v128)
    v128.const i32x4 1 2 3 4 local.set $v
    local.get $p i32.const 16 i32.add v128.load
    local.get $v i32x4.add
    v128.const i32x4 5 6 7 0x80000001 i32x4.mul
    local.set $w
    local.get $w local.get $v i32x4.sub
    local.get $w v128.const i32x4 9 9 9 9 i32x4.add
    i32x4.add local.set $w
    local.get $w i32x4.extract_lane 0 i64.extend_i32_u
    local.get $w i32x4.extract_lane 3 i64.extend_i32_u i64.const 32 i64.shl i64.or
    local.get $w i32x4.extract_lane 1 local.get $w i32x4.extract_lane 2 i32.xor
    i64.extend_i32_u i64.add)
  (func $u_simd (export "u_simd") (param $p i32) (result i64)
    (local $v v128) (local $w v128)
    v128.const i32x4 1 2 3 4 call $V local.set $v
    local.get $p call $i i32.const 16 call $i i32.add call $i v128.load call $V
    local.get $v call $V i32x4.add call $V
    v128.const i32x4 5 6 7 0x80000001 call $V i32x4.mul call $V
    local.set $w
    local.get $w call $V local.get $v call $V i32x4.sub call $V
    local.get $w call $V v128.const i32x4 9 9 9 9 call $V i32x4.add call $V
    i32x4.add call $V local.set $w
    local.get $w call $V i32x4.extract_lane 0 call $i i64.extend_i32_u
    local.get $w call $V i32x4.extract_lane 3 call $i i64.extend_i32_u
    i64.const 32 call $I i64.shl i64.or
    local.get $w call $V i32x4.extract_lane 1 call $i
    local.get $w call $V i32x4.extract_lane 2 call $i i32.xor
    i64.extend_i32_u i64.add)

  ;; Direct calls: $dirty leaves non-zero values in the stack slots that
  ;; $reader's locals then occupy; $reader's $m is read before written, so it
  ;; must be zeroed on entry ($l is written first and is not).
  (func $dirty (param i32) (result i32) (local i32 i32 i32)
    local.get 0 local.set 1 local.get 0 local.set 2 local.get 0 local.set 3
    local.get 1 local.get 2 i32.add local.get 3 i32.add)
  (func $reader (param i32) (result i32) (local $l i32) (local $m i32)
    local.get 0 local.set $l
    local.get $m local.get $l i32.add)
  (func $f_zero (export "f_zero") (param $x i32) (result i32)
    local.get $x call $dirty drop
    local.get $x call $reader)
  (func $u_zero (export "u_zero") (param $x i32) (result i32)
    local.get $x call $i call $dirty call $i drop
    local.get $x call $i call $reader call $i)
  ;; Unbounded direct recursion: "call stack exhausted" in $f_deep.
  (func $f_deep (export "f_deep") (param $x i32) (result i32)
    local.get $x i32.const 1 i32.add call $f_deep)
  (func $u_deep (export "u_deep") (param $x i32) (result i32)
    local.get $x call $i i32.const 1 call $i i32.add call $i call $u_deep)

  ;; Loop counters (I32IncJumpIfLtS, I32IncJumpIfNe): the step, the compare
  ;; with a constant and the branch in one op; the Ne loop wraps around 0.
  (func $f_count (export "f_count") (param $x i32) (result i32)
    (local $i i32) (local $s i32)
    local.get $x local.set $i
    loop
      local.get $s local.get $i i32.xor local.set $s
      local.get $i i32.const 3 i32.add local.tee $i
      i32.const 40 i32.lt_s br_if 0
    end
    local.get $x i32.const 7 i32.and local.set $i
    loop
      local.get $s i32.const 1 i32.rotl local.get $i i32.add local.set $s
      local.get $i i32.const -1 i32.add local.set $i
      local.get $i i32.const -3 i32.ne br_if 0
    end
    local.get $s)
  (func $u_count (export "u_count") (param $x i32) (result i32)
    (local $i i32) (local $s i32)
    local.get $x call $i local.set $i
    loop
      local.get $s call $i local.get $i call $i i32.xor call $i local.set $s
      local.get $i call $i i32.const 3 call $i i32.add call $i local.tee $i
      call $i i32.const 40 call $i i32.lt_s call $i br_if 0
    end
    local.get $x call $i i32.const 7 call $i i32.and call $i local.set $i
    loop
      local.get $s call $i i32.const 1 call $i i32.rotl call $i local.get $i call $i
      i32.add call $i local.set $s
      local.get $i call $i i32.const -1 call $i i32.add call $i local.set $i
      local.get $i call $i i32.const -3 call $i i32.ne call $i br_if 0
    end
    local.get $s)

  ;; Chained pairs (chain.def): outer(S, inner(L, C|L)) of i32, of i64 and
  ;; of an i64 outer over a zero-extended i32 inner; an i64.extend_i32_u of
  ;; an i32 result (binary or comparison) dropped; local.get x local.set x.
  (func $f_chain (export "f_chain") (param $a i32) (param $b i32) (param $c i64)
    (result i64)
    local.get $a i32.const 7 i32.rotl
    local.get $a i32.const 9 i32.rotr i32.xor
    local.get $a local.get $b i32.and i32.add
    local.get $b local.get $a i32.shr_s i32.sub
    local.get $b i32.const -1 i32.xor i32.or
    i64.extend_i32_u
    local.get $b i32.const 3 i32.shr_u i64.extend_i32_u i64.xor
    local.get $a local.get $b i32.mul i64.extend_i32_u i64.add
    local.get $c i64.const 13 i64.rotl i64.sub
    local.get $c local.get $c i64.shr_s i64.and
    local.get $b local.set $b
    local.get $b i32.const 1 i32.lt_u i64.extend_i32_u i64.or
    local.get $a local.get $b i32.shr_s i64.extend_i32_u i64.xor)
  (func $u_chain (export "u_chain") (param $a i32) (param $b i32) (param $c i64)
    (result i64)
    local.get $a call $i i32.const 7 call $i i32.rotl call $i
    local.get $a call $i i32.const 9 call $i i32.rotr call $i i32.xor call $i
    local.get $a call $i local.get $b call $i i32.and call $i i32.add call $i
    local.get $b call $i local.get $a call $i i32.shr_s call $i i32.sub call $i
    local.get $b call $i i32.const -1 call $i i32.xor call $i i32.or call $i
    i64.extend_i32_u call $I
    local.get $b call $i i32.const 3 call $i i32.shr_u call $i i64.extend_i32_u
    call $I i64.xor call $I
    local.get $a call $i local.get $b call $i i32.mul call $i i64.extend_i32_u
    call $I i64.add call $I
    local.get $c call $I i64.const 13 call $I i64.rotl call $I i64.sub call $I
    local.get $c call $I local.get $c call $I i64.shr_s call $I i64.and call $I
    local.get $b call $i local.set $b
    local.get $b call $i i32.const 1 call $i i32.lt_u call $i i64.extend_i32_u
    call $I i64.or call $I
    local.get $a call $i local.get $b call $i i32.shr_s call $i i64.extend_i32_u
    call $I i64.xor)
  ;; select with values from locals and constants (Select_LC, _LL, _SC,
  ;; _SL; i32 and i64); a local written by the condition keeps its get.
  (func $f_select (export "f_select") (param $a i32) (param $b i32) (param $c i64)
    (result i64)
    local.get $a i32.const 5 local.get $b i32.const 3 i32.and select
    local.get $a local.get $b local.get $a i32.eqz select i32.add
    local.get $a i32.const 1 i32.add i32.const 9 local.get $b select i32.xor
    i64.extend_i32_u
    local.get $c i64.const 1 i64.add local.get $c local.get $b select i64.xor
    local.get $c i64.const -7 local.get $a select i64.add
    local.get $a local.get $b local.get $a i32.const 1 i32.add local.tee $b
    select i64.extend_i32_u i64.sub)
  (func $u_select (export "u_select") (param $a i32) (param $b i32) (param $c i64)
    (result i64)
    local.get $a call $i i32.const 5 call $i local.get $b i32.const 3 i32.and
    select
    local.get $a call $i local.get $b call $i local.get $a i32.eqz select i32.add
    local.get $a i32.const 1 i32.add i32.const 9 call $i local.get $b select
    i32.xor
    i64.extend_i32_u
    local.get $c i64.const 1 i64.add local.get $c call $I local.get $b select
    i64.xor
    local.get $c call $I i64.const -7 call $I local.get $a select i64.add
    local.get $a call $i local.get $b call $i local.get $a i32.const 1 i32.add
    local.tee $b select i64.extend_i32_u i64.sub)
)
