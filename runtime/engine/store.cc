// Store: ownership of runtime objects, host functions, and calls.
#include <atomic>
#include <deque>
#include <memory>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "runtime/engine/engine.h"
#include "runtime/engine/instance_data.h"
#include "runtime/engine/store_impl.h"
#include "runtime/interp/interpreter.h"
#include "runtime/jit/compiler.h"
#include "runtime/objects/type_registry.h"

namespace wasmrt {

Store::Store(StoreConfig config) : config_(config), impl_(std::make_unique<Impl>()) {}
Store::~Store() = default;

ExecContext& Store::Impl::Context(const StoreConfig& config) {
  if (context == nullptr) {
    context = std::make_unique<ExecContext>(config.value_stack_slots, config.max_call_depth);
  }
  return *context;
}

namespace {

thread_local Store* current_store = nullptr;
std::atomic<uint64_t> host_functions_created{0};

}  // namespace

Store* CurrentStore() { return current_store; }
static void CountHostFunction() { host_functions_created.fetch_add(1, std::memory_order_relaxed); }
uint64_t HostFunctionsCreated() { return host_functions_created.load(std::memory_order_relaxed); }

void Store::set_host_data(void* data) { impl_->host_data = data; }
void* Store::host_data() const { return impl_->host_data; }

static HostFunctionImpl MakeHostThunk(const FunctionInstance* f, HostCallback callback,
                                      Store* fixed) {
  // Typed values in and out; the slots are converted around the callback.
  return [f, fixed, cb = std::move(callback)](InstanceState* caller, const Slot* args,
                                              Slot* results) -> uint8_t {
    Store* store = fixed != nullptr ? fixed : CurrentStore();
    const FuncType& t = *f->type;
    Value in[16];
    Value out[16];
    std::vector<Value> in_big, out_big;
    Value* in_p = in;
    Value* out_p = out;
    if (t.params.size() > 16) {
      in_big.resize(t.params.size());
      in_p = in_big.data();
    }
    if (t.results.size() > 16) {
      out_big.resize(t.results.size());
      out_p = out_big.data();
    }
    const Slot* a = args;
    for (size_t i = 0; i < t.params.size(); ++i) {
      in_p[i] = SlotsToValue(t.params[i], a);
      a += SlotCount(t.params[i]);
    }
    for (size_t i = 0; i < t.results.size(); ++i) out_p[i].type = t.results[i];
    HostCall call;
    call.caller = caller != nullptr ? static_cast<ModuleInstance*>(caller->owner) : nullptr;
    call.store = store;
    TrapCode trap = cb(call, absl::MakeConstSpan(in_p, t.params.size()),
                       absl::MakeSpan(out_p, t.results.size()));
    if (trap == TrapCode::kExit) {
      StoreAccess::Impl(*store).Context(StoreAccess::Config(*store)).exit_code = call.exit_code;
    }
    if (trap != TrapCode::kNone) return uint8_t(trap);
    Slot* r = results;
    for (size_t i = 0; i < t.results.size(); ++i) {
      ValueToSlots(out_p[i], r);
      r += SlotCount(t.results[i]);
    }
    return uint8_t(TrapCode::kNone);
  };
}

std::unique_ptr<FunctionInstance> NewHostFunctionInstance(const FuncType& type,
                                                          HostCallback callback,
                                                          std::string debug_name, Store* owner) {
  auto f = std::make_unique<FunctionInstance>();
  f->host_type = type;
  f->type = &f->host_type;
  f->type_id = CanonicalTypeId(type);
  f->param_slots = SlotsOf(type.params);
  f->result_slots = SlotsOf(type.results);
  f->debug_name = std::move(debug_name);
  f->host = MakeHostThunk(f.get(), std::move(callback), owner);
  CountHostFunction();
  return f;
}

FunctionInstance* Store::NewHostFunction(const FuncType& type, HostCallback callback,
                                         std::string debug_name) {
  impl_->functions.push_back(
      NewHostFunctionInstance(type, std::move(callback), std::move(debug_name), this));
  return impl_->functions.back().get();
}

TableInstance* Store::NewTable(const TableType& type, const void* init) {
  auto t = std::make_unique<TableInstance>();
  t->type = type;
  t->elems.assign(type.limits.min, init);
  impl_->tables.push_back(std::move(t));
  return impl_->tables.back().get();
}

absl::StatusOr<LinearMemory*> Store::NewMemory(const MemoryType& type) {
  absl::StatusOr<LinearMemory*> mem =
      LinearMemory::Create(type, config_.max_memory_pages, config_.memory_provider);
  if (!mem.ok()) return mem.status();
  impl_->memories.emplace_back(*mem);
  return *mem;
}

GlobalInstance* Store::NewGlobal(const GlobalType& type, const Value& value) {
  auto g = std::make_unique<GlobalInstance>();
  g->type = type;
  ValueToSlots(value, g->value);
  impl_->globals.push_back(std::move(g));
  return impl_->globals.back().get();
}

absl::StatusOr<ExecResult> Store::Call(FunctionInstance* func, absl::Span<const Value> args,
                                       const CallOptions& options) {
  const FuncType& type = *func->type;
  if (args.size() != type.params.size()) {
    return absl::InvalidArgumentError(absl::StrCat("expected ", type.params.size(),
                                                   " arguments, got ", args.size()));
  }
  // Inline for the usual few arguments: a call allocates nothing here.
  absl::InlinedVector<Slot, 16> slots(std::max(func->param_slots, func->result_slots) + 1);
  Slot* p = slots.data();
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type != type.params[i]) {
      return absl::InvalidArgumentError(absl::StrCat(
          "argument ", i, " has type ", ValTypeName(args[i].type), ", expected ",
          ValTypeName(type.params[i])));
    }
    ValueToSlots(args[i], p);
    p += SlotCount(type.params[i]);
  }
  if (impl_->call_depth == 0 && (options.fuel >= 0 || options.deadline.has_value() ||
                                 options.interrupt != nullptr)) {
    const auto* owner = func->instance != nullptr
                            ? static_cast<const ModuleInstance*>(func->instance->owner)
                            : nullptr;
    const jit::JitModule* code = owner != nullptr ? owner->module().jit() : nullptr;
    if (code != nullptr && !code->fuel_checks()) {
      return absl::FailedPreconditionError(
          "the module was compiled without fuel checks: a call into it cannot be limited by "
          "fuel, deadline or interruption");
    }
  }
  ExecContext& ctx = impl_->Context(config_);
  ExecResult result;
  // A call made by a host function from inside wasm keeps the outer limits.
  // Counted explicitly: the stack pointer cannot tell (a host function
  // called with an empty stack looks like no call at all).
  bool outermost = impl_->call_depth == 0;
  if (outermost) {
    ctx.fuel = options.fuel < 0 ? ExecContext::kUnlimited : options.fuel;
    ctx.has_deadline = options.deadline.has_value();
    if (ctx.has_deadline) ctx.deadline = *options.deadline;
    ctx.interrupt = options.interrupt;
    ctx.memory_limit_pages = options.max_memory_pages == 0 ? UINT64_MAX : options.max_memory_pages;
  }
  int64_t fuel_before = ctx.fuel;
  ++impl_->call_depth;
  Store* outer_store = current_store;
  current_store = this;
  TrapCode trap = Invoke(ctx, func, slots.data());
  current_store = outer_store;
  --impl_->call_depth;
  result.fuel_used = fuel_before - ctx.fuel;
  if (trap != TrapCode::kNone) {
    result.trap = trap;
    result.exit_code = ctx.exit_code;
    const FunctionInstance* at = ctx.trap_func;
    result.trap_function = at != nullptr ? at->index : 0;
    result.trap_message = TrapText(trap);
    if (at != nullptr) {
      std::string_view name;
      if (at->instance != nullptr && at->instance->owner != nullptr) {
        name = static_cast<ModuleInstance*>(at->instance->owner)->module().FunctionName(at->index);
      } else {
        name = at->debug_name;
      }
      result.trap_function_name =
          name.empty() ? absl::StrCat("func ", at->index)
                       : absl::StrCat("$", absl::string_view(name.data(), name.size()));
      absl::StrAppend(&result.trap_message, " in ", result.trap_function_name,
                      name.empty() ? "" : absl::StrCat(" (func ", at->index, ")"));
    }
    return result;
  }
  const Slot* r = slots.data();
  for (ValType t : type.results) {
    result.results.push_back(SlotsToValue(t, r));
    r += SlotCount(t);
  }
  return result;
}

