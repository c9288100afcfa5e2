// Server reflection end to end: an in-process wasmrtd, the reflection
// protocol spoken by generated stubs (v1alpha, which grpcurl uses, and v1),
// typed services described from their modules' descriptor pools.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include <algorithm>

#include "gmock/gmock.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "service/test_server.h"
#include "tools/wasmctl/wasm_sections.h"

namespace wasmrt::service {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
namespace pb = ::google::protobuf;
namespace refl = ::grpc::reflection::v1alpha;

// The probe guest (its export "shapes.v1.Probe/Echo" echoes the request)
// described by a proto2 file of its own, "probe/v1/probe.proto":
//   message Ping { optional double w = 1; extensions 100 to 199; }
//   extend Ping { optional int32 tag = 100; }
//   service Probe { rpc Echo(Ping) returns (Ping); }
std::string ProbeModule() {
  pb::FileDescriptorSet set;
  pb::FileDescriptorProto* file = set.add_file();
  file->set_name("probe/v1/probe.proto");
  file->set_package("shapes.v1");
  pb::DescriptorProto* ping = file->add_message_type();
  ping->set_name("Ping");
  pb::FieldDescriptorProto* w = ping->add_field();
  w->set_name("w");
  w->set_number(1);
  w->set_type(pb::FieldDescriptorProto::TYPE_DOUBLE);
  w->set_label(pb::FieldDescriptorProto::LABEL_OPTIONAL);
  ping->add_extension_range()->set_start(100);
  ping->mutable_extension_range(0)->set_end(200);
  pb::FieldDescriptorProto* tag = file->add_extension();
  tag->set_name("tag");
  tag->set_number(100);
  tag->set_type(pb::FieldDescriptorProto::TYPE_INT32);
  tag->set_label(pb::FieldDescriptorProto::LABEL_OPTIONAL);
  tag->set_extendee(".shapes.v1.Ping");
  pb::MethodDescriptorProto* echo = file->add_service()->add_method();
  file->mutable_service(0)->set_name("Probe");
  echo->set_name("Echo");
  echo->set_input_type(".shapes.v1.Ping");
  echo->set_output_type(".shapes.v1.Ping");
  auto m = wasmctl::ReplaceCustomSection(ReadTestFile("service/testdata/typed_probe.wasm"),
                                         "wasmrt:proto", set.SerializeAsString());
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *m : "";
}

// One reflection stream; each Ask sends a request and reads its answer.
template <class R>
class Reflection {
 public:
  explicit Reflection(const std::shared_ptr<grpc::Channel>& channel)
      : stub_(R::ServerReflection::NewStub(channel)) {
    ctx_.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    stream_ = stub_->ServerReflectionInfo(&ctx_);
  }
  ~Reflection() {
    stream_->WritesDone();
    EXPECT_TRUE(stream_->Finish().ok());
  }

  typename R::ServerReflectionResponse Ask(const typename R::ServerReflectionRequest& request) {
    typename R::ServerReflectionResponse response;
    EXPECT_TRUE(stream_->Write(request));
    EXPECT_TRUE(stream_->Read(&response));
    EXPECT_EQ(response.original_request().SerializeAsString(), request.SerializeAsString());
    return response;
  }

  std::vector<std::string> Services() {
    typename R::ServerReflectionRequest request;
    request.set_list_services("");
    std::vector<std::string> names;
    auto response = Ask(request);
    for (const auto& s : response.list_services_response().service()) {
      names.push_back(s.name());
    }
    return names;
  }

  // The files of an answer; empty (and the error in `error`) otherwise.
  std::vector<pb::FileDescriptorProto> Files(const typename R::ServerReflectionRequest& request,
                                             std::string* error = nullptr) {
    auto response = Ask(request);
    if (error != nullptr) {
      *error = response.has_error_response()
                   ? absl::StrCat(response.error_response().error_code(), " ",
                                  response.error_response().error_message())
                   : "";
    }
    std::vector<pb::FileDescriptorProto> files;
    for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
      files.emplace_back();
      EXPECT_TRUE(files.back().ParseFromString(bytes));
    }
    return files;
  }

  std::vector<pb::FileDescriptorProto> Symbol(const std::string& symbol,
                                              std::string* error = nullptr) {
    typename R::ServerReflectionRequest request;
    request.set_file_containing_symbol(symbol);
    return Files(request, error);
  }

