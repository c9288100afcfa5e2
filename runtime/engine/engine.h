// The public C++ face of the runtime, in the seed's flow:
//   bytes -> CompileModule -> Store::Instantiate -> GetExport -> Store::Call.
// Errors of the embedder's input are absl::Status; traps are ExecResult values.
#ifndef WASMRT_RUNTIME_ENGINE_ENGINE_H_
#define WASMRT_RUNTIME_ENGINE_ENGINE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/call_once.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "runtime/base/trap.h"
#include "runtime/base/types.h"
#include "runtime/base/value.h"
#include "runtime/binary/module.h"
#include "runtime/code/code.h"

namespace wasmrt {

struct FunctionInstance;
struct TableInstance;
class LinearMemory;
class MemoryProvider;
struct GlobalInstance;
class ModuleInstance;
class Store;
class PrelinkedModule;
struct ImportType;
struct ExportType;

// A decoded, validated and translated module: immutable, shared by every
// instance and thread.
namespace jit {
class JitModule;
}  // namespace jit

// Which tier runs a module's functions. kJit compiles to machine code
// (x86-64) the functions the compiler handles; the others, and every
// function on other machines, run in the interpreter. kAuto is kJit where
// the compiler runs, else kInterp.
enum class Tier : uint8_t { kAuto, kInterp, kJit };

// How compiled code (Tier::kJit) keeps memory accesses in bounds; the
// interpreter always checks explicitly.
//   kGuardPages: an access with an offset below 2^31 is one instruction,
//     unchecked; the memory's 8 GiB guard reservation (LinearMemory) makes
//     an access past the end fault, and a SIGSEGV/SIGBUS handler the
//     runtime installs on first need turns that into the out-of-bounds trap
//     (runtime/jit/trap_handler.h; faults elsewhere go to the handler
//     installed before it). Such a module only instantiates with a guarded
//     memory 0: FailedPrecondition for a store with a memory_provider or an
//     imported memory without the reservation, never unchecked code.
//   kExplicit: every access compares against the memory size (about four
//     more instructions): for memory providers (the C API's pool mode) and
//     hosts whose own SIGSEGV handler does not chain.
// The default is kGuardPages, as wasmrun and wasmrtd want in the jit tier;
// an embedder that sets StoreConfig::memory_provider compiles with
// kExplicit (the C API does so itself). Under an address-space limit that
// leaves less than 1 TiB unmapped (ulimit -v) kGuardPages compiles as
// kExplicit: the reservations would soon be refused
// (LinearMemory::GuardReservationsAvailable).
enum class BoundsChecks : uint8_t { kGuardPages, kExplicit };

struct CompileOptions {
  Tier tier = Tier::kAuto;
  BoundsChecks bounds_checks = BoundsChecks::kGuardPages;
  // Compiled code charges fuel per straight-line run and polls the deadline
  // and the interruption flag with it. false leaves all of that out of the
  // compiled code: it can then not be stopped, so a call with a fuel limit,
  // deadline or interrupt flag into such a module is refused
  // (FailedPrecondition). For trusted code, and to measure what metering
  // costs (wasmrt_bench --no-fuel-checks); the interpreter always meters.
  bool fuel_checks = true;
  // Functions (module function indices) that run in the interpreter even
  // in the compiled tier: to test calls across the tiers, and to bisect a
  // suspected miscompile. Imported and out-of-range indices are ignored.
  std::vector<uint32_t> interpreted_functions;
  // Threads that validate and compile function bodies in the compiled tier
  // (the interpreter-only tier uses one). 0: as many as the machine has
  // cores (at most 8), each given at least 128 KiB of code, so small
  // modules stay on the calling thread. N > 0: N parts, whatever the size.
  // The machine code is the same either way.
  uint32_t compile_threads = 0;
};

// "auto", "interp", "jit" (wasmrun --tier, wasmrtd --tier).
absl::StatusOr<Tier> ParseTier(std::string_view name);

class CompiledModule {
 public:
  const Module& ir() const { return ir_; }
  const std::vector<CompiledFunction>& functions() const { return functions_; }
  // Name of function `index` (name section), or "" when it has none.
  std::string_view FunctionName(uint32_t index) const;
  // Typed imports (in import order) and exports (in export order); see
  // ImportType/ExportType below. Built on each call: cache the result.
  std::vector<ImportType> imports() const;
  std::vector<ExportType> exports() const;

