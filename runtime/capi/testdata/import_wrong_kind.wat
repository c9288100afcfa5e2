;; As the spec's imports.wast: a table imported as a function.
(module (import "spectest" "table" (func)))
