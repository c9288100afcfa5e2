// ModuleInfo (exports and imports with readable types), the reply of the
// module RPCs: built at the gRPC edge from what the registry holds.
#ifndef WASMRT_SERVICE_MODULE_INFO_H_
#define WASMRT_SERVICE_MODULE_INFO_H_

#include <string>
#include <vector>

#include "proto/wasmrt.pb.h"
#include "runtime/engine/engine.h"
#include "service/compiled_module_cache.h"

namespace wasmrt::service {

v1::ModuleInfo DescribeModule(const CompiledModule& module);

// DescribeModule of `m` with its id, size and current `names`.
v1::ModuleInfo DescribeStoredModule(const StoredModule& m, const std::vector<std::string>& names);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_MODULE_INFO_H_
