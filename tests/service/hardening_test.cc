// Regressions from the review of the service: untrusted modules and requests
// must not hold a worker past its limits, leak state, or crash the server.
#include "gtest/gtest.h"
#include "tests/service/harness.h"

namespace wasmrt::testing {
namespace {

TEST(Hardening, AnEndlessStartFunctionIsBoundedAndTheServerStaysUsable) {
  auto s = ServerProcess::Start(
      MakeTempDir("endless_start"),
      {"--workers", "1", "--default-timeout-ms", "300", "--shutdown-grace-seconds", "60",
       "--preload", Runfile("examples/fib.wasm") + "=fib"});
  ASSERT_TRUE(s.ok()) << s.status();
  Client c((*s)->Channel());
  ASSERT_TRUE(c.Upload(ReadFileOrEmpty(Runfile("tests/service/endless_start.wasm")), "endless")
                  .ok());
  v1::InvokeResponse r;
  // An unbounded start function would run into the client's deadline
  // (DEADLINE_EXCEEDED) instead.
  grpc::Status st = c.Invoke(TypedCall("endless", "f", {}), &r, 30s);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << st.error_message();
  EXPECT_NE(st.error_message().find("execution timed out"), std::string::npos)
      << st.error_message();
  // The only worker is free again.
  ASSERT_TRUE(c.Invoke(TypedCall("fib", "fib", {I32(10)}), &r, 10s).ok());
  EXPECT_EQ(r.returned().values(0).i32(), 55);
  // Regression: gRPC's Shutdown waited out the whole grace period (60 s
  // here) while this client's idle connection stayed open.
  EXPECT_EQ((*s)->Stop(SIGTERM, 30s), 0) << (*s)->log();
}

TEST(Hardening, RestartWithAnEndlessStartModuleStillServes) {
  std::string dir = MakeTempDir("endless_restart");
  {
    auto s = ServerProcess::Start(dir, {"--default-timeout-ms", "300"});
    ASSERT_TRUE(s.ok()) << s.status();
    Client c((*s)->Channel());
    ASSERT_TRUE(
        c.Upload(ReadFileOrEmpty(Runfile("tests/service/endless_start.wasm")), "endless").ok());
    ASSERT_EQ((*s)->Stop(), 0);
  }
  auto s = ServerProcess::Start(dir, {"--default-timeout-ms", "300", "--shutdown-grace-seconds",
                                      "60", "--preload", Runfile("examples/fib.wasm") + "=fib"});
  ASSERT_TRUE(s.ok()) << s.status();  // prewarming does not block start-up
  Client c((*s)->Channel());
  v1::InvokeResponse r;
  ASSERT_TRUE(c.Invoke(TypedCall("fib", "fib", {I32(10)}), &r, 10s).ok());
  EXPECT_EQ((*s)->Stop(SIGTERM, 30s), 0) << (*s)->log();
}

TEST(Hardening, AnEnvironmentNameWasiCannotHoldIsInvalidArgument) {
  auto s = ServerProcess::Start(MakeTempDir("badenv"),
                                {"--preload", Runfile("examples/fib.wasm") + "=fib"});
  ASSERT_TRUE(s.ok()) << s.status();
  Client c((*s)->Channel());
  for (const char* name : {"", "A=B"}) {
    v1::InvokeRequest req = TypedCall("fib", "fib", {I32(5)});
    (*req.mutable_wasi()->mutable_env())[name] = "x";
    v1::InvokeResponse r;
    grpc::Status st = c.Invoke(req, &r);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << "name \"" << name << "\"";
  }
}

TEST(Hardening, MalformedModuleKeysAreNotFound) {
  auto s = ServerProcess::Start(MakeTempDir("keys"));
  ASSERT_TRUE(s.ok()) << s.status();
  Client c((*s)->Channel());
  for (std::string key : {std::string("sha256:../../etc/passwd"), std::string("sha256:"),
                          std::string(5000, 'a'), std::string("../x")}) {
    v1::InvokeResponse r;
    grpc::Status st = c.Invoke(TypedCall(key, "f", {}), &r);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::NOT_FOUND) << key.substr(0, 40);
  }
}

TEST(Hardening, StartupFailureIsAnErrorNotACrash) {
  ToolResult r = RunTool({Runfile("service/wasmrtd"), "--listen", "127.0.0.1:0",
                          "--metrics-listen", "", "--data-dir", MakeTempDir("nostart"),
                          "--preload", "/nonexistent/module.wasm"});
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_NE(r.err.find("cannot start"), std::string::npos) << r.err;
}

TEST(Hardening, EmptyTokensAreRefused) {
  ToolResult r = RunTool({Runfile("service/wasmrtd"), "--admin-token", ""});
  EXPECT_EQ(r.exit, 2);
  EXPECT_NE(r.err.find("a token must not be empty"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace wasmrt::testing
