#include "service/wasi_binding.h"

#include "absl/strings/str_cat.h"

namespace wasmrt::service {

// Until the WASI layer (wasi/) is linked in, an instance provides no WASI
// functions: modules importing them are refused at upload.
struct WasiBinding::State {};

WasiBinding::WasiBinding(Store&, Linker&, uint64_t) : state_(std::make_unique<State>()) {}
WasiBinding::~WasiBinding() = default;
void WasiBinding::Configure(const std::string&, const v1::WasiOptions&) {}
void WasiBinding::Collect(v1::InvokeResponse&) {}
void WasiBinding::Reset() {}

absl::Status CheckServiceImports(const Module& module) {
  for (const Import& imp : module.imports) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown import: \"", imp.module, "\" \"", imp.name,
                     "\": the service provides no imports yet"));
  }
  return absl::OkStatus();
}

}  // namespace wasmrt::service
