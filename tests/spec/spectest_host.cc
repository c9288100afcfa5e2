#include "tests/spec/spectest_host.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/spec/wast_values.h"

namespace wasmrt::spec {
namespace {

constexpr char kModule[] = "spectest";
constexpr size_t kMaxLog = 64 * 1024;  // a looping print must not eat memory

void DefinePrint(Store& store, Linker& linker, std::string name,
                 std::vector<ValType> params, std::string* log) {
  FuncType type{std::move(params), {}};
  HostCallback callback = [name, log](HostCall&, absl::Span<const Value> args,
                                      absl::Span<Value>) {
    if (log != nullptr && log->size() < kMaxLog) {
      absl::StrAppend(log, name);
      for (const Value& v : args) absl::StrAppend(log, " ", FormatValue(v));
      absl::StrAppend(log, "\n");
    }
    return TrapCode::kNone;
  };
  FunctionInstance* func = store.NewHostFunction(type, std::move(callback), name);
  linker.Define(kModule, name, Extern{ExternKind::kFunc, func});
}

void DefineGlobal(Store& store, Linker& linker, std::string name, const Value& value) {
  GlobalType type{value.type, /*is_mutable=*/false};
  GlobalInstance* global = store.NewGlobal(type, value);
  linker.Define(kModule, std::move(name), Extern{ExternKind::kGlobal, global});
}

}  // namespace

absl::Status DefineSpectest(Store& store, Linker& linker, std::string* print_log) {
  using V = ValType;
  DefinePrint(store, linker, "print", {}, print_log);
  DefinePrint(store, linker, "print_i32", {V::kI32}, print_log);
  DefinePrint(store, linker, "print_i64", {V::kI64}, print_log);
  DefinePrint(store, linker, "print_f32", {V::kF32}, print_log);
  DefinePrint(store, linker, "print_f64", {V::kF64}, print_log);
  DefinePrint(store, linker, "print_i32_f32", {V::kI32, V::kF32}, print_log);
  DefinePrint(store, linker, "print_f64_f64", {V::kF64, V::kF64}, print_log);

  DefineGlobal(store, linker, "global_i32", Value::I32(666));
  DefineGlobal(store, linker, "global_i64", Value::I64(666));
  DefineGlobal(store, linker, "global_f32", Value::F32(666.6f));
  DefineGlobal(store, linker, "global_f64", Value::F64(666.6));

  TableType table_type;
  table_type.elem = ValType::kFuncRef;
  table_type.limits = Limits{10, true, 20};
  TableInstance* table = store.NewTable(table_type, /*init=*/nullptr);
  linker.Define(kModule, "table", Extern{ExternKind::kTable, table});

  MemoryType memory_type;
  memory_type.limits = Limits{1, true, 2};
  absl::StatusOr<LinearMemory*> memory = store.NewMemory(memory_type);
  if (!memory.ok()) return memory.status();
  linker.Define(kModule, "memory", Extern{ExternKind::kMemory, *memory});
  return absl::OkStatus();
}

}  // namespace wasmrt::spec