  // The machine code of the functions the compiler handled, or null
  // (interpreter only).
  const jit::JitModule* jit() const { return jit_.get(); }

  // A compiled module gets interpreter code only when something needs it:
  // a function the compiler left alone (then at once, in CompileModule) or
  // an instance switched to the interpreter (the C API's running mode).
  // Until then functions()[i] of a compiled function is an empty
  // placeholder, which nothing reads because its instances enter the
  // machine code. Translating every function twice had been about 40% of
  // a compiled module's load time. Thread-safe; the status is sticky.
  absl::Status EnsureInterpreterCode() const;

  // Internal: built by CompileModule.
  CompiledModule(Module ir, std::vector<CompiledFunction> functions,
                 std::shared_ptr<const jit::JitModule> jit = nullptr)
      : ir_(std::move(ir)), functions_(std::move(functions)), jit_(std::move(jit)) {}
  // Not copyable: the code of direct calls points into functions_ (ops.def
  // CallDirect), so the functions never move once compiled.
  CompiledModule(const CompiledModule&) = delete;
  CompiledModule& operator=(const CompiledModule&) = delete;

 private:
  Module ir_;
  // Mutable for EnsureInterpreterCode only, which fills the placeholders
  // in place (instances point at the elements, so the vector never moves).
  mutable std::vector<CompiledFunction> functions_;
  std::shared_ptr<const jit::JitModule> jit_;
  mutable absl::once_flag interpreter_code_once_;
  mutable absl::Status interpreter_code_status_;
};

// bytes -> decode -> validate -> translate. InvalidArgument on malformed or
// invalid input; the message names the offset (and function) at fault.
absl::StatusOr<std::shared_ptr<const CompiledModule>> CompileModule(
    absl::Span<const uint8_t> bytes, const CompileOptions& options = {});

// An exported or importable entity.
struct Extern {
  ExternKind kind = ExternKind::kFunc;
  void* object = nullptr;  // FunctionInstance*, TableInstance*, ...
  FunctionInstance* func() const { return static_cast<FunctionInstance*>(object); }
  TableInstance* table() const { return static_cast<TableInstance*>(object); }
  LinearMemory* memory() const { return static_cast<LinearMemory*>(object); }
  GlobalInstance* global() const { return static_cast<GlobalInstance*>(object); }
};

// What a call produced: results, or a trap with the spec's reason.
struct ExecResult {
  TrapCode trap = TrapCode::kNone;
  std::string trap_message;       // "out of bounds memory access in $load (func 3)"
  uint32_t trap_function = 0;     // function index within its module
  std::string trap_function_name; // "$load" from the name section, else "func 3"
  int32_t exit_code = 0;          // when trap == kExit (WASI proc_exit)
  std::vector<Value> results;
  int64_t fuel_used = 0;          // wasm instructions executed (see CallOptions::fuel)
  bool ok() const { return trap == TrapCode::kNone; }
};

// Host functions get their arguments and write their results as typed values.
// `caller` is the instance whose code made the call (null when called from
// the host); returning a trap code other than kNone aborts the call.
struct HostCall {
  ModuleInstance* caller = nullptr;
  Store* store = nullptr;
  // A host function that ends the whole call (WASI proc_exit) sets this and
  // returns TrapCode::kExit; the caller sees ExecResult{trap=kExit, exit_code}.
  int32_t exit_code = 0;
};
using HostCallback = std::function<TrapCode(HostCall& call, absl::Span<const Value> args,
                                            absl::Span<Value> results)>;

// Per-call limits. A call that exceeds one ends with a trap
// (kFuelExhausted, kTimeout, kInterrupted), never by hanging.
struct CallOptions {
  // < 0: unlimited. One unit per wasm instruction executed (block, loop and
  // if count; else/end do not), charged when each straight-line run ends
  // (at its branch, call or return), so a completed call uses exactly its
  // instruction count.
  int64_t fuel = -1;
  std::optional<std::chrono::steady_clock::time_point> deadline;
  const std::atomic<bool>* interrupt = nullptr;  // polled with the fuel
  // memory.grow beyond this many pages returns -1 during the call (0: no cap
  // beyond the memory's maximum and StoreConfig::max_memory_pages).
  uint32_t max_memory_pages = 0;
};

struct StoreConfig {
  uint32_t max_call_depth = 10000;        // frames; deeper is "call stack exhausted"
  uint32_t value_stack_slots = 1 << 20;   // 64-bit slots for locals and operands
  uint32_t max_memory_pages = kMaxPages;  // cap on every linear memory created
  // Where the bytes of every linear memory created in the store come from:
  // null is mmap reservations (the base never moves); an embedder confining
  // the runtime to its own buffer passes a provider over it (the C API's
  // pool mode). Not owned; must outlive the store's memories. The store's
  // other objects (instances, tables, stacks) come from operator new, which
  // the C API's pool mode reroutes process-wide (runtime/capi/alloc.h).
  // Provided memories have no guard reservation: compiled modules need
  // CompileOptions::bounds_checks = kExplicit to instantiate here.
  MemoryProvider* memory_provider = nullptr;
};

// Owns every runtime object (functions, tables, memories, globals, instances)
// created in it. Not thread-safe: one thread uses a store at a time.
class Store {
  friend struct StoreAccess;  // engine-internal (store_impl.h)

