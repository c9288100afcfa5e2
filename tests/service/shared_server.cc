#include "tests/service/shared_server.h"

namespace wasmrt::testing {

ServerProcess* SharedServerTest::server_ = nullptr;

ToolResult RunWasmctl(const std::string& address, const std::vector<std::string>& args,
                      const std::string& stdin_data) {
  std::vector<std::string> argv = {Runfile("tools/wasmctl/wasmctl"), "--server", address};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunTool(argv, stdin_data);
}

bool SharedServerTest::StartServer(const std::string& prefix,
                                   const std::vector<std::string>& flags) {
  auto s = ServerProcess::Start(MakeTempDir(prefix), flags);
  EXPECT_TRUE(s.ok()) << s.status();
  if (!s.ok()) return false;
  server_ = s->release();
  return true;
}

void SharedServerTest::TearDownTestSuite() {
  delete server_;
  server_ = nullptr;
}

void SharedServerTest::SetUp() {
  ASSERT_NE(server_, nullptr);
  ASSERT_TRUE(server_->Running()) << server_->log();
}

}  // namespace wasmrt::testing