  std::vector<pb::FileDescriptorProto> File(const std::string& name,
                                            std::string* error = nullptr) {
    typename R::ServerReflectionRequest request;
    request.set_file_by_filename(name);
    return Files(request, error);
  }

 private:
  std::unique_ptr<typename R::ServerReflection::Stub> stub_;
  grpc::ClientContext ctx_;
  std::unique_ptr<grpc::ClientReaderWriter<typename R::ServerReflectionRequest,
                                           typename R::ServerReflectionResponse>>
      stream_;
};

// A pool of reflection's answer only: every import must be in it (in any
// order; the server sends the asked-for file first).
class AnswerPool {
 public:
  explicit AnswerPool(const std::vector<pb::FileDescriptorProto>& files) {
    for (const auto& f : files) EXPECT_TRUE(db_.Add(f)) << f.name();
  }
  pb::DescriptorPool& pool() { return pool_; }
  // The first file, built with its imports; null when one is missing.
  const pb::FileDescriptor* Build(const std::vector<pb::FileDescriptorProto>& files) {
    return files.empty() ? nullptr : pool_.FindFileByName(files[0].name());
  }

 private:
  pb::SimpleDescriptorDatabase db_;
  pb::DescriptorPool pool_{&db_};
};

constexpr const char* kBuiltin[] = {
    "wasmrt.v1.ModuleService", "wasmrt.v1.InvocationService", "grpc.health.v1.Health",
    "grpc.reflection.v1alpha.ServerReflection", "grpc.reflection.v1.ServerReflection"};

// Both versions: the namespace of each ServerReflection service.
struct V1Alpha {
  using ServerReflection = refl::ServerReflection;
  using ServerReflectionRequest = refl::ServerReflectionRequest;
  using ServerReflectionResponse = refl::ServerReflectionResponse;
};
struct V1 {
  using ServerReflection = grpc::reflection::v1::ServerReflection;
  using ServerReflectionRequest = grpc::reflection::v1::ServerReflectionRequest;
  using ServerReflectionResponse = grpc::reflection::v1::ServerReflectionResponse;
};

template <class R>
class ReflectionVersionTest : public ::testing::Test {};
TYPED_TEST_SUITE_P(ReflectionVersionTest);

TYPED_TEST_P(ReflectionVersionTest, ListsAndDescribesTypedServicesNextToTheBuiltIns) {
  auto t = TestServer::Start("reflection");
  ASSERT_NE(t, nullptr);
  Reflection<TypeParam> r(t->channel());
  std::vector<std::string> before = r.Services();
  for (const char* name : kBuiltin) EXPECT_THAT(before, Contains(name));
  EXPECT_EQ(before.size(), std::size(kBuiltin));

  ASSERT_TRUE(t->Upload(ReadTestFile("examples/shapes.wasm"), "shapes").ok());
  std::vector<std::string> after = r.Services();
  EXPECT_THAT(after, Contains("shapes.v1.Shapes"));
  EXPECT_EQ(after.size(), std::size(kBuiltin) + 1);

  // The typed service, its method and its messages, from the module's pool.
  for (const char* symbol : {"shapes.v1.Shapes", "shapes.v1.Shapes.Area", "shapes.v1.AreaRequest",
                             "shapes.v1.AreaResponse.area"}) {
    std::vector<pb::FileDescriptorProto> files = r.Symbol(symbol);
    ASSERT_EQ(files.size(), 1u) << symbol;
    EXPECT_EQ(files[0].name(), "shapes/v1/shapes.proto");
  }
  std::vector<pb::FileDescriptorProto> shapes = r.File("shapes/v1/shapes.proto");
  AnswerPool pool(shapes);
  ASSERT_NE(pool.Build(shapes), nullptr);
  const pb::MethodDescriptor* area = pool.pool().FindMethodByName("shapes.v1.Shapes.Area");
  ASSERT_NE(area, nullptr);
  EXPECT_EQ(area->input_type()->full_name(), "shapes.v1.AreaRequest");
  EXPECT_EQ(area->output_type()->field(0)->name(), "area");

  // The built-in services too, each file with its imports.
  for (const char* service : kBuiltin) {
    std::vector<pb::FileDescriptorProto> files = r.Symbol(service);
    AnswerPool builtin(files);
    ASSERT_NE(builtin.Build(files), nullptr) << service;
    EXPECT_NE(builtin.pool().FindServiceByName(service), nullptr) << service;
  }
  std::string error;
  EXPECT_TRUE(r.Symbol("shapes.v1.Nothing", &error).empty());
  EXPECT_EQ(error, "5 symbol \"shapes.v1.Nothing\" is not known to the server");
  EXPECT_TRUE(r.File("nothing.proto", &error).empty());
  EXPECT_EQ(error, "5 file \"nothing.proto\" is not known to the server");
}

