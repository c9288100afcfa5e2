;; A global import named as in the spec tests' "spectest" module.
(module (import "spectest" "global_i32" (global i32)))
