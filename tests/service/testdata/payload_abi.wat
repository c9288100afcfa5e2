;; Payload-ABI fixture for the service tests: a guest whose fuel is easy to
;; count by hand, and whose allocator misbehaves on request. Fuel is one unit
;; per instruction executed (block, loop and if count; else and end do not).
;;
;; malloc(size) picks its behaviour from the size the host asks for:
;;   1 byte: traps (unreachable)      2 bytes: loops forever
;;   3 bytes: returns 0               any other size: a bump allocator
;; free(ptr) traps (unreachable) when the buffer starts with '!'.
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))

  ;; Fuel for any size other than 1, 2, 3: three tests of 4 instructions
  ;; (local.get, i32.const, i32.eq, if) = 12, then the bump = 7: 19.
  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $p i32)
    local.get $size
    i32.const 1
    i32.eq
    if
      unreachable
    end
    local.get $size
    i32.const 2
    i32.eq
    if
      loop $forever
        br $forever
      end
    end
    local.get $size
    i32.const 3
    i32.eq
    if
      i32.const 0
      return
    end
    global.get $next
    local.set $p
    global.get $next
    local.get $size
    i32.add
    global.set $next
    local.get $p)

  ;; Fuel when it does not trap: 5 (local.get, i32.load8_u, i32.const,
  ;; i32.eq, if).
  (func $free (export "free") (param $ptr i32)
    local.get $ptr
    i32.load8_u
    i32.const 33
    i32.eq
    if
      unreachable
    end)

  ;; Copies the input into a new buffer and returns it as (ptr << 32 | len).
  ;; Fuel: 14 of its own + malloc's 19 = 33.
  (func $echo (export "echo") (param $ptr i32) (param $len i32) (result i64)
    (local $out i32)
    local.get $len
    call $malloc
    local.set $out
    local.get $out
    local.get $ptr
    local.get $len
    memory.copy
    local.get $out
    i64.extend_i32_u
    i64.const 32
    i64.shl
    local.get $len
    i64.extend_i32_u
    i64.or)

  ;; 1 + 2 + ... + n. Fuel: block and loop 2; each of the n iterations 12
  ;; (local.get, i32.eqz, br_if not taken, local.get, local.get, i32.add,
  ;; local.set, local.get, i32.const, i32.sub, local.set, br); the last
  ;; test 3 (local.get, i32.eqz, br_if taken); local.get 1: 12n + 6.
  (func $sum (export "sum") (param $n i32) (result i32)
    (local $acc i32)
    block $done
      loop $next
        local.get $n
        i32.eqz
        br_if $done
        local.get $acc
        local.get $n
        i32.add
        local.set $acc
        local.get $n
        i32.const 1
        i32.sub
        local.set $n
        br $next
      end
    end
    local.get $acc))
