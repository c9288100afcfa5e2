;; Guest of wasmrt_dump_jit_test: two functions the compiling tier
;; compiles ($add: i32.add of its parameters; $splat: SIMD, with SSE).
(module
  (func $add (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add)
  (func $splat (export "splat") (param i32) (result i32)
    local.get 0 i32x4.splat local.get 0 i32x4.splat i32x4.add i32x4.extract_lane 1))
