// A fixture for test suites whose tests share one wasmrtd process: the
// suite's SetUpTestSuite starts it with StartServer, each test begins with
// it running, and it is killed after the suite's last test. Also runs
// wasmctl against it.
#ifndef WASMRT_TESTS_SERVICE_SHARED_SERVER_H_
#define WASMRT_TESTS_SERVICE_SHARED_SERVER_H_

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/service/harness.h"

namespace wasmrt::testing {

/// wasmctl --server `address` `args`, with `stdin_data` on its stdin.
ToolResult RunWasmctl(const std::string& address, const std::vector<std::string>& args,
                      const std::string& stdin_data = "");

class SharedServerTest : public ::testing::Test {
 protected:
  /// Starts wasmrtd on a new data directory (MakeTempDir(`prefix`)) with
  /// `flags`; fails the test (and returns false) when it does not start.
  static bool StartServer(const std::string& prefix, const std::vector<std::string>& flags = {});
  static void TearDownTestSuite();  // kills the server
  void SetUp() override;            // the server is still running

  /// wasmctl against the shared server.
  static ToolResult Ctl(const std::vector<std::string>& args, const std::string& stdin_data = "") {
    return RunWasmctl(server_->address(), args, stdin_data);
  }

  // Owned; a plain pointer so that no static destructor runs at exit.
  static ServerProcess* server_;
};

}  // namespace wasmrt::testing

#endif  // WASMRT_TESTS_SERVICE_SHARED_SERVER_H_
