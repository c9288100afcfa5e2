;; Results whose exact bits the default printing hides (NaN payloads, the sign
;; of zero), for --typed-results.
(module
  (func (export "f32_nan_payload") (result f32) (f32.const nan:0x200001))
  (func (export "f32_neg_zero") (result f32) (f32.const -0.0))
  (func (export "f64_neg_nan_payload") (result f64) (f64.const -nan:0x4000000000001))
  (func (export "f64_neg_zero") (result f64) (f64.const -0.0))
  (func (export "id_f32") (param f32) (result f32) (local.get 0))
  (func (export "mixed") (result i32 i64 f32 f64)
    (i32.const -1) (i64.const -9223372036854775808) (f32.const 1.5) (f64.const 0.1)))
