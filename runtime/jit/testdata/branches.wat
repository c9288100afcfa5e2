;; br_table shapes for the compiled tier's jump tables (function_emitter.cc
;; BrTable): long tables whose entries go straight to their labels, entries
;; that carry values (moved by a stub first), repeated depths, the default
;; for every index past the end (including ones negative as i32), and a
;; dispatch loop like a bytecode interpreter's.
(module
  ;; 12 entries to 6 labels; each label adds its own weight.
  (func $plain (export "plain") (param $i i32) (result i32)
    (local $r i32)
    block $d
    block $c5
    block $c4
    block $c3
    block $c2
    block $c1
    block $c0
      local.get $i
      br_table $c0 $c1 $c2 $c3 $c4 $c5 $c0 $c2 $c4 $c1 $c3 $c5 $d
    end
    i32.const 1 local.set $r br $d
    end
    i32.const 10 local.set $r br $d
    end
    i32.const 100 local.set $r br $d
    end
    i32.const 1000 local.set $r br $d
    end
    i32.const 10000 local.set $r br $d
    end
    i32.const 100000 local.set $r
    end
    local.get $r
    local.get $i
    i32.add)

  ;; Entries carrying an i64 value out of blocks at different heights (the
  ;; value moves unless it already sits at the label's base).
  (func $values (export "values") (param $i i32) (param $v i64) (result i64)
    i64.const 7
    block $outer (result i64)
      block $mid (result i64)
        i64.const 3
        block $inner (result i64)
          local.get $v
          local.get $i
          br_table $inner $mid $outer $inner $mid $outer $outer $mid $inner
        end
        i64.const 5
        i64.mul
        i64.add
      end
      i64.const 11
      i64.add
    end
    i64.add)

  ;; A bytecode loop: program bytes at 0 (memory), accumulator, 6 opcodes.
  (memory 1)
  (data (i32.const 0) "\01\02\03\01\04\02\05\01\03\03\02\04\01\05\00")
  (func $interp (export "interp") (param $rounds i32) (result i32)
    (local $pc i32) (local $acc i32) (local $n i32)
    loop $round
      i32.const 0
      local.set $pc
      loop $next
        block $halt
        block $op5
        block $op4
        block $op3
        block $op2
        block $op1
          local.get $pc
          i32.load8_u
          local.get $pc
          i32.const 1
          i32.add
          local.set $pc
          br_table $halt $op1 $op2 $op3 $op4 $op5 $halt
        end
        local.get $acc i32.const 3 i32.add local.set $acc br $next
        end
        local.get $acc i32.const 7 i32.mul local.set $acc br $next
        end
        local.get $acc i32.const 0x55 i32.xor local.set $acc br $next
        end
        local.get $acc i32.const 1 i32.shr_u local.set $acc br $next
        end
        local.get $acc i32.const 13 i32.sub local.set $acc br $next
        end
      end
      local.get $n
      i32.const 1
      i32.add
      local.tee $n
      local.get $rounds
      i32.lt_u
      br_if $round
    end
    local.get $acc))
