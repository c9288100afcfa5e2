#include "tools/wasmctl/embed_proto.h"

#include <google/protobuf/descriptor.pb.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/wasmctl/cli.h"
#include "tools/wasmctl/commands.h"
#include "tools/wasmctl/wasm_sections.h"

namespace wasmrt::wasmctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kHeader("\0asm\1\0\0\0", 8);
// A type section declaring () -> (): id 1, 4 bytes.
const std::string kTypeSection("\x01\x04\x01\x60\x00\x00", 6);

std::string Custom(const std::string& name, const std::string& content) {
  std::string body = std::string(1, char(name.size())) + name + content;
  return std::string(1, '\0') + char(body.size()) + body;  // sizes < 128 here
}

std::string DescriptorSet(const std::string& file_name) {
  google::protobuf::FileDescriptorSet set;
  set.add_file()->set_name(file_name);
  return set.SerializeAsString();
}

TEST(WasmSectionsTest, AppendsTheSectionAndKeepsTheOthers) {
  std::string module = kHeader + kTypeSection + Custom("name", "xy");
  auto out = ReplaceCustomSection(module, "wasmrt:proto", "abc");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, module + Custom("wasmrt:proto", "abc"));
}

TEST(WasmSectionsTest, ReplacesEverySectionOfThatName) {
  std::string module = kHeader + Custom("wasmrt:proto", "old1") + kTypeSection +
                       Custom("other", "o") + Custom("wasmrt:proto", "old2");
  auto out = ReplaceCustomSection(module, "wasmrt:proto", "new");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, kHeader + kTypeSection + Custom("other", "o") + Custom("wasmrt:proto", "new"));
  auto found = CustomSections(*out, "wasmrt:proto");
  ASSERT_TRUE(found.ok());
  EXPECT_THAT(*found, ElementsAre("new"));
}

TEST(WasmSectionsTest, LargeSectionSizesUseSeveralLebBytes) {
  std::string content(300, 'z');
  auto out = ReplaceCustomSection(kHeader, "wasmrt:proto", content);
  ASSERT_TRUE(out.ok());
  // id 0, size 313 = 0xb9 0x02, name length 12, name, content.
  EXPECT_EQ(out->substr(8, 4), std::string("\x00\xb9\x02\x0c", 4));
  auto found = CustomSections(*out, "wasmrt:proto");
  ASSERT_TRUE(found.ok());
  EXPECT_THAT(*found, ElementsAre(content));
}

TEST(WasmSectionsTest, BrokenModulesNameTheOffset) {
  EXPECT_THAT(ReplaceCustomSection("\0asm", "n", "c").status().message(),
              HasSubstr("no \\0asm magic"));
  // A section announcing 9 bytes with 2 left.
  auto out = ReplaceCustomSection(kHeader + std::string("\x01\x09\x00\x00", 4), "n", "c");
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(out.status().message(), HasSubstr("byte 8: section 1 of 9 bytes runs past the end"));
  // A section size that never ends.
  out = ReplaceCustomSection(kHeader + std::string("\x01\xff\xff\xff\xff\xff", 6), "n", "c");
  EXPECT_THAT(out.status().message(), HasSubstr("byte 9: bad section size"));
  // A custom section whose name is longer than the section.
  out = ReplaceCustomSection(kHeader + std::string("\x00\x02\x05x", 4), "n", "c");
  EXPECT_THAT(out.status().message(), HasSubstr("custom section with a bad name"));
}

TEST(EmbedProtoTest, RefusesWhatIsNotADescriptorSet) {
  auto out = EmbedProto(kHeader, "\xff\xff");
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(out.status().message(),
              HasSubstr("not a serialized google.protobuf.FileDescriptorSet"));
  EXPECT_THAT(EmbedProto(kHeader, "").status().message(), HasSubstr("holds no .proto file"));
  std::string set = DescriptorSet("a.proto");
  auto ok = EmbedProto(kHeader + kTypeSection, set);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, kHeader + kTypeSection + Custom("wasmrt:proto", set));
}

TEST(EmbedProtoTest, CommandLine) {
  auto c = ParseCommandLine({"embed-proto", "in.wasm", "set.pb", "out.wasm"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->command, "embed-proto");
  EXPECT_EQ(c->embed_in, "in.wasm");
  EXPECT_EQ(c->embed_descriptor_set, "set.pb");
  EXPECT_EQ(c->embed_out, "out.wasm");
  EXPECT_THAT(ParseCommandLine({"embed-proto", "in.wasm", "set.pb"}).status().message(),
              HasSubstr("embed-proto needs IN.wasm, DESCRIPTOR_SET and OUT.wasm"));
  EXPECT_FALSE(ParseCommandLine({"embed-proto", "a", "b", "c", "d"}).ok());
  auto up = ParseCommandLine({"upload", "m.wasm", "--proto-descriptor-set=s.pb", "--name=n"});
  ASSERT_TRUE(up.ok()) << up.status();
  EXPECT_EQ(up->proto_descriptor_set, "s.pb");
  EXPECT_THAT(Usage("embed-proto"), HasSubstr("wasmrt:proto"));
  EXPECT_THAT(Usage("upload"), HasSubstr("--proto-descriptor-set"));
}

std::string TempPath(const std::string& leaf) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + leaf;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(EmbedProtoTest, CommandWritesTheModule) {
  std::string in = TempPath("in.wasm"), set = TempPath("set.pb"), out = TempPath("out.wasm");
  WriteFile(in, kHeader + kTypeSection + Custom("wasmrt:proto", "stale"));
  WriteFile(set, DescriptorSet("s.proto"));
  auto c = ParseCommandLine({"embed-proto", in, set, out});
  ASSERT_TRUE(c.ok());
  std::ostringstream o, e;
  EXPECT_EQ(RunCommand(*c, o, e), kExitOk) << e.str();
  EXPECT_EQ(ReadFile(out), kHeader + kTypeSection + Custom("wasmrt:proto", ReadFile(set)));

  // In place, twice: still one section.
  c = ParseCommandLine({"embed-proto", out, set, out});
  EXPECT_EQ(RunCommand(*c, o, e), kExitOk) << e.str();
  auto found = CustomSections(ReadFile(out), "wasmrt:proto");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->size(), 1u);

  WriteFile(set, "\xff\xff");
  c = ParseCommandLine({"embed-proto", in, set, out});
  std::ostringstream bad;
  EXPECT_EQ(RunCommand(*c, o, bad), kExitUsage);
  EXPECT_THAT(bad.str(), HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(bad.str(), HasSubstr("FileDescriptorSet"));

  c = ParseCommandLine({"embed-proto", TempPath("missing.wasm"), set, out});
  std::ostringstream missing;
  EXPECT_EQ(RunCommand(*c, o, missing), kExitUsage);
  EXPECT_THAT(missing.str(), HasSubstr("cannot read"));
}

}  // namespace
}  // namespace wasmrt::wasmctl
