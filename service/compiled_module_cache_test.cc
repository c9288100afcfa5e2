#include "service/compiled_module_cache.h"

#include "gtest/gtest.h"
#include "service/sha256.h"
#include "service/wasi_binding.h"

namespace wasmrt::service {
namespace {

// (module (func (export "f") (result i32) i32.const 42))
const std::string kModule(
    "\x00\x61\x73\x6d\x01\x00\x00\x00\x01\x05\x01\x60\x00\x01\x7f\x03\x02\x01\x00"
    "\x07\x05\x01\x01\x66\x00\x00\x0a\x06\x01\x04\x00\x41\x2a\x0b",
    34);

// (module (import "env" "missing" (func)))
const std::string kBadImport(
    "\x00\x61\x73\x6d\x01\x00\x00\x00\x01\x04\x01\x60\x00\x00"
    "\x02\x0f\x01\x03\x65\x6e\x76\x07\x6d\x69\x73\x73\x69\x6e\x67\x00\x00",
    31);

class CompiledModuleCacheTest : public ::testing::Test {
 protected:
  CompiledModuleCache cache_{[this](absl::string_view bytes) {
    ++compiles_;
    return CheckedCompiler(CheckServiceImports)(bytes);
  }};
  int compiles_ = 0;
};

TEST_F(CompiledModuleCacheTest, HashesFirstAndCompilesOnlyUnknownBytes) {
  auto fresh = cache_.Prepare(kModule);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ((*fresh)->id, ContentDigest(kModule));
  EXPECT_EQ((*fresh)->size_bytes, kModule.size());
  EXPECT_EQ(compiles_, 1);
  EXPECT_EQ(cache_.Find((*fresh)->id), nullptr);  // prepared, not cached yet
  EXPECT_EQ(cache_.Insert(*fresh), *fresh);
  auto again = cache_.Prepare(kModule);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *fresh);  // found by digest: nothing compiled
  EXPECT_EQ(compiles_, 1);
}

TEST_F(CompiledModuleCacheTest, InsertKeepsTheWarmEntry) {
  auto first = *cache_.Prepare(kModule);
  auto second = *cache_.Prepare(kModule);  // both prepared before either is cached
  EXPECT_EQ(compiles_, 2);
  EXPECT_EQ(cache_.Insert(first), first);
  EXPECT_EQ(cache_.Insert(second), first);
  EXPECT_EQ(cache_.All().size(), 1u);
  cache_.Erase(first->id);
  EXPECT_EQ(cache_.Find(first->id), nullptr);
  EXPECT_TRUE(cache_.All().empty());
}

// The server's --tier reaches CompileModule: machine code only when asked
// for, and only where the compiler runs.
TEST(CheckedCompilerTest, CompilesWithTheGivenTier) {
  auto interp = CheckedCompiler(CheckServiceImports, {.tier = Tier::kInterp})(kModule);
  ASSERT_TRUE(interp.ok()) << interp.status();
  EXPECT_EQ((*interp)->jit(), nullptr);
  auto jit = CheckedCompiler(CheckServiceImports, {.tier = Tier::kJit})(kModule);
  ASSERT_TRUE(jit.ok()) << jit.status();
#if defined(__x86_64__)
  EXPECT_NE((*jit)->jit(), nullptr);
#else
  EXPECT_EQ((*jit)->jit(), nullptr);
#endif
  // The import check still applies.
  EXPECT_FALSE(CheckedCompiler(CheckServiceImports, {.tier = Tier::kJit})(kBadImport).ok());
}

TEST_F(CompiledModuleCacheTest, InvalidBytesAndUnsatisfiableImportsAreRefused) {
  auto bad = cache_.Prepare(std::string("\0asm\x01\0\0\0\x01", 9));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("offset"), std::string::npos) << bad.status();
  auto imports = cache_.Prepare(kBadImport);
  ASSERT_FALSE(imports.ok());
  EXPECT_EQ(imports.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(imports.status().message().find("missing"), std::string::npos) << imports.status();
  EXPECT_TRUE(cache_.All().empty());
}

TEST_F(CompiledModuleCacheTest, DamagedIdsAreRememberedUntilStored) {
  std::string id = ContentDigest(kModule);
  EXPECT_FALSE(cache_.IsDamaged(id));
  cache_.MarkDamaged(id);
  EXPECT_TRUE(cache_.IsDamaged(id));
  cache_.Insert(*cache_.Prepare(kModule));  // a good copy arrived
  EXPECT_FALSE(cache_.IsDamaged(id));
}

}  // namespace
}  // namespace wasmrt::service
