;; A memory import, which no native can satisfy.
(module (import "env" "memory" (memory 1)))
