// wasmctl against a real wasmrtd: output, JSON, exit statuses, health.
#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "tests/service/shared_server.h"

namespace wasmrt::testing {
namespace {

class WasmctlTest : public SharedServerTest {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(StartServer("wasmctl", {"--preload", Runfile("examples/greet.wasm") + "=greet"}));
  }
};

TEST_F(WasmctlTest, UploadListGetDelete) {
  ToolResult up = Ctl({"upload", Runfile("examples/typed.wasm"), "--name", "typed"});
  ASSERT_EQ(up.exit, 0) << up.err;
  std::string id(absl::StripAsciiWhitespace(up.out));
  EXPECT_TRUE(absl::StartsWith(id, "sha256:")) << up.out;
  EXPECT_EQ(id.size(), 7u + 64u);

  ToolResult list = Ctl({"list"});
  ASSERT_EQ(list.exit, 0) << list.err;
  EXPECT_TRUE(absl::StrContains(list.out, id + "  ")) << list.out;
  EXPECT_TRUE(absl::StrContains(list.out, "typed")) << list.out;

  ToolResult get = Ctl({"get", "typed"});
  ASSERT_EQ(get.exit, 0) << get.err;
  EXPECT_TRUE(absl::StrContains(get.out, "func mix (i32 i64 f32 f64) -> (f64)")) << get.out;

  ToolResult json = Ctl({"--json", "get", id});
  ASSERT_EQ(json.exit, 0) << json.err;
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["id"], id);
  EXPECT_EQ(j["names"][0], "typed");

  ToolResult del = Ctl({"delete", "typed"});
  ASSERT_EQ(del.exit, 0) << del.err;
  EXPECT_TRUE(absl::StrContains(del.out, id)) << del.out;
  ToolResult gone = Ctl({"get", id});
  EXPECT_EQ(gone.exit, 3);
  EXPECT_TRUE(absl::StartsWith(gone.err, "wasmctl: NOT_FOUND: ")) << gone.err;
}

// A module built without its service gets it at upload (or from
// embed-proto: the same bytes), and then serves it as a gRPC method.
TEST_F(WasmctlTest, UploadWithProtoDescriptorSetServesTheMethod) {
  std::string plain = Runfile("examples/shapes_plain.wasm");
  std::string set = Runfile("examples/proto/shapes_v1.pb");
  ToolResult up = Ctl({"upload", plain, "--proto-descriptor-set", set, "--name", "shapes-v1"});
  ASSERT_EQ(up.exit, 0) << up.err;
  // shapes.v1.AreaRequest {w: 2, h: 8}, answered with AreaResponse {area: 16}.
  std::string request("\x09\0\0\0\0\0\0\0\x40\x11\0\0\0\0\0\0\x20\x40", 18);
  std::string reply;
  grpc::Status s = RawUnary(server_->Channel(), "/shapes.v1.Shapes/Area", request, &reply);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(reply, std::string("\x09\0\0\0\0\0\0\x30\x40", 9));

  std::string out = MakeTempDir("embed") + "/shapes.wasm";
  ToolResult embed = Ctl({"embed-proto", plain, set, out});
  ASSERT_EQ(embed.exit, 0) << embed.err;
  ToolResult again = Ctl({"upload", out, "--name", "shapes-v1"});
  ASSERT_EQ(again.exit, 0) << again.err;
  EXPECT_EQ(again.out, up.out);  // the same module id

  ToolResult bad = Ctl({"upload", plain, "--proto-descriptor-set", plain});
  EXPECT_EQ(bad.exit, 2);
  EXPECT_TRUE(absl::StrContains(bad.err, "FileDescriptorSet")) << bad.err;
  ASSERT_EQ(Ctl({"delete", "shapes-v1"}).exit, 0);
}

TEST_F(WasmctlTest, InvokeWithBareAndTypedArguments) {
  ASSERT_EQ(Ctl({"upload", Runfile("examples/typed.wasm"), "--name", "t2"}).exit, 0);
  ToolResult add = Ctl({"invoke", "t2", "add", "40", "2"});
  ASSERT_EQ(add.exit, 0) << add.err;
  EXPECT_EQ(add.out, "42\n");
  EXPECT_TRUE(absl::StrContains(add.err, "stats: fuel=")) << add.err;

  ToolResult mix = Ctl({"invoke", "t2", "mix", "i32:1", "-3", "f32:1.5", "0x1p-2"});
  ASSERT_EQ(mix.exit, 0) << mix.err;
  EXPECT_EQ(mix.out, "-0.25\n");

  ToolResult neg = Ctl({"invoke", "t2", "pair", "i64:-9223372036854775807"});
  ASSERT_EQ(neg.exit, 0) << neg.err;
  EXPECT_EQ(neg.out, "9223372036854775807\n");

  ToolResult json = Ctl({"--json", "invoke", "t2", "add", "1", "2"});
  ASSERT_EQ(json.exit, 0) << json.err;
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["outcome"], "returned");
  EXPECT_EQ(j["results"][0]["type"], "i32");
  EXPECT_EQ(j["results"][0]["value"], 3);
  EXPECT_TRUE(j["stats"].contains("fuel_used"));
}

