;; Fixtures for fusion_test: each f_NAME is written in shapes the translator
;; fuses (runtime/validate/fuser.h); u_NAME computes the same with a call to
;; an identity function after every operand producer, which no fusion crosses.
(module
  (memory (export "memory") 1)
  (func $i (param i32) (result i32) local.get 0)
  (func $I (param i64) (result i64) local.get 0)
  (func $F (param f64) (result f64) local.get 0)

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
)
