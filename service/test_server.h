// Test support: an in-process wasmrtd on 127.0.0.1 port 0 with a fresh data
// directory under TEST_TMPDIR, and the ModuleService calls tests need.
#ifndef WASMRT_SERVICE_TEST_SERVER_H_
#define WASMRT_SERVICE_TEST_SERVER_H_

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "service/server.h"

namespace wasmrt::service {

// A runfile's bytes ("examples/shapes.wasm"); "" when it cannot be read.
std::string ReadTestFile(const std::string& path);

class TestServer {
 public:
  // Starts a server whose data directory is TEST_TMPDIR/`dir`_N (N counts
  // the servers started); fails the test (and returns null) when it does
  // not start.
  static std::unique_ptr<TestServer> Start(const std::string& dir);

  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }
  Server& server() { return *server_; }

  grpc::Status Upload(const std::string& bytes, const std::string& name);
  grpc::Status Delete(const std::string& name);

 private:
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_TEST_SERVER_H_
