;; A float-heavy kernel for jit_test: f64 and f32 loads, arithmetic,
;; conversions, sign operations, comparisons and stores in a loop, the way
;; compiled C kernels (nbody, matmul) use them. Its results and the memory
;; it writes must agree bit for bit between the tiers, and its values
;; should stay in xmm registers between float instructions.
(module
  (memory 1)
  (func (export "fkernel") (param $n i32) (param $seed f64) (result f64)
    (local $i i32) (local $p i32) (local $acc f64) (local $v f64) (local $w f32)
    block $filled
      loop $fill
        local.get $i local.get $n i32.ge_u br_if $filled
        local.get $i i32.const 3 i32.shl
        local.get $i f64.convert_i32_u f64.const 0.37 f64.mul local.get $seed f64.sub
        f64.store
        local.get $i i32.const 2 i32.shl
        local.get $i f32.convert_i32_s f32.const -1.5 f32.div
        f32.store offset=4096
        local.get $i i32.const 1 i32.add local.set $i
        br $fill
      end
    end
    i32.const 0 local.set $i
    block $done
      loop $next
        local.get $i local.get $n i32.ge_u br_if $done
        local.get $i i32.const 3 i32.shl local.set $p
        ;; v = a[p] * seed + acc / (a[p] * a[p] + 1)
        local.get $p f64.load local.get $seed f64.mul
        local.get $acc
        local.get $p f64.load local.get $p f64.load f64.mul f64.const 1 f64.add
        f64.div
        f64.add
        local.tee $v
        local.get $i i32.const 2 i32.shl f32.load offset=4096
        f32.abs f32.neg local.tee $w f64.promote_f32
        f64.sub f64.abs f64.sqrt
        local.get $v f64.min local.get $seed f64.max
        local.set $v
        ;; a[p] = v - a[p]; b[i] = demote(v) * b[i] + w
        local.get $p local.get $v local.get $p f64.load f64.sub f64.store
        local.get $i i32.const 2 i32.shl
        local.get $v f32.demote_f64
        local.get $i i32.const 2 i32.shl f32.load offset=4096 f32.mul
        local.get $w f32.add
        f32.store offset=4096
        local.get $acc local.get $v f64.add f64.const 0.999 f64.mul local.set $acc
        local.get $v local.get $acc f64.gt
        if local.get $acc f64.const 0.5 f64.mul f64.neg local.set $acc end
        local.get $i i32.const 1 i32.add local.set $i
        br $next
      end
    end
    local.get $acc
    local.get $n i32.const 1 i32.shr_u local.tee $i i32.const 3 i32.shl f64.load f64.add
    local.get $i i32.const 2 i32.shl f32.load offset=4096 f64.promote_f32 f64.add)
)
