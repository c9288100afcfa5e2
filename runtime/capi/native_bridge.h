// Turns a registered native into a host function for one import of one
// instance: checks its signature against the import's type, and on each call
// translates and bounds-checks app pointers ('*', '~', '$') before calling it
// with the instance's exec env first.
#ifndef WASMRT_RUNTIME_CAPI_NATIVE_BRIDGE_H_
#define WASMRT_RUNTIME_CAPI_NATIVE_BRIDGE_H_

#include "absl/status/statusor.h"
#include "runtime/binary/module.h"
#include "runtime/capi/handles.h"

namespace wasmrt::capi {

/// The host function satisfying function import `import` (of type `type`)
/// of `inst`. `native` null yields a stub that raises "failed to call
/// unlinked import function" when called. InvalidArgument naming the import
/// when the native's signature does not match the type.
absl::StatusOr<FunctionInstance*> BindNative(WASMModuleInstanceCommon* inst,
                                             const ImportType& import, const FuncType& type,
                                             const NativeEntry* native);

}  // namespace wasmrt::capi

#endif  // WASMRT_RUNTIME_CAPI_NATIVE_BRIDGE_H_
