#include "service/wasi_binding.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "wasi/wasi.h"

namespace wasmrt::service {

// Service guests get no file system (no preopens) and no host stdio: stdin
// comes from the request, stdout/stderr go to capped buffers returned in the
// response. A fresh context per call keeps calls isolated.
struct WasiBinding::State {
  uint64_t max_stdio_bytes = 0;
  std::unique_ptr<wasi::WasiContext> idle;     // used between calls (never run)
  std::unique_ptr<wasi::WasiContext> context;  // the current call's
  wasi::WasiContext* slot = nullptr;           // what the host functions use
  GuestStatus guest_status;                    // wasmrt.set_status, this call's
};

namespace {

std::unique_ptr<wasi::WasiContext> EmptyContext(uint64_t cap) {
  wasi::WasiConfig config;
  config.args = {"wasm"};
  config.stdin_bytes = "";
  config.stdout_cap = cap;
  config.stderr_cap = cap;
  auto ctx = wasi::WasiContext::Create(std::move(config));
  return ctx.ok() ? std::move(*ctx) : nullptr;
}

// The calling store's binding state (Store::host_data, set by WasiBinding).
wasi::WasiContext* CurrentContext(const HostCall& call) {
  return static_cast<WasiBinding::State*>(call.store->host_data())->slot;
}

GuestStatus* CurrentGuestStatus(const HostCall& call) {
  return &static_cast<WasiBinding::State*>(call.store->host_data())->guest_status;
}

}  // namespace

const Linker& ServiceLinker() {
  static const Linker* const linker = [] {
    auto* l = new Linker();
    wasi::DefineWasi(*l, &CurrentContext);
    DefineGuestStatus(*l, &CurrentGuestStatus);
    return l;
  }();
  return *linker;
}

WasiBinding::WasiBinding(Store& store, uint64_t max_stdio_bytes)
    : state_(std::make_unique<State>()) {
  state_->max_stdio_bytes = max_stdio_bytes;
  state_->idle = EmptyContext(max_stdio_bytes);
  state_->slot = state_->idle.get();
  store.set_host_data(state_.get());
}

WasiBinding::~WasiBinding() = default;

void WasiBinding::SetIdleDeadline(std::chrono::steady_clock::time_point deadline) {
  state_->idle->set_deadline(deadline);
}

absl::Status WasiBinding::Configure(const std::string& program, const v1::WasiOptions& options,
                                    std::chrono::steady_clock::time_point deadline) {
  wasi::WasiConfig config;
  config.args.push_back(program);
  config.args.insert(config.args.end(), options.args().begin(), options.args().end());
  for (const auto& [k, v] : options.env()) config.env.emplace_back(k, v);
  std::sort(config.env.begin(), config.env.end());  // deterministic order
  config.stdin_bytes = options.stdin();
  config.stdout_cap = state_->max_stdio_bytes;
  config.stderr_cap = state_->max_stdio_bytes;
  auto ctx = wasi::WasiContext::Create(std::move(config));
  if (!ctx.ok()) {
    // Never run a call on the idle context: refuse the request instead.
    return absl::InvalidArgumentError(absl::StrCat("wasi: ", ctx.status().message()));
  }
  state_->context = std::move(*ctx);
  state_->context->set_deadline(deadline);
  state_->slot = state_->context.get();
  state_->guest_status.Clear();
  return absl::OkStatus();
}

void WasiBinding::Collect(v1::InvokeResponse& response) {
  const wasi::CappedBuffer* out = state_->slot->stdout_buffer();
  const wasi::CappedBuffer* err = state_->slot->stderr_buffer();
  if (out != nullptr) {
    response.set_stdout(out->data());
    response.set_stdout_truncated(out->truncated());
  }
  if (err != nullptr) {
    response.set_stderr(err->data());
    response.set_stderr_truncated(err->truncated());
  }
}

void WasiBinding::Reset() {
  // The call's context (its fds, buffers, captured output) goes; the next
  // call gets a fresh one from Configure.
  state_->slot = state_->idle.get();
  state_->context.reset();
  state_->guest_status.Clear();
}

GuestStatus& WasiBinding::guest_status() { return state_->guest_status; }

absl::Status CheckServiceImports(const CompiledModule& module) {
  static const std::vector<std::string> kWasi = wasi::WasiFunctionNames();
  for (const ImportType& imp : module.imports()) {
    bool wasi_func = imp.module == wasi::kModuleName && imp.type.kind == ExternKind::kFunc &&
                     std::binary_search(kWasi.begin(), kWasi.end(), imp.name);
    bool host_func =
        imp.type.kind == ExternKind::kFunc && IsGuestStatusImport(imp.module, imp.name);
    if (!wasi_func && !host_func) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown import: \"", imp.module, "\" \"", imp.name, "\" (",
          ExternKindName(imp.type.kind), "): the service provides only ", wasi::kModuleName,
          " functions and ", kHostModuleName, ".", kSetStatusName));
    }
  }
  return absl::OkStatus();
}

}  // namespace wasmrt::service
