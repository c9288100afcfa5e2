// wasmctl call's command line and its JSON encoding (no server).
#include "tools/wasmctl/call_command.h"

#include <google/protobuf/descriptor.pb.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/wasmctl/cli.h"
#include "tools/wasmctl/remote_descriptors.h"

namespace wasmrt::wasmctl {
namespace {

using ::testing::HasSubstr;
namespace pb = ::google::protobuf;

TEST(CallCommandLine, MethodJsonAndLimits) {
  auto c = ParseCommandLine({"call", "shapes.v1.Shapes/Area", R"({"w":3})", "--fuel", "100",
                             "--memory", "1Mi", "--timeout", "2s", "--server", "h:1"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->command, "call");
  EXPECT_EQ(c->call.method, "shapes.v1.Shapes/Area");
  EXPECT_EQ(*c->call.json, R"({"w":3})");
  EXPECT_EQ(c->call.fuel, 100);
  EXPECT_EQ(c->call.memory_bytes, 1u << 20);
  EXPECT_EQ(c->call.timeout_ms, 2000u);
  EXPECT_EQ(c->server, "h:1");
  c = ParseCommandLine({"call", "a.B/C"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_FALSE(c->call.json.has_value());
  c = ParseCommandLine({"call", "a.B/C", "--request-file", "-"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(*c->call.json_file, "-");
}

TEST(CallCommandLine, UsageErrors) {
  struct Case {
    std::vector<std::string> args;
    std::string why;
  };
  for (const Case& c : std::vector<Case>{
           {{"call"}, "call needs a method"},
           {{"call", "a.B/C", "{}", "more"}, "unexpected argument \"more\""},
           {{"call", "a.B/C", "{}", "--request-file", "f"}, "either as an argument or"},
           {{"call", "a.B/C", "--fuel", "-1"}, "--fuel needs a non-negative integer"},
           {{"call", "a.B/C", "--bogus"}, "unknown option --bogus for `call`"},
       }) {
    auto parsed = ParseCommandLine(c.args);
    ASSERT_FALSE(parsed.ok()) << c.why;
    EXPECT_THAT(std::string(parsed.status().message()), HasSubstr(c.why));
  }
}

TEST(SplitMethodPath, PackageServiceAndMethod) {
  auto p = SplitMethodPath("shapes.v1.Shapes/Area");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->first, "shapes.v1.Shapes");
  EXPECT_EQ(p->second, "Area");
  p = SplitMethodPath("/shapes.v1.Shapes/Area");  // the gRPC path too
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->first, "shapes.v1.Shapes");
  for (const char* bad : {"Area", "/Area", "a.B/", "a.B/C/D", ""}) {
    EXPECT_FALSE(SplitMethodPath(bad).ok()) << bad;
  }
}

// message Box { double w = 1; repeated string tags = 2; Box inner = 3; }
class EncodeJsonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pb::FileDescriptorProto file;
    file.set_name("box.proto");
    file.set_package("t");
    file.set_syntax("proto3");
    pb::DescriptorProto* box = file.add_message_type();
    box->set_name("Box");
    auto add = [&](const char* name, int number, pb::FieldDescriptorProto::Type type,
                   pb::FieldDescriptorProto::Label label) {
      pb::FieldDescriptorProto* f = box->add_field();
      f->set_name(name);
      f->set_number(number);
      f->set_type(type);
      f->set_label(label);
      return f;
    };
    add("w", 1, pb::FieldDescriptorProto::TYPE_DOUBLE, pb::FieldDescriptorProto::LABEL_OPTIONAL);
    add("tags", 2, pb::FieldDescriptorProto::TYPE_STRING,
        pb::FieldDescriptorProto::LABEL_REPEATED);
    add("inner", 3, pb::FieldDescriptorProto::TYPE_MESSAGE,
        pb::FieldDescriptorProto::LABEL_OPTIONAL)
        ->set_type_name(".t.Box");
    ASSERT_NE(pool_.BuildFile(file), nullptr);
    box_ = pool_.FindMessageTypeByName("t.Box");
  }
  pb::DescriptorPool pool_;
  const pb::Descriptor* box_ = nullptr;
};

TEST_F(EncodeJsonTest, EncodesTheWireFormat) {
  auto bytes = EncodeJson(*box_, R"({"w": 1.5, "tags": ["a"], "inner": {"w": 2}})");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  // w = 1.5 (fixed64), tags "a", inner {w = 2}.
  std::string want("\x09\x00\x00\x00\x00\x00\x00\xf8\x3f"
                   "\x12\x01"
                   "a"
                   "\x1a\x09\x09\x00\x00\x00\x00\x00\x00\x00\x40",
                   23);
  EXPECT_EQ(*bytes, want);
  bytes = EncodeJson(*box_, "{}");
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, "");
}

TEST_F(EncodeJsonTest, ErrorsNameTheTypeAndTheField) {
  auto bytes = EncodeJson(*box_, R"({"depth": 1})");
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bytes.status().message()), HasSubstr("not a t.Box in JSON"));
  EXPECT_THAT(std::string(bytes.status().message()), HasSubstr("depth"));
  bytes = EncodeJson(*box_, R"({"inner": {"w": "x"}})");
  ASSERT_FALSE(bytes.ok());
  EXPECT_THAT(std::string(bytes.status().message()), HasSubstr("w"));
  EXPECT_FALSE(EncodeJson(*box_, "{").ok());
  EXPECT_FALSE(EncodeJson(*box_, "[1]").ok());
}

}  // namespace
}  // namespace wasmrt::wasmctl
