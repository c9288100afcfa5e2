#include "service/name_table.h"

#include "gtest/gtest.h"
#include "service/module_keys.h"

namespace wasmrt::service {
namespace {

const std::string kA = "sha256:" + std::string(64, 'a');
const std::string kB = "sha256:" + std::string(64, 'b');

TEST(NameTable, NamesPointAtOneIdAndMove) {
  NameTable t;
  EXPECT_FALSE(t.Get("x").has_value());
  t.Set("x", kA);
  t.Set("y", kA);
  t.Set("z", kB);
  EXPECT_EQ(t.Get("x"), kA);
  EXPECT_EQ(t.NamesOf(kA), (std::vector<std::string>{"x", "y"}));
  t.Set("y", kB);  // moves
  EXPECT_EQ(t.NamesOf(kA), std::vector<std::string>{"x"});
  EXPECT_EQ(t.NamesOf(kB), (std::vector<std::string>{"y", "z"}));
  EXPECT_EQ(t.size(), 3u);
  t.Erase("x");
  EXPECT_FALSE(t.Get("x").has_value());
  EXPECT_TRUE(t.NamesOf(kA).empty());
}

TEST(NameTable, EraseIdRemovesExactlyItsNames) {
  NameTable t;
  t.Set("b", kA);
  t.Set("a", kA);
  t.Set("c", kB);
  EXPECT_EQ(t.EraseId(kA), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(t.EraseId(kA).empty());
  EXPECT_EQ(t.Get("c"), kB);
  EXPECT_EQ(t.size(), 1u);
}

TEST(ModuleKeys, IdsNamesAndTheirMessages) {
  EXPECT_TRUE(IsWellFormedId(kA));
  EXPECT_FALSE(IsWellFormedId("sha256:" + std::string(64, 'A')));
  EXPECT_FALSE(IsWellFormedId("sha256:" + std::string(63, 'a')));
  EXPECT_TRUE(IsValidModuleName("resize:v2"));
  EXPECT_TRUE(IsValidModuleName("team/img-resize_1.0"));
  EXPECT_FALSE(IsValidModuleName(""));
  EXPECT_FALSE(IsValidModuleName(".."));
  EXPECT_FALSE(IsValidModuleName("sha256:x"));
  EXPECT_FALSE(IsValidModuleName(std::string(129, 'a')));
  EXPECT_FALSE(IsValidModuleName("a b"));
  EXPECT_EQ(ModuleNotFound("nope").message(), "no module named \"nope\"");
  EXPECT_EQ(ModuleNotFound("sha256:1").message(), "no module \"sha256:1\"");
  // Client strings are quoted and cut: a 16 KiB key stays a short message.
  absl::Status long_key = ModuleNotFound(std::string(16384, '\n'));
  EXPECT_LT(long_key.message().size(), 400u);
  EXPECT_EQ(long_key.message().find('\n'), std::string::npos);
  EXPECT_EQ(InvalidModuleName("a b").code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace wasmrt::service