 public:
  explicit Store(StoreConfig config = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  FunctionInstance* NewHostFunction(const FuncType& type, HostCallback callback,
                                    std::string debug_name = "");
  TableInstance* NewTable(const TableType& type, const void* init = nullptr);
  absl::StatusOr<LinearMemory*> NewMemory(const MemoryType& type);
  GlobalInstance* NewGlobal(const GlobalType& type, const Value& value);

  // Links `module` against `imports` (one Extern per import, in order) and
  // initialises it as the spec says (globals, tables, memories, element and
  // data segments, start function). A type mismatch of an import is
  // InvalidArgument "incompatible import type ..."; a trap during
  // initialisation is Aborted with the trap text (the effects on shared
  // tables and memories made before the trap remain, as the spec requires).
  // `start_options` bound the start function like any call (untrusted
  // modules must not get an unlimited start function).
  absl::StatusOr<ModuleInstance*> Instantiate(
      std::shared_ptr<const CompiledModule> module, absl::Span<const Extern> imports,
      const CallOptions& start_options = {});

  // Calls `func` with `args` (checked against its type: InvalidArgument on
  // mismatch). Traps are reported in the result, never as a crash.
  absl::StatusOr<ExecResult> Call(FunctionInstance* func, absl::Span<const Value> args,
                                  const CallOptions& options = {});

  const StoreConfig& config() const { return config_; }

  // The embedder's per-store pointer, read by host functions through
  // HostCall::store (e.g. the current call's WASI context). Null by default.
  void set_host_data(void* data);
  void* host_data() const;

 private:
  struct Impl;
  StoreConfig config_;
  std::unique_ptr<Impl> impl_;
};

// Accessors for runtime objects.
const FuncType& FunctionType(const FunctionInstance* func);
Value ReadGlobal(const GlobalInstance* global);
GlobalType GetGlobalType(const GlobalInstance* global);
TableType GetTableType(const TableInstance* table);
MemoryType GetMemoryType(const LinearMemory* memory);
// The bytes of a linear memory; valid until the memory grows.
uint8_t* MemoryData(LinearMemory* memory);
uint64_t MemorySizeBytes(const LinearMemory* memory);
// Grows by `delta` pages; returns the old size in pages or -1 (as memory.grow).
int64_t GrowMemory(LinearMemory* memory, uint32_t delta);

class ModuleInstance {
 public:
  std::optional<Extern> GetExport(std::string_view name) const;
  const CompiledModule& module() const;
  // Linear memory 0, or null when the module has none.
  LinearMemory* memory() const;