const FuncType& FunctionType(const FunctionInstance* func) { return *func->type; }

Value ReadGlobal(const GlobalInstance* global) {
  return SlotsToValue(global->type.type, global->value);
}
GlobalType GetGlobalType(const GlobalInstance* global) { return global->type; }
TableType GetTableType(const TableInstance* table) {
  TableType t = table->type;
  t.limits.min = uint32_t(table->elems.size());
  return t;
}
MemoryType GetMemoryType(const LinearMemory* memory) {
  MemoryType t = memory->type();
  t.limits.min = memory->pages();
  return t;
}
uint8_t* MemoryData(LinearMemory* memory) { return memory->data(); }
uint64_t MemorySizeBytes(const LinearMemory* memory) { return memory->size_bytes(); }
int64_t GrowMemory(LinearMemory* memory, uint32_t delta) { return memory->Grow(delta); }

ModuleInstance::~ModuleInstance() = default;

std::optional<Extern> ModuleInstance::GetExport(std::string_view name) const {
  auto it = data_->exports.find(absl::string_view(name.data(), name.size()));
  if (it == data_->exports.end()) return std::nullopt;
  return it->second;
}

const CompiledModule& ModuleInstance::module() const { return *data_->module; }

LinearMemory* ModuleInstance::memory() const {
  return data_->memories.empty() ? nullptr : data_->memories[0];
}

}  // namespace wasmrt
