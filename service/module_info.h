// ModuleInfo (exports and imports with readable types) from a decoded module.
#ifndef WASMRT_SERVICE_MODULE_INFO_H_
#define WASMRT_SERVICE_MODULE_INFO_H_

#include "proto/wasmrt.pb.h"
#include "runtime/binary/module.h"

namespace wasmrt::service {

v1::ModuleInfo DescribeModule(const Module& module);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_MODULE_INFO_H_
