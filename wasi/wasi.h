// The WASI preview1 layer's public face: register every
// wasi_snapshot_preview1 function, bound to one WasiContext, in a Linker.
//
//   auto ctx = wasi::WasiContext::Create(config);
//   wasi::DefineWasi(linker, store, **ctx);
//   ... instantiate, call "_start"; a proc_exit(n) ends the call with
//   ExecResult{trap = TrapCode::kExit, exit_code = n}.
#ifndef WASMRT_WASI_WASI_H_
#define WASMRT_WASI_WASI_H_

#include <string>
#include <vector>

#include "runtime/engine/engine.h"
#include "wasi/context.h"
#include "wasi/errno.h"

namespace wasmrt::wasi {

inline constexpr char kModuleName[] = "wasi_snapshot_preview1";

/// Defines all functions of kModuleName in `linker` as host functions of
/// `store`. `ctx` must outlive every call into instances linked with them.
/// Each function works on the memory of the instance that calls it.
void DefineWasi(Linker& linker, Store& store, WasiContext& ctx);

/// As above, but each call uses the context `*slot` points to at that moment,
/// so a pooled instance can get a fresh context for every request. `*slot`
/// must be non-null whenever the instance runs.
void DefineWasi(Linker& linker, Store& store, WasiContext* const* slot);

/// As above, but as linker-owned functions (Linker::DefineFunction) that any
/// number of stores can share through Linker::Prelink: each call uses the
/// context `context(call)` returns, typically found through
/// `call.store->host_data()`. It must be non-null whenever an instance runs.
void DefineWasi(Linker& linker, WasiContext* (*context)(const HostCall& call));

/// The names of every function DefineWasi defines (sorted).
std::vector<std::string> WasiFunctionNames();

}  // namespace wasmrt::wasi

#endif  // WASMRT_WASI_WASI_H_
