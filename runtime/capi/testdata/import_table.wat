;; A table import named as in the spec tests' "spectest" module.
(module (import "spectest" "table" (table 10 funcref)))
