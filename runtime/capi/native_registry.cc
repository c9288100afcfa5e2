#include "runtime/capi/native_registry.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace wasmrt::capi {

absl::Status NativeRegistry::Register(const char* module, const NativeSymbol* symbols,
                                      uint32_t n) {
  if (module == nullptr || (symbols == nullptr && n != 0)) {
    return absl::InvalidArgumentError("natives need a module name and symbols");
  }
  std::vector<NativeEntry> added;
  added.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    const NativeSymbol& s = symbols[i];
    if (s.symbol == nullptr || s.func_ptr == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("native ", i, " of \"", module, "\" has no name or function"));
    }
    NativeEntry e;
    e.module = module;
    e.name = s.symbol;
    e.func = s.func_ptr;
    e.attachment = s.attachment;
    e.source = symbols;
    if (s.signature != nullptr) {
      absl::StatusOr<NativeSignature> sig = ParseSignature(s.signature);
      if (!sig.ok()) {
        return absl::InvalidArgumentError(absl::StrCat("native \"", module, "\" \"", s.symbol,
                                                       "\": ", sig.status().message()));
      }
      e.signature = *std::move(sig);
    }
    added.push_back(std::move(e));
  }
  // Newest first, so Find sees the latest registration of a name.
  entries_.insert(entries_.begin(), std::make_move_iterator(added.begin()),
                  std::make_move_iterator(added.end()));
  return absl::OkStatus();
}

bool NativeRegistry::Unregister(const char* module, const NativeSymbol* symbols) {
  if (module == nullptr) return false;
  auto it = std::remove_if(entries_.begin(), entries_.end(), [&](const NativeEntry& e) {
    return e.source == symbols && e.module == module;
  });
  bool any = it != entries_.end();
  entries_.erase(it, entries_.end());
  return any;
}

const NativeEntry* NativeRegistry::Find(std::string_view module, std::string_view name) const {
  for (const NativeEntry& e : entries_) {
    if (e.module == module && e.name == name) return &e;
  }
  return nullptr;
}

}  // namespace wasmrt::capi