TYPED_TEST_P(ReflectionVersionTest, FollowsMovesAndDeletes) {
  auto t = TestServer::Start("reflection");
  ASSERT_NE(t, nullptr);
  ASSERT_TRUE(t->Upload(ReadTestFile("examples/shapes.wasm"), "shapes").ok());
  Reflection<TypeParam> r(t->channel());
  ASSERT_THAT(r.Services(), Contains("shapes.v1.Shapes"));

  // Re-uploaded under the same name: the new module's api, the old is gone
  // (the same stream sees the change).
  ASSERT_TRUE(t->Upload(ProbeModule(), "shapes").ok());
  EXPECT_THAT(r.Services(), Contains("shapes.v1.Probe"));
  EXPECT_THAT(r.Services(), Not(Contains("shapes.v1.Shapes")));
  std::string error;
  EXPECT_TRUE(r.Symbol("shapes.v1.Shapes", &error).empty());
  EXPECT_THAT(error, HasSubstr("not known"));
  EXPECT_TRUE(r.File("shapes/v1/shapes.proto", &error).empty());
  std::vector<pb::FileDescriptorProto> probe = r.Symbol("shapes.v1.Probe.Echo");
  ASSERT_EQ(probe.size(), 1u);
  EXPECT_EQ(probe[0].name(), "probe/v1/probe.proto");

  // Extensions, from the module's pool.
  typename TypeParam::ServerReflectionRequest numbers;
  numbers.set_all_extension_numbers_of_type("shapes.v1.Ping");
  auto answer = r.Ask(numbers);
  EXPECT_EQ(answer.all_extension_numbers_response().base_type_name(), "shapes.v1.Ping");
  EXPECT_THAT(answer.all_extension_numbers_response().extension_number(), ElementsAre(100));
  typename TypeParam::ServerReflectionRequest extension;
  extension.mutable_file_containing_extension()->set_containing_type("shapes.v1.Ping");
  extension.mutable_file_containing_extension()->set_extension_number(100);
  std::vector<pb::FileDescriptorProto> files = r.Files(extension);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].name(), "probe/v1/probe.proto");
  extension.mutable_file_containing_extension()->set_extension_number(101);
  EXPECT_TRUE(r.Files(extension, &error).empty());
  EXPECT_EQ(error, "5 extension \"shapes.v1.Ping(101)\" is not known to the server");
  // A type without extensions: an empty list, not an error.
  numbers.set_all_extension_numbers_of_type("wasmrt.v1.InvokeRequest");
  answer = r.Ask(numbers);
  EXPECT_FALSE(answer.has_error_response());
  EXPECT_EQ(answer.all_extension_numbers_response().extension_number_size(), 0);
  numbers.set_all_extension_numbers_of_type("shapes.v1.Nothing");
  EXPECT_EQ(r.Ask(numbers).error_response().error_code(), int(grpc::StatusCode::NOT_FOUND));

  // Deleted: only the built-in services remain.
  ASSERT_TRUE(t->Delete("shapes").ok());
  EXPECT_EQ(r.Services().size(), std::size(kBuiltin));
  EXPECT_TRUE(r.Symbol("shapes.v1.Probe", &error).empty());
  EXPECT_TRUE(r.File("probe/v1/probe.proto", &error).empty());
}

TYPED_TEST_P(ReflectionVersionTest, AnEmptyRequestIsUnimplemented) {
  auto t = TestServer::Start("reflection");
  ASSERT_NE(t, nullptr);
  Reflection<TypeParam> r(t->channel());
  auto answer = r.Ask(typename TypeParam::ServerReflectionRequest());
  EXPECT_EQ(answer.error_response().error_code(), int(grpc::StatusCode::UNIMPLEMENTED));
}

REGISTER_TYPED_TEST_SUITE_P(ReflectionVersionTest,
                            ListsAndDescribesTypedServicesNextToTheBuiltIns,
                            FollowsMovesAndDeletes, AnEmptyRequestIsUnimplemented);
using Versions = ::testing::Types<V1Alpha, V1>;
INSTANTIATE_TYPED_TEST_SUITE_P(Reflection, ReflectionVersionTest, Versions);

}  // namespace
}  // namespace wasmrt::service