TEST_F(WasmctlTest, ATrapPrintsItsKindAndExitsOne) {
  ASSERT_EQ(Ctl({"upload", Runfile("examples/misbehave.wasm"), "--name", "mis"}).exit, 0);
  ToolResult spin = Ctl({"invoke", "mis", "spin", "--fuel", "1000"});
  EXPECT_EQ(spin.exit, 1);
  EXPECT_TRUE(absl::StrContains(spin.err, "trap: fuel_exhausted: fuel exhausted")) << spin.err;
  ToolResult timeout = Ctl({"invoke", "mis", "spin", "--timeout", "200ms"});
  EXPECT_EQ(timeout.exit, 1);
  EXPECT_TRUE(absl::StrContains(timeout.err, "trap: timeout")) << timeout.err;
  ToolResult json = Ctl({"--json", "invoke", "mis", "recurse"});
  EXPECT_EQ(json.exit, 1);
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["outcome"], "trap");
  EXPECT_EQ(j["trap"]["kind"], "stack_exhausted");
  ToolResult bomb = Ctl({"invoke", "mis", "bomb", "--memory", "1Mi"});
  EXPECT_EQ(bomb.exit, 0) << bomb.err;
  EXPECT_EQ(bomb.out, "14\n");
}

TEST_F(WasmctlTest, PayloadFromFileStdinOrInline) {
  ToolResult inline_payload = Ctl({"invoke", "greet", "greet", "--payload", "world"});
  ASSERT_EQ(inline_payload.exit, 0) << inline_payload.err;
  EXPECT_EQ(inline_payload.out, "hello, world");

  ToolResult from_stdin = Ctl({"invoke", "greet", "greet", "--payload-file", "-"}, "pipe");
  ASSERT_EQ(from_stdin.exit, 0) << from_stdin.err;
  EXPECT_EQ(from_stdin.out, "hello, pipe");

  std::string dir = MakeTempDir("payload");
  WriteFile(dir + "/in.bin", std::string("bin\0ary", 7));
  ToolResult to_file = Ctl({"invoke", "greet", "greet", "--payload-file", dir + "/in.bin",
                            "--type-url", "x/y", "--output", dir + "/out.bin"});
  ASSERT_EQ(to_file.exit, 0) << to_file.err;
  EXPECT_EQ(to_file.out, "");
  EXPECT_EQ(ReadFileOrEmpty(dir + "/out.bin"), std::string("hello, bin\0ary", 14));

  ToolResult json = Ctl({"--json", "invoke", "greet", "greet", "--payload", "j", "--type-url",
                         "text/plain"});
  ASSERT_EQ(json.exit, 0) << json.err;
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["outcome"], "output");
  EXPECT_EQ(j["output"]["type_url"], "text/plain");
  EXPECT_EQ(j["output"]["base64"], "aGVsbG8sIGo=");  // "hello, j"
}

TEST_F(WasmctlTest, WasiStdinEnvArgsAndExitCode) {
  ASSERT_EQ(Ctl({"upload", Runfile("examples/wasi_io.wasm"), "--name", "io"}).exit, 0);
  std::string dir = MakeTempDir("wasi");
  WriteFile(dir + "/in.txt", "from a file");
  ToolResult echo = Ctl({"invoke", "io", "_start", "--arg", "echo", "--stdin", dir + "/in.txt",
                         "--env", "GREETING=hi"});
  EXPECT_EQ(echo.exit, 1) << "a non-zero WASI exit code exits 1";
  EXPECT_EQ(echo.out, "from a file");
  EXPECT_TRUE(absl::StrContains(echo.err, "GREETING=hi\n")) << echo.err;
  EXPECT_TRUE(absl::StrContains(echo.err, "exit code: 3")) << echo.err;
  ToolResult json = Ctl({"--json", "invoke", "io", "_start", "--arg", "echo", "--stdin", "-"},
                        "piped");
  EXPECT_EQ(json.exit, 1);
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["outcome"], "exit");
  EXPECT_EQ(j["exit_code"], 3);
  EXPECT_EQ(j["stdout"], "piped");
  EXPECT_EQ(j["stderr"], "GREETING=(unset)\n");
}

