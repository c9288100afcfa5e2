// Allocation routing hints. An embedder may confine what the runtime
// allocates on a thread to its own buffer (the C API's pool mode) and tear
// that buffer down later; caches that live for the whole process must not
// land there, so they allocate inside a ProcessLifetimeScope, which such an
// embedder routes to the system allocator.
#ifndef WASMRT_RUNTIME_BASE_ALLOC_SCOPE_H_
#define WASMRT_RUNTIME_BASE_ALLOC_SCOPE_H_

namespace wasmrt {

inline thread_local int tls_process_lifetime_depth = 0;

/// True while the current thread allocates memory that outlives every pool.
inline bool InProcessLifetimeScope() { return tls_process_lifetime_depth > 0; }

class ProcessLifetimeScope {
 public:
  ProcessLifetimeScope() { ++tls_process_lifetime_depth; }
  ~ProcessLifetimeScope() { --tls_process_lifetime_depth; }
  ProcessLifetimeScope(const ProcessLifetimeScope&) = delete;
  ProcessLifetimeScope& operator=(const ProcessLifetimeScope&) = delete;
};

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_BASE_ALLOC_SCOPE_H_
