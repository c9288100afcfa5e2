;; Fixture for guest_call_test: a bump allocator whose fuel is counted by
;; hand (one unit per instruction executed; block, loop and if count, else
;; and end do not) and which misbehaves for chosen sizes:
;;   1 byte: traps    2 bytes: returns 0    3 bytes: returns 65535 (the
;;   last byte of the page, so 3 bytes do not fit)    other sizes: bumps.
;; free(ptr) records ptr in $freed and counts the calls in $frees; it traps
;; on a buffer that starts with '!'.
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  (global $freed (mut i32) (i32.const 0))
  (global $frees (mut i32) (i32.const 0))

  ;; Fuel for a bumped size: three tests of 4 (local.get, i32.const,
  ;; i32.eq, if) = 12, then the bump 7 (global.get, local.set, global.get,
  ;; local.get, i32.add, global.set, local.get): 19.
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
      i32.const 0
      return
    end
    local.get $size
    i32.const 3
    i32.eq
    if
      i32.const 65535
      return
    end
    global.get $next
    local.set $p
    global.get $next
    local.get $size
    i32.add
    global.set $next
    local.get $p)

  ;; Fuel when it does not trap: 5 for the test (local.get, i32.load8_u,
  ;; i32.const, i32.eq, if) + 6 for the bookkeeping (local.get, global.set,
  ;; global.get, i32.const, i32.add, global.set) = 11.
  (func $free (export "free") (param $ptr i32)
    local.get $ptr
    i32.load8_u
    i32.const 33
    i32.eq
    if
      unreachable
    end
    local.get $ptr
    global.set $freed
    global.get $frees
    i32.const 1
    i32.add
    global.set $frees)

  ;; Sums the bytes of [ptr, ptr + len). Fuel: block and loop 2; each of
  ;; the len iterations 17 (local.get, i32.eqz, br_if not taken; local.get,
  ;; local.get, i32.load8_u, i32.add, local.set; local.get, i32.const,
  ;; i32.add, local.set; local.get, i32.const, i32.sub, local.set; br); the
  ;; last test 3 (local.get, i32.eqz, br_if taken); local.get 1: 17 len + 6.
  (func $sum (export "sum") (param $ptr i32) (param $len i32) (result i32)
    (local $acc i32)
    block $done
      loop $next
        local.get $len
        i32.eqz
        br_if $done
        local.get $acc
        local.get $ptr
        i32.load8_u
        i32.add
        local.set $acc
        local.get $ptr
        i32.const 1
        i32.add
        local.set $ptr
        local.get $len
        i32.const 1
        i32.sub
        local.set $len
        br $next
      end
    end
    local.get $acc)

  (func (export "freed") (result i32) global.get $freed)
  (func (export "frees") (result i32) global.get $frees))