TEST_F(WasmctlTest, ServerErrorsPrintOneLineAndExitThree) {
  ToolResult missing = Ctl({"invoke", "nope", "f"});
  EXPECT_EQ(missing.exit, 3);
  EXPECT_EQ(missing.err, "wasmctl: NOT_FOUND: no module named \"nope\"\n");
  ToolResult bad_args = Ctl({"invoke", "greet", "greet", "i32:1"});
  EXPECT_EQ(bad_args.exit, 3);
  EXPECT_TRUE(absl::StartsWith(bad_args.err, "wasmctl: INVALID_ARGUMENT: ")) << bad_args.err;
  ToolResult caps = Ctl({"invoke", "greet", "greet", "--payload", "x", "--timeout", "1h"});
  EXPECT_EQ(caps.exit, 2) << "1h is not a duration wasmctl knows";
  caps = Ctl({"invoke", "greet", "greet", "--payload", "x", "--timeout", "600s"});
  EXPECT_EQ(caps.exit, 3);
  EXPECT_TRUE(absl::StartsWith(caps.err, "wasmctl: RESOURCE_EXHAUSTED: ")) << caps.err;
  ToolResult json = Ctl({"--json", "get", "nope"});
  EXPECT_EQ(json.exit, 3);
  EXPECT_EQ(nlohmann::json::parse(json.out)["error"]["code"], "NOT_FOUND");

  std::string dir = MakeTempDir("bad");
  WriteFile(dir + "/bad.wasm", std::string("\0asm\x02", 5));
  ToolResult upload = Ctl({"upload", dir + "/bad.wasm"});
  EXPECT_EQ(upload.exit, 3);
  EXPECT_TRUE(absl::StartsWith(upload.err, "wasmctl: INVALID_ARGUMENT: ")) << upload.err;
  EXPECT_TRUE(absl::StrContains(upload.err, "offset")) << upload.err;
}

TEST_F(WasmctlTest, UsageErrorsExitTwoAndHelpExitsZero) {
  EXPECT_EQ(Ctl({}).exit, 2);
  EXPECT_EQ(Ctl({"frobnicate"}).exit, 2);
  EXPECT_EQ(Ctl({"invoke", "greet"}).exit, 2);
  EXPECT_EQ(Ctl({"list", "--fuel", "3"}).exit, 2);
  EXPECT_EQ(Ctl({"invoke", "a", "f", "1", "--payload", "x"}).exit, 2);
  EXPECT_EQ(Ctl({"upload", "/nonexistent/file.wasm"}).exit, 2);
  for (const char* cmd : {"upload", "list", "get", "delete", "invoke", "health"}) {
    ToolResult h = Ctl({cmd, "--help"});
    EXPECT_EQ(h.exit, 0) << cmd;
    EXPECT_TRUE(absl::StartsWith(h.out, std::string("usage: wasmctl ") + cmd)) << h.out;
  }
  ToolResult h = Ctl({"--help"});
  EXPECT_EQ(h.exit, 0);
  EXPECT_TRUE(absl::StrContains(h.out, "exit status")) << h.out;
}

TEST_F(WasmctlTest, HealthIsServing) {
  ToolResult h = Ctl({"health"});
  EXPECT_EQ(h.exit, 0) << h.err;
  EXPECT_EQ(h.out, "SERVING\n");
  ToolResult j = Ctl({"--json", "health"});
  EXPECT_EQ(nlohmann::json::parse(j.out)["status"], "SERVING");
}

TEST(WasmctlHealthTest, AStoppedServerIsUnhealthy) {
  auto s = ServerProcess::Start(MakeTempDir("health"));
  ASSERT_TRUE(s.ok()) << s.status();
  std::string address = (*s)->address();
  EXPECT_EQ(RunWasmctl(address, {"health"}).exit, 0);
  ASSERT_EQ((*s)->Stop(SIGTERM), 0);
  ToolResult down = RunWasmctl(address, {"--rpc-timeout", "1s", "health"});
  EXPECT_EQ(down.exit, 1);
  EXPECT_TRUE(absl::StartsWith(down.err, "wasmctl: ")) << down.err;
}

TEST(WasmctlHealthTest, TokensAreSent) {
  auto s = ServerProcess::Start(MakeTempDir("tok"), {"--admin-token", "sesame"});
  ASSERT_TRUE(s.ok()) << s.status();
  ToolResult no = RunWasmctl((*s)->address(), {"list"});
  EXPECT_EQ(no.exit, 3);
  EXPECT_TRUE(absl::StartsWith(no.err, "wasmctl: UNAUTHENTICATED: ")) << no.err;
  EXPECT_EQ(RunWasmctl((*s)->address(), {"--token", "sesame", "list"}).exit, 0);
}

}  // namespace
}  // namespace wasmrt::testing
