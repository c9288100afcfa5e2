// Test support: an in-process wasmrtd on 127.0.0.1 port 0 with a fresh data
// directory under TEST_TMPDIR, the ModuleService calls tests need, and raw
// unary calls as a client knowing only a method's path would make them.
#ifndef WASMRT_SERVICE_TEST_SERVER_H_
#define WASMRT_SERVICE_TEST_SERVER_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "service/server.h"

namespace wasmrt::service {

// A runfile's bytes ("examples/shapes.wasm"); "" when it cannot be read.
std::string ReadTestFile(const std::string& path);

class TestServer {
 public:
  // Starts a server whose data directory is TEST_TMPDIR/`dir`_N (N counts
  // the servers started), with two workers and the other defaults, changed
  // by `configure`; fails the test (and returns null) when it does not
  // start.
  static std::unique_ptr<TestServer> Start(
      const std::string& dir, const std::function<void(ServiceConfig&)>& configure = {});

  // Stops the server and starts another on the same data directory (a new
  // port, a new channel); fails the test (and returns false) when the new
  // one does not start.
  bool Restart();

  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }
  Server& server() { return *server_; }

  grpc::Status Upload(const std::string& bytes, const std::string& name);
  grpc::Status Delete(const std::string& name);

 private:
  explicit TestServer(ServiceConfig config) : config_(std::move(config)) {}
  bool Launch();

  ServiceConfig config_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

// What a raw unary call got back: the status, the response's bytes (when
// the status is OK) and the trailing metadata.
struct RawReply {
  grpc::Status status;
  std::string bytes;
  std::multimap<std::string, std::string> trailers;
};

// A raw unary call in progress: started by the constructor, with a
// deadline; cancelled if still running when destroyed.
class RawCall {
 public:
  RawCall(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
          const std::string& request,
          const std::vector<std::pair<std::string, std::string>>& metadata = {},
          absl::Duration deadline = absl::Seconds(60));
  ~RawCall();
  RawCall(const RawCall&) = delete;
  RawCall& operator=(const RawCall&) = delete;

  void Cancel() { ctx_.TryCancel(); }
  // Whether the answer came within `timeout`.
  bool Answered(absl::Duration timeout);
  // Waits for the answer; once only.
  RawReply Wait();

 private:
  grpc::ClientContext ctx_;
  grpc::ByteBuffer in_, out_;
  absl::Notification done_;
  RawReply reply_;
};

// Calls `method` ("/pkg.Service/Method") with `request` sent as it is (no
// protobuf encoding on the client, so a test can send what no stub would)
// and `metadata`, with a deadline.
RawReply RawUnaryCall(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                      const std::string& request,
                      const std::vector<std::pair<std::string, std::string>>& metadata = {});

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_TEST_SERVER_H_
