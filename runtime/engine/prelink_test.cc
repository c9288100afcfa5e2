// Reflection (typed imports/exports) and pre-linked modules.
#include <fstream>
#include <iterator>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/engine/engine.h"

namespace wasmrt {
namespace {

using ::testing::HasSubstr;

std::shared_ptr<const CompiledModule> Load() {
  std::ifstream in("runtime/engine/testdata/prelink.wasm", std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  auto m = CompileModule(bytes);
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *m : nullptr;
}

const FuncType kAdd{{ValType::kI32, ValType::kI32}, {ValType::kI32}};
const FuncType kCtx{{}, {ValType::kI32}};

// add(a, b) = a + b; ctx() = the calling store's host data (an int).
Linker HostLinker() {
  Linker linker;
  linker.DefineFunction("env", "add", kAdd,
                        [](HostCall&, absl::Span<const Value> args, absl::Span<Value> results) {
                          results[0] = Value::I32(args[0].i32 + args[1].i32);
                          return TrapCode::kNone;
                        });
  linker.DefineFunction("env", "ctx", kCtx,
                        [](HostCall& call, absl::Span<const Value>, absl::Span<Value> results) {
                          results[0] = Value::I32(*static_cast<int*>(call.store->host_data()));
                          return TrapCode::kNone;
                        });
  return linker;
}

int32_t RunOnce(Store& store, ModuleInstance* inst, int32_t arg) {
  auto r = store.Call(inst->GetExport("run")->func(), {Value::I32(arg)});
  EXPECT_TRUE(r.ok() && r->ok()) << (r.ok() ? r->trap_message : r.status().ToString());
  return r.ok() && r->ok() ? int32_t(r->results[0].i32) : -1;
}

TEST(Reflection, TypedImports) {
  auto m = Load();
  std::vector<ImportType> imports = m->imports();
  ASSERT_EQ(imports.size(), 2u);
  EXPECT_EQ(imports[0].module, "env");
  EXPECT_EQ(imports[0].name, "add");
  EXPECT_EQ(imports[0].type.kind, ExternKind::kFunc);
  EXPECT_EQ(imports[0].type.func, kAdd);
  EXPECT_EQ(imports[1].name, "ctx");
  EXPECT_EQ(imports[1].type.func, kCtx);
}

TEST(Reflection, TypedExports) {
  auto m = Load();
  std::vector<ExportType> exports = m->exports();
  std::vector<std::string> names, kinds, types;
  for (const ExportType& e : exports) {
    names.push_back(e.name);
    kinds.push_back(ExternKindName(e.type.kind));
    types.push_back(ExternTypeToString(e.type));
  }
  EXPECT_THAT(names, ::testing::ElementsAre("add", "mem", "g", "tab", "run"));
  EXPECT_THAT(kinds, ::testing::ElementsAre("func", "memory", "global", "table", "func"));
  EXPECT_THAT(types, ::testing::ElementsAre("(i32 i32) -> (i32)", "memory 1..2", "global mut i32",
                                            "table funcref 2..", "(i32) -> (i32)"));
  // An exported import has the import's type; a definition its own.
  EXPECT_EQ(exports[0].type, m->imports()[0].type);
  EXPECT_EQ(exports[1].type.memory.limits.max, 2u);
  EXPECT_FALSE(exports[4].type == exports[0].type);
}

TEST(Prelink, ResolvesOnceAndInstantiatesInManyStores) {
  auto m = Load();
  Linker linker = HostLinker();
  auto pre = linker.Prelink(m);
  ASSERT_TRUE(pre.ok()) << pre.status();
  uint64_t created = HostFunctionsCreated();
  std::vector<std::unique_ptr<Store>> stores;
  std::vector<int> data(20);
  const FunctionInstance* shared_add = nullptr;
  for (int i = 0; i < 20; ++i) {
    data[i] = 100 * i;
    stores.push_back(std::make_unique<Store>());
    stores[i]->set_host_data(&data[i]);
    auto inst = (*pre)->Instantiate(*stores[i]);
    ASSERT_TRUE(inst.ok()) << inst.status();
    // Each call finds its own store's state, not the one of creation.
    EXPECT_EQ(RunOnce(*stores[i], *inst, 5), 6 + 100 * i);
    const FunctionInstance* add = (*inst)->GetExport("add")->func();
    if (i == 0) shared_add = add;
    EXPECT_EQ(add, shared_add) << "instance " << i << " got its own host function";
  }
  EXPECT_EQ(HostFunctionsCreated(), created);
}

TEST(Prelink, UnknownImportFailsAtPrelink) {
  Linker linker;
  linker.DefineFunction("env", "add", kAdd,
                        [](HostCall&, absl::Span<const Value>, absl::Span<Value>) {
                          return TrapCode::kNone;
                        });
  auto pre = linker.Prelink(Load());
  ASSERT_FALSE(pre.ok());
  EXPECT_EQ(pre.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(pre.status().message(), HasSubstr("unknown import: \"env\" \"ctx\""));
}

TEST(Prelink, IncompatibleImportTypeFailsAtPrelink) {
  Linker linker = HostLinker();
  linker.DefineFunction("env", "ctx", kAdd,  // expects () -> (i32)
                        [](HostCall&, absl::Span<const Value>, absl::Span<Value>) {
                          return TrapCode::kNone;
                        });
  auto pre = linker.Prelink(Load());
  ASSERT_FALSE(pre.ok());
  EXPECT_EQ(pre.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(pre.status().message(), HasSubstr("incompatible import type for \"env\" \"ctx\""));

  Linker kinds = HostLinker();
  Store store;
  kinds.Define("env", "ctx", Extern{ExternKind::kGlobal,
                                    store.NewGlobal({ValType::kI32, false}, Value::I32(1))});
  pre = kinds.Prelink(Load());
  ASSERT_FALSE(pre.ok());
  EXPECT_THAT(pre.status().message(), HasSubstr("incompatible import type for \"env\" \"ctx\""));
}

TEST(Prelink, RefusesStoreOwnedImports) {
  Linker linker = HostLinker();
  Store store;
  linker.Define("env", "ctx",
                Extern{ExternKind::kFunc,
                       store.NewHostFunction(kCtx, [](HostCall&, absl::Span<const Value>,
                                                      absl::Span<Value>) {
                         return TrapCode::kNone;
                       })});
  auto pre = linker.Prelink(Load());
  ASSERT_FALSE(pre.ok());
  EXPECT_THAT(pre.status().message(), HasSubstr("cannot pre-link import \"env\" \"ctx\""));
}

TEST(Prelink, StoreKeepsHostFunctionsAlive) {
  Store store;
  int data = 40;
  store.set_host_data(&data);
  ModuleInstance* inst = nullptr;
  {
    Linker linker = HostLinker();
    auto pre = linker.Prelink(Load());
    ASSERT_TRUE(pre.ok()) << pre.status();
    auto i = (*pre)->Instantiate(store);
    ASSERT_TRUE(i.ok()) << i.status();
    inst = *i;
  }  // linker and pre-linked module gone
  EXPECT_EQ(RunOnce(store, inst, 1), 42);
}

TEST(Prelink, ConcurrentStoresSeeTheirOwnState) {
  Linker linker = HostLinker();
  auto pre = linker.Prelink(Load());
  ASSERT_TRUE(pre.ok()) << pre.status();
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Store store;
      int data = 1000 * (t + 1);
      store.set_host_data(&data);
      auto inst = (*pre)->Instantiate(store);
      if (!inst.ok()) {
        mismatches[t] = -1;
        return;
      }
      for (int i = 0; i < 2000; ++i) {
        if (RunOnce(store, *inst, i) != i + 1 + data) ++mismatches[t];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_THAT(mismatches, ::testing::Each(0));
}

}  // namespace
}  // namespace wasmrt
