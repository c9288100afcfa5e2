// The `spectest` host module that the spec scripts import from (the spec
// interpreter's test harness, test/core/README.md): print functions, four
// immutable globals, a table and a memory.
#ifndef WASMRT_TESTS_SPEC_SPECTEST_HOST_H_
#define WASMRT_TESTS_SPEC_SPECTEST_HOST_H_

#include <string>

#include "absl/status/status.h"
#include "runtime/engine/engine.h"

namespace wasmrt::spec {

/// Creates the spectest entities in `store` and defines them in `linker`
/// under module "spectest". The print functions append one line per call to
/// `*print_log` when it is not null ("print_i32 42"), and print nothing.
/// `print_log` must outlive the store.
absl::Status DefineSpectest(Store& store, Linker& linker, std::string* print_log);

}  // namespace wasmrt::spec

#endif  // WASMRT_TESTS_SPEC_SPECTEST_HOST_H_
