// Regressions from a reliability probe, driven by raw gRPC clients that send
// bytes no typed stub would: malformed messages get INVALID_ARGUMENT with a
// message (not gRPC's UNIMPLEMENTED/INTERNAL), an Upload stream with a bad
// message in the middle stores nothing, and oversized client strings are not
// echoed back whole.
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "service/sha256.h"
#include "tests/service/harness.h"

namespace wasmrt::testing {
namespace {

// The server's cap on a status message (service/status_text.h).
constexpr size_t kMaxStatusMessage = 512;

const char kUpload[] = "/wasmrt.v1.ModuleService/Upload";
const char* const kUnaryMethods[] = {
    "/wasmrt.v1.ModuleService/Get",       "/wasmrt.v1.ModuleService/List",
    "/wasmrt.v1.ModuleService/Delete",    "/wasmrt.v1.InvocationService/Invoke",
    "/wasmrt.v1.InvocationService/Echo",
};

class RawRequestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = ServerProcess::Start(
        MakeTempDir("raw"), {"--preload", Runfile("examples/misbehave.wasm") + "=misbehave"});
    ASSERT_TRUE(s.ok()) << s.status();
    server_ = std::move(*s);
  }
  std::unique_ptr<ServerProcess> server_;
};

std::string Chunk(const std::string& bytes) {
  v1::UploadRequest part;
  part.set_chunk(bytes);
  return part.SerializeAsString();
}

TEST_F(RawRequestsTest, GarbageBytesAreInvalidArgumentWithAMessage) {
  const std::string garbage(16, '\xff');  // a varint that never ends
  for (const char* method : kUnaryMethods) {
    grpc::Status s = RawUnary(server_->Channel(), method, garbage);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << method << ": "
                                                                  << s.error_message();
    EXPECT_TRUE(absl::StrContains(s.error_message(), "is not a valid wasmrt.v1."))
        << method << ": " << s.error_message();
  }
  grpc::Status s = RawStream(server_->Channel(), kUpload, {garbage});
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "upload message 1")) << s.error_message();
  // Well-formed raw bytes still work: a serialized GetModuleRequest.
  v1::GetModuleRequest get;
  get.set_module("misbehave");
  std::string reply;
  ASSERT_TRUE(
      RawUnary(server_->Channel(), kUnaryMethods[0], get.SerializeAsString(), &reply).ok());
  v1::ModuleInfo info;
  ASSERT_TRUE(info.ParseFromString(reply));
  EXPECT_EQ(info.names(0), "misbehave");
}

TEST_F(RawRequestsTest, AMalformedMessageInAnUploadStreamStoresNothing) {
  // The part before the bad message is a whole valid module: a server that
  // took the end of parsing for the end of the stream stored it.
  std::string fib = ReadFileOrEmpty(Runfile("examples/fib.wasm"));
  ASSERT_FALSE(fib.empty());
  v1::UploadRequest header;
  header.mutable_header()->set_name("fib");
  grpc::Status s = RawStream(server_->Channel(), kUpload,
                             {header.SerializeAsString(), Chunk(fib.substr(0, 10)),
                              Chunk(fib.substr(10)), std::string(16, '\xff'), Chunk("tail"),
                              Chunk("more")});
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "upload message 4")) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "nothing was stored")) << s.error_message();

  Client c(server_->Channel());
  v1::ListModulesResponse list;
  ASSERT_TRUE(c.List(&list).ok());
  ASSERT_EQ(list.modules_size(), 1) << list.DebugString();  // only the preloaded one
  EXPECT_EQ(list.modules(0).names(0), "misbehave");
  v1::ModuleInfo info;
  EXPECT_EQ(c.Get(service::ContentDigest(fib), &info).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(c.Get("fib", &info).error_code(), grpc::StatusCode::NOT_FOUND);

  // The same stream without the bad message stores exactly that module.
  std::string reply;
  ASSERT_TRUE(RawStream(server_->Channel(), kUpload,
                        {header.SerializeAsString(), Chunk(fib.substr(0, 10)),
                         Chunk(fib.substr(10))},
                        &reply)
                  .ok());
  ASSERT_TRUE(info.ParseFromString(reply));
  EXPECT_EQ(info.id(), service::ContentDigest(fib));
}

TEST_F(RawRequestsTest, LongClientStringsAreNotEchoedWhole) {
  Client c(server_->Channel());
  const std::string long_name(16 * 1024, 'n');
  v1::InvokeResponse r;
  grpc::Status s = c.Invoke(TypedCall(long_name, "f", {}), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message().substr(0, 200);
  EXPECT_LE(s.error_message().size(), kMaxStatusMessage);
  v1::ModuleInfo info;
  s = c.Get(long_name, &info);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message().substr(0, 200);
  EXPECT_LE(s.error_message().size(), kMaxStatusMessage);
  s = c.Delete(long_name);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message().substr(0, 200);
  EXPECT_LE(s.error_message().size(), kMaxStatusMessage);
  s = c.Upload(ReadFileOrEmpty(Runfile("examples/fib.wasm")), long_name);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message().substr(0, 200);
  EXPECT_LE(s.error_message().size(), kMaxStatusMessage);

  // An unknown export: the name is quoted as a short prefix with its size.
  const std::string long_function(16 * 1024, 'f');
  s = c.Invoke(TypedCall("misbehave", long_function, {}), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message().substr(0, 200);
  EXPECT_LT(s.error_message().size(), 200u) << s.error_message().substr(0, 200);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "(16384 bytes)")) << s.error_message();
  // A payload call to it, too.
  s = c.Invoke(PayloadCall("misbehave", long_function, "x"), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message().substr(0, 200);
  EXPECT_LT(s.error_message().size(), 200u);
}

}  // namespace
}  // namespace wasmrt::testing
