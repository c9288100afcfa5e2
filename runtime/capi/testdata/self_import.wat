;; Registered as "loop", it imports from itself: a cycle of registrations.
(module (import "loop" "f" (func)) (func (export "f")))
