// Untrusted modules must never crash the runtime: thousands of mutations of
// real modules go through decode, validate, translate, instantiate and (when
// they get that far) calls of every export under tight limits. Each outcome
// is a Status or a trap; the test fails only by crashing, hanging or by an
// error without a message. Where the compiling tier runs, every module that
// instantiates also runs compiled, and the two tiers must agree on every
// call: results, trap, trap message and fuel, and on the memory afterwards.
// Deterministic: a fixed seed per file.
#include <cstdint>
#include <cstring>
#include <memory>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/binary/decoder.h"
#include "runtime/engine/engine.h"
#include "runtime/jit/compiler.h"
#include "runtime/validate/validator.h"

namespace wasmrt {
namespace {

std::vector<uint8_t> Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

struct Range {
  size_t begin, size;
};

// Flips bits, overwrites bytes with interesting values, inserts, deletes or
// duplicates short ranges. Half of the edits land inside function bodies
// (`bodies`), so the validator and the interpreter see more than the decoder
// rejects.
void Mutate(std::vector<uint8_t>& b, std::mt19937& rng, const std::vector<Range>& bodies) {
  static const uint8_t kInteresting[] = {0x00, 0x01, 0x7F, 0x80, 0xFF, 0x40, 0x0B,
                                         0x41, 0xFC, 0xFD, 0x10, 0x11, 0x20, 0x6F, 0x70};
  int edits = 1 + int(rng() % 4);
  for (int e = 0; e < edits && !b.empty(); ++e) {
    size_t at = rng() % b.size();
    if (!bodies.empty() && rng() % 2 == 0) {
      const Range& r = bodies[rng() % bodies.size()];
      if (r.size > 0 && r.begin + r.size <= b.size()) at = r.begin + rng() % r.size;
    }
    switch (rng() % 5) {
      case 0: b[at] ^= uint8_t(1u << (rng() % 8)); break;
      case 1: b[at] = kInteresting[rng() % sizeof(kInteresting)]; break;
      case 2: b.insert(b.begin() + at, kInteresting[rng() % sizeof(kInteresting)]); break;
      case 3: b.erase(b.begin() + at, b.begin() + std::min(b.size(), at + 1 + rng() % 4)); break;
      case 4: {
        size_t len = std::min<size_t>(b.size() - at, 1 + rng() % 8);
        std::vector<uint8_t> copy(b.begin() + at, b.begin() + at + len);
        b.insert(b.begin() + rng() % b.size(), copy.begin(), copy.end());
        break;
      }
    }
  }
}

// One instance of a module in one tier, its imports host functions that
// trap; null when it does not instantiate.
struct Run {
  explicit Run(std::shared_ptr<const CompiledModule> m) : module(std::move(m)), store(Config()) {
    std::vector<Extern> imports;
    for (const Import& imp : module->ir().imports) {
      if (imp.kind != ExternKind::kFunc) return;
      imports.push_back({ExternKind::kFunc,
                         store.NewHostFunction(module->ir().types[imp.func_type],
                                               [](HostCall&, absl::Span<const Value>,
                                                  absl::Span<Value>) {
                                                 return TrapCode::kHostError;
                                               })});
    }
    auto inst = store.Instantiate(module, imports);
    if (inst.ok()) instance = *inst;
  }
  static StoreConfig Config() {
    StoreConfig config;
    config.max_call_depth = 200;
    config.value_stack_slots = 1 << 16;
    config.max_memory_pages = 64;
    return config;
  }
  absl::StatusOr<ExecResult> Call(const std::string& name) {
    auto ext = instance->GetExport(name);
    std::vector<Value> args;
    for (ValType t : FunctionType(ext->func()).params) {
      Value v;
      v.type = t;
      args.push_back(v);
    }
    CallOptions options;
    options.fuel = 200000;
    return store.Call(ext->func(), args, options);
  }
  std::shared_ptr<const CompiledModule> module;
  Store store;
  ModuleInstance* instance = nullptr;
};

void ExpectSameOutcome(const ExecResult& a, const ExecResult& b, const std::string& name) {
  EXPECT_EQ(a.trap, b.trap) << name;
  EXPECT_EQ(a.trap_message, b.trap_message) << name;
  EXPECT_EQ(a.fuel_used, b.fuel_used) << name;
  ASSERT_EQ(a.results.size(), b.results.size()) << name;
  for (size_t i = 0; i < a.results.size(); ++i) {
    if (a.results[i].type == ValType::kV128) {
      EXPECT_EQ(a.results[i].v128, b.results[i].v128) << name;
    } else {
      EXPECT_EQ(a.results[i].i64, b.results[i].i64) << name;
    }
  }
}

// The error the spec's order gives: decoding's, else validation's.
// CompileModule gets there another way (it decodes without reading the
// bodies, which validation reads, and decodes again only on failure).
absl::Status FirstError(const std::vector<uint8_t>& bytes) {
  absl::StatusOr<Module> decoded = DecodeModule(bytes);
  if (!decoded.ok()) return decoded.status();
  return ValidateModule(*decoded, nullptr);
}

// Runs what a mutated module allows; returns how far it got (0..3).
int Exercise(const std::vector<uint8_t>& bytes) {
  auto module = CompileModule(bytes);
  EXPECT_EQ(module.status(), FirstError(bytes));
  if (!module.ok()) {
    EXPECT_FALSE(module.status().message().empty());
    return 0;
  }
  Run interp(*module);
  if (interp.instance == nullptr) return 1;
  std::unique_ptr<Run> jit;
  if (jit::Supported()) {
    auto compiled = CompileModule(bytes, {.tier = Tier::kJit});
    EXPECT_TRUE(compiled.ok()) << compiled.status();
    if (compiled.ok()) jit = std::make_unique<Run>(*compiled);
    EXPECT_TRUE(jit == nullptr || jit->instance != nullptr);
  }
  int calls = 0;
  for (const Export& e : (*module)->ir().exports) {
    if (e.kind != ExternKind::kFunc || calls >= 8) continue;
    auto r = interp.Call(e.name);
    EXPECT_TRUE(r.ok());
    if (jit != nullptr && jit->instance != nullptr && r.ok()) {
      auto c = jit->Call(e.name);
      EXPECT_TRUE(c.ok());
      if (c.ok()) ExpectSameOutcome(*r, *c, e.name);
    }
    ++calls;
  }
  if (jit != nullptr && jit->instance != nullptr) {
    LinearMemory* a = interp.instance->memory();
    LinearMemory* b = jit->instance->memory();
    EXPECT_EQ(a == nullptr, b == nullptr);
    if (a != nullptr && b != nullptr) {
      uint64_t size = MemorySizeBytes(a);
      EXPECT_EQ(size, MemorySizeBytes(b));
      EXPECT_TRUE(size == MemorySizeBytes(b) &&
                  std::memcmp(MemoryData(a), MemoryData(b), size) == 0)
          << "memories differ after the calls";
    }
  }
  return calls > 0 ? 3 : 2;
}

class MutationTest : public ::testing::TestWithParam<const char*> {};

TEST_P(MutationTest, NoCrashNoHang) {
  std::vector<uint8_t> seed = Read(GetParam());
  ASSERT_FALSE(seed.empty()) << GetParam();
  ASSERT_EQ(Exercise(seed) >= 2, true) << "the unmutated seed must instantiate";
  std::vector<Range> bodies;
  auto compiled = CompileModule(seed);
  ASSERT_TRUE(compiled.ok());
  for (const FunctionBody& f : (*compiled)->ir().functions) {
    bodies.push_back({f.code_offset, f.code_size});
  }
  std::mt19937 rng(12345);
  int reached[4] = {0, 0, 0, 0};
  for (int i = 0; i < 10000; ++i) {
    std::vector<uint8_t> b = seed;
    Mutate(b, rng, bodies);
    ++reached[Exercise(b)];
  }
  // The mutations must reach every stage, or the test proves little.
  EXPECT_GT(reached[0], 0);
  EXPECT_GT(reached[2] + reached[3], 0);
  std::printf("%s: rejected %d, not instantiated %d, instantiated %d, called %d\n", GetParam(),
              reached[0], reached[1], reached[2], reached[3]);
}

INSTANTIATE_TEST_SUITE_P(Seeds, MutationTest,
                         ::testing::Values("bench/mix.wasm", "bench/sha256.wasm",
                                           "bench/simd_dot.wasm", "examples/misbehave.wasm",
                                           "examples/shapes.wasm"));

}  // namespace
}  // namespace wasmrt
