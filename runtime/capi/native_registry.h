// The natives offered to imports, keyed by (module name, symbol).
#ifndef WASMRT_RUNTIME_CAPI_NATIVE_REGISTRY_H_
#define WASMRT_RUNTIME_CAPI_NATIVE_REGISTRY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "runtime/capi/signature.h"
#include "wasm_export.h"

namespace wasmrt::capi {

struct NativeEntry {
  std::string module;
  std::string name;
  void* func = nullptr;
  std::optional<NativeSignature> signature;  // none: taken from the import
  void* attachment = nullptr;
  const NativeSymbol* source = nullptr;  // for unregistering
};

class NativeRegistry {
 public:
  /// Adds every symbol or none: a malformed signature is InvalidArgument
  /// naming the symbol. A later registration of a name shadows earlier ones.
  absl::Status Register(const char* module, const NativeSymbol* symbols, uint32_t n);
  /// Removes the entries registered from `symbols`; false when there were none.
  bool Unregister(const char* module, const NativeSymbol* symbols);
  /// The native for an import, or null.
  const NativeEntry* Find(std::string_view module, std::string_view name) const;

 private:
  std::vector<NativeEntry> entries_;
};

}  // namespace wasmrt::capi

#endif  // WASMRT_RUNTIME_CAPI_NATIVE_REGISTRY_H_
