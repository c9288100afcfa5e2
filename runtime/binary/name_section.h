// The `name` custom section (spec 7.4.1): module and function names for
// diagnostics. Custom sections must never make a module fail, so a malformed
// name section is ignored as a whole.
#ifndef WASMRT_RUNTIME_BINARY_NAME_SECTION_H_
#define WASMRT_RUNTIME_BINARY_NAME_SECTION_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace wasmrt {

/// Parses the payload of a `name` section (after its name). On success sets
/// both outputs and returns true; on malformed input leaves them untouched.
bool ParseNameSection(const std::vector<uint8_t>& payload, std::string* module_name,
                      std::vector<std::pair<uint32_t, std::string>>* function_names);

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_BINARY_NAME_SECTION_H_