  struct Data;  // internal (runtime/engine/instance_data.h)
  ~ModuleInstance();

 private:
  friend class Store;
  friend struct ModuleInstanceAccess;
  ModuleInstance() = default;
  std::unique_ptr<Data> data_;
};

// Resolves imports by (module, name) against registered instances and
// host-defined entities, as the spec's `register` command needs.
class Linker {
 public:
  Linker();
  ~Linker();
  Linker(const Linker&);
  Linker& operator=(const Linker&);

  void Define(std::string module, std::string name, Extern value);
  // Defines a host function owned by the linker rather than by a store, so
  // that instances in any number of stores can import it (see Prelink). It
  // finds its per-store state through HostCall::store (Store::host_data).
  // Calls may come from several threads at once (one per store).
  void DefineFunction(std::string module, std::string name, const FuncType& type,
                      HostCallback callback, std::string debug_name = "");
  void DefineInstance(std::string module, const ModuleInstance* instance);
  // One Extern per import of `module`, in import order. NotFound
  // "unknown import: \"env\" \"f\"" when a name is missing; InvalidArgument
  // "incompatible import type for \"env\" \"f\"" when the kind differs.
  absl::StatusOr<std::vector<Extern>> Resolve(const CompiledModule& module) const;
  // Resolves and type-checks the imports of `module` once: NotFound
  // "unknown import ..." or InvalidArgument "incompatible import type ..."
  // here, not at each instantiation. Every import must be a function
  // defined with DefineFunction (store objects cannot be shared): otherwise
  // InvalidArgument naming the import.
  absl::StatusOr<std::shared_ptr<const PrelinkedModule>> Prelink(
      std::shared_ptr<const CompiledModule> module) const;

 private:
  struct HostFunctions;
  absl::flat_hash_map<std::string, Extern> defs_;  // key: module + '\0' + name
  std::shared_ptr<HostFunctions> host_;            // DefineFunction's functions
};

// ---- Reflection and pre-linking (issue 12) ----

// The type of an import or export, as the module declares it.
struct ExternType {
  ExternKind kind = ExternKind::kFunc;
  FuncType func;       // kind == kFunc
  TableType table;     // kind == kTable
  MemoryType memory;   // kind == kMemory
  GlobalType global;   // kind == kGlobal
};
bool operator==(const ExternType& a, const ExternType& b);
// "func (i32) -> (i32)", "table funcref 1..", "memory 1..2", "global mut i32".
std::string ExternTypeToString(const ExternType& type);

struct ImportType {
  std::string module;
  std::string name;
  ExternType type;
};

struct ExportType {
  std::string name;
  ExternType type;
};

// A module with its imports resolved and checked once (wasmtime's
// InstancePre): each Instantiate only allocates and initialises. Immutable
// and thread-safe; keeps the linker's host functions alive, as does every
// store it instantiates into.
class PrelinkedModule {
 public:
  const CompiledModule& module() const { return *module_; }
  const std::shared_ptr<const CompiledModule>& shared_module() const { return module_; }
  // As Store::Instantiate with the pre-resolved imports.
  absl::StatusOr<ModuleInstance*> Instantiate(Store& store,
                                              const CallOptions& start_options = {}) const;

 private:
  friend class Linker;
  PrelinkedModule() = default;
  std::shared_ptr<const CompiledModule> module_;
  std::vector<Extern> imports_;
  std::shared_ptr<const void> host_functions_;
};

// Host functions created so far in this process (Store::NewHostFunction and
// Linker::DefineFunction): lets tests check that pre-linking creates none
// per instance.
uint64_t HostFunctionsCreated();

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_ENGINE_ENGINE_H_
