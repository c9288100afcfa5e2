// Guard-page bounds checks (CompileOptions::bounds_checks): every load and
// store width at the end of memory, after memory.grow and with offsets
// around 2^31 gives the interpreter's results and traps (same text, same
// function); a module compiled so never runs with an unguarded memory.
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/engine/engine.h"
#include "runtime/jit/compiler.h"
#include "runtime/jit/trap_handler.h"
#include "runtime/objects/linear_memory.h"

namespace wasmrt {
namespace {

std::vector<uint8_t> Bytes(const char* name = "bounds") {
  std::ifstream in(absl::StrCat("runtime/jit/testdata/", name, ".wasm"), std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

struct Access {
  const char* op;
  uint32_t width;
  bool store;
};
constexpr Access kAccesses[] = {
    {"i32.load", 4, false},     {"i64.load", 8, false},     {"f32.load", 4, false},
    {"f64.load", 8, false},     {"i32.load8_s", 1, false},  {"i32.load8_u", 1, false},
    {"i32.load16_s", 2, false}, {"i32.load16_u", 2, false}, {"i64.load8_s", 1, false},
    {"i64.load8_u", 1, false},  {"i64.load16_s", 2, false}, {"i64.load16_u", 2, false},
    {"i64.load32_s", 4, false}, {"i64.load32_u", 4, false}, {"i32.store", 4, true},
    {"i64.store", 8, true},     {"f32.store", 4, true},     {"f64.store", 8, true},
    {"i32.store8", 1, true},    {"i32.store16", 2, true},   {"i64.store8", 1, true},
    {"i64.store16", 2, true},   {"i64.store32", 4, true},
};
constexpr uint64_t kOffsets[] = {0, 1, 65536, 0x7fffffff, 0x80000000, 0xffffffff};
constexpr uint64_t kPattern = 0x8877665544332211ull;  // sign bits set in every width

struct Instance {
  Instance(Tier tier, BoundsChecks checks, StoreConfig config = {}) : store(config) {
    auto m = CompileModule(Bytes(), {.tier = tier, .bounds_checks = checks});
    EXPECT_TRUE(m.ok()) << m.status();
    module = *m;
    auto inst = store.Instantiate(module, {});
    EXPECT_TRUE(inst.ok()) << inst.status();
    instance = inst.ok() ? *inst : nullptr;
  }
  ExecResult Call(const std::string& name, std::vector<Value> args) {
    std::optional<Extern> f = instance->GetExport(name);
    EXPECT_TRUE(f.has_value()) << name;
    auto r = store.Call(f->func(), args);
    EXPECT_TRUE(r.ok()) << r.status();
    return *r;
  }
  std::shared_ptr<const CompiledModule> module;
  Store store;
  ModuleInstance* instance = nullptr;
};

// The same call in every instance: results or trap text and function; a
// store is followed by a read of the bytes it may have written.
void ExpectAllAgree(std::vector<Instance*> all, const Access& a, const std::string& name,
                    std::vector<Value> args, uint64_t end_address) {
  ExecResult want = all[0]->Call(name, args);
  for (size_t i = 1; i < all.size(); ++i) {
    ExecResult got = all[i]->Call(name, args);
    EXPECT_EQ(got.trap, want.trap) << name << " at " << args[0].i32 << " in " << i;
    EXPECT_EQ(got.trap_message, want.trap_message) << name << " in " << i;
    EXPECT_EQ(got.trap_function_name, want.trap_function_name) << name << " in " << i;
    ASSERT_EQ(got.results.size(), want.results.size()) << name;
    if (!want.results.empty()) EXPECT_EQ(got.results[0].i64, want.results[0].i64) << name;
  }
  // In bounds exactly when the access ends within the memory.
  uint64_t size = MemorySizeBytes(all[0]->instance->memory());
  bool in_bounds = end_address <= size;
  EXPECT_EQ(want.trap, in_bounds ? TrapCode::kNone : TrapCode::kMemoryOutOfBounds)
      << name << " ending at " << end_address << " of " << size;
  if (!in_bounds) {
    EXPECT_EQ(want.trap_message.rfind("out of bounds memory access", 0), 0u) << want.trap_message;
    EXPECT_NE(want.trap_function_name.find(name), std::string::npos) << want.trap_function_name;
  }
  if (a.store) {
    // The tail of the memory (a trapping store wrote none of it).
    for (Instance* in : all) {
      const uint8_t* bytes = MemoryData(in->instance->memory());
      const uint8_t* ref = MemoryData(all[0]->instance->memory());
      ASSERT_EQ(std::memcmp(bytes + size - 16, ref + size - 16, 16), 0) << name;
    }
  }
}

// Addresses that put the access just inside, exactly at and past the end
// (and at the top of the address range) for the current memory size.
void CheckEveryWidthAtTheEnd(std::vector<Instance*> all) {
  uint64_t size = MemorySizeBytes(all[0]->instance->memory());
  for (const Access& a : kAccesses) {
    for (uint64_t offset : kOffsets) {
      std::string name = absl::StrCat(a.op, "@", offset);
      std::vector<uint64_t> addresses = {0xffffffffu, 0x80000000u, size};
      for (uint64_t back = 0; back <= 2 * a.width; ++back) {
        if (size >= offset + back) addresses.push_back(size - offset - back);
      }
      for (uint64_t addr : addresses) {
        std::vector<Value> args = {Value::I32(uint32_t(addr))};
        if (a.store) args.push_back(Value::I64(kPattern + addr));
        ExpectAllAgree(all, a, name, args, addr + offset + a.width);
      }
    }
    for (uint64_t addr : {65536 - a.width, 65536 - a.width + 1}) {
      std::string name = absl::StrCat(a.op, "@c", addr);
      std::vector<Value> args;
      if (a.store) args.push_back(Value::I64(kPattern));
      ExpectAllAgree(all, a, name, args, addr + a.width);
    }
  }
}

TEST(GuardTest, EveryWidthTrapsAtTheEndBeforeAndAfterGrow) {
  if (!jit::Supported()) GTEST_SKIP() << "no compiled tier on this machine";
  Instance interp(Tier::kInterp, BoundsChecks::kExplicit);
  Instance guard(Tier::kJit, BoundsChecks::kGuardPages);
  Instance explicit_checks(Tier::kJit, BoundsChecks::kExplicit);
  ASSERT_NE(guard.instance, nullptr);
  ASSERT_NE(explicit_checks.instance, nullptr);
  // Every function compiled; only guard mode leaves accesses to the guard.
  EXPECT_EQ(guard.module->jit()->compiled_count(), guard.module->ir().functions.size());
  EXPECT_TRUE(guard.module->jit()->needs_guarded_memory());
  EXPECT_FALSE(explicit_checks.module->jit()->needs_guarded_memory());
  EXPECT_TRUE(guard.instance->memory()->guarded());
  EXPECT_TRUE(jit::TrapHandlerInstalled());
  std::vector<Instance*> all = {&interp, &guard, &explicit_checks};
  CheckEveryWidthAtTheEnd(all);
  for (Instance* in : all) {
    EXPECT_EQ(in->Call("grow", {Value::I32(1)}).results[0].i32, 1u);
  }
  CheckEveryWidthAtTheEnd(all);  // the grown page is accessible, the next not
  for (Instance* in : all) {
    EXPECT_EQ(in->Call("grow", {Value::I32(1)}).results[0].i32, 2u);
    EXPECT_EQ(in->Call("grow", {Value::I32(1)}).results[0].i32, uint32_t(-1));  // max 3
  }
  CheckEveryWidthAtTheEnd(all);
}

// A memory provider's memories have no guard reservation: a module
// compiled with guard pages refuses them, precisely, and with explicit
// checks runs there.
struct MallocProvider : MemoryProvider {
  void* Allocate(uint64_t bytes) override { return std::calloc(1, bytes); }
  void Free(void* block, uint64_t) override { std::free(block); }
};

TEST(GuardTest, UnguardedMemoriesAreRefusedNeverRunUnchecked) {
  if (!jit::Supported()) GTEST_SKIP();
  MallocProvider provider;
  StoreConfig config;
  config.memory_provider = &provider;
  auto guard = CompileModule(Bytes(), {.tier = Tier::kJit});  // the default
  ASSERT_TRUE(guard.ok());
  Store store(config);
  auto refused = store.Instantiate(*guard, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "module compiled with guard-page bounds checks needs a memory with a guard "
            "reservation, but its memory would come from the store's memory_provider, which "
            "gives none; compile it with bounds_checks = kExplicit");

  Instance checked(Tier::kJit, BoundsChecks::kExplicit, config);
  ASSERT_NE(checked.instance, nullptr);
  EXPECT_FALSE(checked.instance->memory()->guarded());
  EXPECT_EQ(checked.Call("i32.load@0", {Value::I32(65533)}).trap, TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(checked.Call("i32.load@0", {Value::I32(65532)}).trap, TrapCode::kNone);

  // An imported memory without the reservation, named.
  MemoryType one_page;
  one_page.limits.min = 1;
  absl::StatusOr<LinearMemory*> mem = store.NewMemory(one_page);
  ASSERT_TRUE(mem.ok());
  Extern import{ExternKind::kMemory, *mem};
  auto importer = CompileModule(Bytes("import_memory"), {.tier = Tier::kJit});
  ASSERT_TRUE(importer.ok());
  refused = store.Instantiate(*importer, {import});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            "module compiled with guard-page bounds checks needs a memory with a guard "
            "reservation, but its memory (imported as \"env\" \"mem\") has none (a provided "
            "memory, or the address space was refused); compile it with bounds_checks = "
            "kExplicit");
  Store plain;  // its memories are guarded
  absl::StatusOr<LinearMemory*> guarded = plain.NewMemory(one_page);
  ASSERT_TRUE(guarded.ok());
  auto accepted = plain.Instantiate(*importer, {Extern{ExternKind::kMemory, *guarded}});
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  FunctionInstance* peek = (*accepted)->GetExport("peek")->func();
  EXPECT_EQ(plain.Call(peek, {Value::I32(65532)})->trap, TrapCode::kNone);
  EXPECT_EQ(plain.Call(peek, {Value::I32(65533)})->trap, TrapCode::kMemoryOutOfBounds);

  // Code that never touches memory needs no guard.
  auto no_access = CompileModule(Bytes("no_access"), {.tier = Tier::kJit});
  ASSERT_TRUE(no_access.ok());
  EXPECT_FALSE((*no_access)->jit()->needs_guarded_memory());
  EXPECT_TRUE(store.Instantiate(*no_access, {}).ok());
}

// Under an address-space limit (ulimit -v) the default guard-page checks
// compile as explicit ones, so the module still instantiates and traps
// out of bounds. Runs in a death-test child: exits 0 when it behaved.
void CompileUnderAddressSpaceLimit() {
  long pages = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr || std::fscanf(f, "%ld", &pages) != 1) std::_Exit(2);
  std::fclose(f);
  rlim_t limit = rlim_t(pages) * rlim_t(sysconf(_SC_PAGESIZE)) + (rlim_t(1) << 30);
  struct rlimit rl = {limit, limit};
  if (setrlimit(RLIMIT_AS, &rl) != 0) std::_Exit(3);
  if (LinearMemory::GuardReservationsAvailable()) std::_Exit(4);
  auto m = CompileModule(Bytes(), {.tier = Tier::kJit});
  if (!m.ok() || (*m)->jit() == nullptr) std::_Exit(5);
  if ((*m)->jit()->needs_guarded_memory()) std::_Exit(6);
  Store store;
  auto inst = store.Instantiate(*m, {});
  if (!inst.ok()) std::_Exit(7);
  auto r = store.Call((*inst)->GetExport("i32.load@0")->func(), {Value::I32(65533)});
  if (!r.ok() || r->trap != TrapCode::kMemoryOutOfBounds) std::_Exit(8);
  r = store.Call((*inst)->GetExport("i32.load@0")->func(), {Value::I32(65532)});
  std::_Exit(r.ok() && r->trap == TrapCode::kNone ? 0 : 9);
}

TEST(GuardTest, AnAddressSpaceLimitMeansExplicitChecks) {
  if (!jit::Supported()) GTEST_SKIP();
  EXPECT_EXIT(CompileUnderAddressSpaceLimit(), ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace wasmrt
