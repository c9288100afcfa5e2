;; Fixtures for bulk_test: every reference, table, segment and bulk memory
;; instruction (all compiled), with funcref and externref locals, params,
;; results, globals and select. Funcrefs differ between instances, so the
;; exports return what a table holds as numbers: $probe calls each element.
(module
  (type $ii (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (table $t 4 8 funcref)
  (table $u 3 funcref)
  (table $e 2 externref)
  (global $g (mut funcref) (ref.null func))
  (global $x (mut externref) (ref.null extern))
  (elem $seg funcref (ref.func $one) (ref.func $two) (ref.null func) (ref.func $three))
  (elem $act (table $u) (i32.const 0) func $three $two)
  (data $bytes "\01\02\03\04\05\06\07\08\09\0a")

  (func $one (type $ii) local.get 0 i32.const 1 i32.add)
  (func $two (type $ii) local.get 0 i32.const 2 i32.mul)
  (func $three (type $ii) local.get 0 i32.const 3 i32.sub)

  ;; acc = acc * 31 + (element i null ? 7 : element i (i + 10)), for each i
  ;; of table $t; then * 1000 + its size.
  (func $probe (result i32) (local $i i32) (local $acc i32) (local $f funcref)
    block $out
      loop $next
        local.get $i table.size $t i32.ge_u br_if $out
        local.get $i table.get $t local.set $f
        local.get $acc i32.const 31 i32.mul
        local.get $f ref.is_null
        if (result i32)
          i32.const 7
        else
          local.get $i i32.const 10 i32.add local.get $i call_indirect $t (type $ii)
        end
        i32.add local.set $acc
        local.get $i i32.const 1 i32.add local.set $i
        br $next
      end
    end
    local.get $acc i32.const 1000 i32.mul table.size $t i32.add)

  (func (export "init") (param $d i32) (param $s i32) (param $n i32) (result i32)
    local.get $d local.get $s local.get $n table.init $t $seg
    call $probe)
  ;; After elem.drop only an empty range at offset 0 stays in bounds.
  (func (export "init_dropped") (param $d i32) (param $s i32) (param $n i32) (result i32)
    i32.const 0 i32.const 0 i32.const 2 table.init $t $seg
    elem.drop $seg
    local.get $d local.get $s local.get $n table.init $t $seg
    call $probe)
  (func (export "fill") (param $i i32) (param $n i32) (result i32)
    local.get $i ref.func $two local.get $n table.fill $t
    call $probe)
  ;; Copies within $t (overlapping) and from $u (active segment $act).
  (func (export "copy") (param $d i32) (param $s i32) (param $n i32) (result i32)
    i32.const 0 i32.const 0 i32.const 4 table.init $t $seg
    local.get $d local.get $s local.get $n table.copy $t $t
    i32.const 3 i32.const 0 i32.const 1 table.copy $t $u
    call $probe)
  (func (export "copy_from_u") (param $d i32) (param $s i32) (param $n i32) (result i32)
    local.get $d local.get $s local.get $n table.copy $t $u
    call $probe)
  ;; The old size (or -1) and the table after it.
  (func (export "grow") (param $n i32) (result i32)
    ref.func $three local.get $n table.grow $t
    i32.const 100000 i32.mul call $probe i32.add)
  ;; table.set of a select between funcrefs, through a funcref local and
  ;; global.
  (func (export "set") (param $i i32) (param $c i32) (result i32) (local $f funcref)
    ref.func $one ref.null func local.get $c select (result funcref)
    local.tee $f global.set $g
    local.get $i global.get $g table.set $t
    call $probe)
  ;; A funcref through a parameter and a result.
  (func $pass (param $f funcref) (result funcref) local.get $f)
  (func (export "pass") (param $i i32) (result i32)
    local.get $i i32.const 3 i32.and
    ref.func $two call $pass
    table.set $t
    call $probe)
  ;; Externrefs: stored in $e at i, kept in $x, the element at j returned.
  (func (export "ext") (param $r externref) (param $i i32) (param $j i32) (result externref)
    local.get $i local.get $r table.set $e
    local.get $r global.set $x
    local.get $j table.get $e)
  (func (export "ext_null") (param $r externref) (result i32)
    local.get $r ref.is_null
    global.get $x ref.is_null i32.const 2 i32.mul i32.add
    ref.null extern ref.is_null i32.const 4 i32.mul i32.add)
  (func (export "ext_grow") (param $r externref) (param $n i32) (result i32)
    local.get $r local.get $n table.grow $e
    table.size $e i32.const 100 i32.mul i32.add)
  (func (export "ext_fill") (param $r externref) (param $i i32) (param $n i32) (result externref)
    local.get $i local.get $r local.get $n table.fill $e
    i32.const 1 table.get $e)

  ;; The first 16 bytes of memory as two i64 words xor-ed.
  (func $sum (result i64)
    i32.const 0 i64.load i32.const 8 i64.load i64.xor)
  (func (export "mem_fill") (param $d i32) (param $v i32) (param $n i32) (result i64)
    local.get $d local.get $v local.get $n memory.fill
    call $sum)
  (func (export "mem_copy") (param $d i32) (param $s i32) (param $n i32) (result i64)
    i32.const 0 i32.const 0 i32.const 10 memory.init $bytes
    local.get $d local.get $s local.get $n memory.copy
    call $sum)
  (func (export "mem_init") (param $d i32) (param $s i32) (param $n i32) (result i64)
    local.get $d local.get $s local.get $n memory.init $bytes
    call $sum)
  (func (export "mem_init_dropped") (param $d i32) (param $n i32) (result i64)
    data.drop $bytes
    local.get $d i32.const 0 local.get $n memory.init $bytes
    call $sum)
  ;; Bulk operations in a loop with values in registers around them: each
  ;; round copies, fills and re-reads; fuel runs out inside it.
  (func (export "loop") (param $n i32) (result i64) (local $acc i64) (local $k i32)
    loop $again
      local.get $k i32.const 7 i32.and i32.const 16 i32.add
      local.get $k
      i32.const 8 memory.fill
      i32.const 1 i32.const 16 local.get $k i32.const 15 i32.and memory.copy
      local.get $acc i64.const 3 i64.mul call $sum i64.add local.set $acc
      local.get $k i32.const 3 i32.and ref.func $one i32.const 1 table.fill $t
      local.get $k i32.const 1 i32.add local.tee $k local.get $n i32.lt_u br_if $again
    end
    local.get $acc call $probe i64.extend_i32_u i64.add)
)
