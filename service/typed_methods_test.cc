#include "service/typed_methods.h"

#include <google/protobuf/descriptor.pb.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wasmrt::service {
namespace {

using ::testing::HasSubstr;
namespace pb = ::google::protobuf;

// Appends `double name = N;` to `message`, N its next field number.
void AddDoubleField(pb::DescriptorProto* message, const char* name) {
  pb::FieldDescriptorProto* field = message->add_field();
  field->set_name(name);
  field->set_number(message->field_size());
  field->set_type(pb::FieldDescriptorProto::TYPE_DOUBLE);
  field->set_label(pb::FieldDescriptorProto::LABEL_OPTIONAL);
}

// shapes.v1: Rect {double w = 1; double h = 2;} -> Area {double area = 1;}.
pb::FileDescriptorProto ShapesFile() {
  pb::FileDescriptorProto f;
  f.set_name("shapes/v1/shapes.proto");
  f.set_package("shapes.v1");
  f.set_syntax("proto3");
  pb::DescriptorProto* rect = f.add_message_type();
  rect->set_name("Rect");
  for (const char* name : {"w", "h"}) AddDoubleField(rect, name);
  pb::DescriptorProto* area = f.add_message_type();
  area->set_name("Area");
  AddDoubleField(area, "area");
  pb::ServiceDescriptorProto* service = f.add_service();
  service->set_name("Shapes");
  pb::MethodDescriptorProto* m = service->add_method();
  m->set_name("Area");
  m->set_input_type(".shapes.v1.Rect");
  m->set_output_type(".shapes.v1.Area");
  return f;
}

std::string SetOf(const std::vector<pb::FileDescriptorProto>& files) {
  pb::FileDescriptorSet set;
  for (const auto& f : files) *set.add_file() = f;
  return set.SerializeAsString();
}

ExportType Func(const std::string& name, FuncType type) {
  ExportType e;
  e.name = name;
  e.type.kind = ExternKind::kFunc;
  e.type.func = std::move(type);
  return e;
}

const FuncType kAbi{{ValType::kI32, ValType::kI32}, {ValType::kI64}};

TEST(TypedApiTest, BindsEachMethodToItsExport) {
  auto api = TypedApi::Build(SetOf({ShapesFile()}), {Func("shapes.v1.Shapes/Area", kAbi)});
  ASSERT_TRUE(api.ok()) << api.status();
  ASSERT_EQ((*api)->methods().size(), 1u);
  const TypedMethod& m = (*api)->methods()[0];
  EXPECT_EQ(m.path, "/shapes.v1.Shapes/Area");
  EXPECT_EQ(m.export_name, "shapes.v1.Shapes/Area");
  EXPECT_EQ(m.descriptor->input_type()->full_name(), "shapes.v1.Rect");
  EXPECT_EQ((*api)->ServiceNames(), std::vector<std::string>{"shapes.v1.Shapes"});
  EXPECT_NE((*api)->pool().FindMessageTypeByName("shapes.v1.Area"), nullptr);
}

TEST(TypedApiTest, ChecksOutputAgainstTheDeclaredType) {
  auto api = TypedApi::Build(SetOf({ShapesFile()}), {Func("shapes.v1.Shapes/Area", kAbi)});
  ASSERT_TRUE(api.ok()) << api.status();
  const TypedMethod& m = (*api)->methods()[0];
  // area = 12.0: field 1, wire type 1 (fixed64).
  std::string good("\x09\x00\x00\x00\x00\x00\x00\x28\x40", 9);
  EXPECT_TRUE((*api)->CheckOutput(m, good).ok());
  EXPECT_TRUE((*api)->CheckOutput(m, "").ok());  // all fields default
  // A length-delimited field whose length runs past the end.
  absl::Status bad = (*api)->CheckOutput(m, std::string("\x12\x05\x01", 3));
  EXPECT_EQ(bad.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(bad.message(), HasSubstr("bad output"));
  EXPECT_THAT(bad.message(), HasSubstr("shapes.v1.Area"));
  EXPECT_THAT(bad.message(), HasSubstr("shapes.v1.Shapes/Area"));
}

TEST(TypedApiTest, MissingExportNamesTheMethod) {
  auto api = TypedApi::Build(SetOf({ShapesFile()}), {Func("area", kAbi)});
  EXPECT_EQ(api.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(api.status().message(),
              HasSubstr("method /shapes.v1.Shapes/Area has no export named "
                        "\"shapes.v1.Shapes/Area\""));
}

TEST(TypedApiTest, WrongExportTypeIsRefused) {
  auto api = TypedApi::Build(SetOf({ShapesFile()}),
                             {Func("shapes.v1.Shapes/Area", {{ValType::kI32}, {ValType::kI32}})});
  EXPECT_EQ(api.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(api.status().message(), HasSubstr("has type (i32) -> (i32)"));
  EXPECT_THAT(api.status().message(), HasSubstr("(i32 i32) -> (i64)"));

  ExportType memory;
  memory.name = "shapes.v1.Shapes/Area";
  memory.type.kind = ExternKind::kMemory;
  api = TypedApi::Build(SetOf({ShapesFile()}), {memory});
  EXPECT_THAT(api.status().message(), HasSubstr("is a memory, not a function"));
}

TEST(TypedApiTest, StreamingMethodsAreRefused) {
  pb::FileDescriptorProto f = ShapesFile();
  f.mutable_service(0)->mutable_method(0)->set_client_streaming(true);
  auto api = TypedApi::Build(SetOf({f}), {Func("shapes.v1.Shapes/Area", kAbi)});
  EXPECT_EQ(api.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(api.status().message(),
              HasSubstr("/shapes.v1.Shapes/Area is client streaming: only unary methods"));
  f.mutable_service(0)->mutable_method(0)->set_server_streaming(true);
  api = TypedApi::Build(SetOf({f}), {Func("shapes.v1.Shapes/Area", kAbi)});
  EXPECT_THAT(api.status().message(), HasSubstr("bidirectional streaming"));
}

TEST(TypedApiTest, UnparsableSetIsRefused) {
  auto api = TypedApi::Build("\xff\xff\xff", {});
  EXPECT_EQ(api.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(api.status().message(),
              HasSubstr("wasmrt:proto: its 3 bytes are not a serialized "
                        "google.protobuf.FileDescriptorSet"));
}

TEST(TypedApiTest, MissingDependencyNamesTheFile) {
  pb::FileDescriptorProto f = ShapesFile();
  f.add_dependency("shapes/v1/common.proto");
  auto api = TypedApi::Build(SetOf({f}), {Func("shapes.v1.Shapes/Area", kAbi)});
  EXPECT_EQ(api.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(api.status().message(), HasSubstr("file \"shapes/v1/shapes.proto\""));
  EXPECT_THAT(api.status().message(), HasSubstr("shapes/v1/common.proto"));
  EXPECT_THAT(api.status().message(), HasSubstr("--include_imports"));
}

TEST(TypedApiTest, DependencyInTheSetBuilds) {
  // Area moves into a file of its own that shapes.proto imports.
  pb::FileDescriptorProto common;
  common.set_name("shapes/v1/common.proto");
  common.set_package("shapes.v1");
  common.set_syntax("proto3");
  pb::FileDescriptorProto f = ShapesFile();
  *common.add_message_type() = f.message_type(1);
  f.mutable_message_type()->RemoveLast();
  f.add_dependency("shapes/v1/common.proto");
  auto api = TypedApi::Build(SetOf({common, f}), {Func("shapes.v1.Shapes/Area", kAbi)});
  ASSERT_TRUE(api.ok()) << api.status();
  EXPECT_EQ((*api)->methods()[0].descriptor->output_type()->file()->name(),
            "shapes/v1/common.proto");
  // Dependencies after their users do not build.
  api = TypedApi::Build(SetOf({f, common}), {Func("shapes.v1.Shapes/Area", kAbi)});
  EXPECT_EQ(api.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TypedApiTest, UndefinedTypeNamesTheElement) {
  pb::FileDescriptorProto f = ShapesFile();
  f.mutable_service(0)->mutable_method(0)->set_output_type(".shapes.v1.Nope");
  auto api = TypedApi::Build(SetOf({f}), {Func("shapes.v1.Shapes/Area", kAbi)});
  EXPECT_EQ(api.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(api.status().message(), HasSubstr("shapes.v1.Shapes.Area"));
  EXPECT_THAT(api.status().message(), HasSubstr("shapes.v1.Nope"));
}

TEST(TypedApiTest, DuplicateFileIsRefused) {
  auto api = TypedApi::Build(SetOf({ShapesFile(), ShapesFile()}),
                             {Func("shapes.v1.Shapes/Area", kAbi)});
  EXPECT_THAT(api.status().message(), HasSubstr("\"shapes/v1/shapes.proto\" appears twice"));
}

// A module of custom sections only: magic, version, then each section.
std::string ModuleWith(const std::vector<std::pair<std::string, std::string>>& customs) {
  std::string out("\0asm\1\0\0\0", 8);
  for (const auto& [name, content] : customs) {
    std::string body;
    body.push_back(char(name.size()));
    body += name + content;
    out.push_back('\0');
    uint32_t n = uint32_t(body.size());
    do {  // LEB128
      uint8_t b = n & 0x7f;
      n >>= 7;
      out.push_back(char(n != 0 ? b | 0x80 : b));
    } while (n != 0);
    out += body;
  }
  return out;
}

absl::StatusOr<std::shared_ptr<const TypedApi>> LoadFrom(const std::string& bytes) {
  auto m = CompileModule(
      absl::Span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  if (!m.ok()) return m.status();
  return TypedApi::Load(**m);
}

TEST(TypedApiTest, LoadReadsTheCustomSection) {
  auto none = LoadFrom(ModuleWith({{"other", "x"}}));
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(*none, nullptr);

  pb::FileDescriptorProto no_service = ShapesFile();
  no_service.clear_service();
  auto empty = LoadFrom(ModuleWith({{"wasmrt:proto", SetOf({no_service})}}));
  ASSERT_TRUE(empty.ok()) << empty.status();
  ASSERT_NE(*empty, nullptr);
  EXPECT_TRUE((*empty)->methods().empty());

  // The module exports nothing: the method has no function.
  auto unbound = LoadFrom(ModuleWith({{"wasmrt:proto", SetOf({ShapesFile()})}}));
  EXPECT_THAT(unbound.status().message(), HasSubstr("has no export named"));

  auto twice = LoadFrom(ModuleWith(
      {{"wasmrt:proto", SetOf({no_service})}, {"wasmrt:proto", SetOf({no_service})}}));
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(twice.status().message(), HasSubstr("2 of them; at most one"));
}

}  // namespace
}  // namespace wasmrt::service
