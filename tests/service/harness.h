// Test harness for the service's end-to-end tests: starts the real wasmrtd
// binary on 127.0.0.1 port 0, runs client tools as child processes, and
// small gRPC helpers. Every process started here is killed when its owner is
// destroyed, and by the kernel if the test itself dies (PR_SET_PDEATHSIG).
#ifndef WASMRT_TESTS_SERVICE_HARNESS_H_
#define WASMRT_TESTS_SERVICE_HARNESS_H_

#include <sys/types.h>

#include <csignal>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "proto/wasmrt.grpc.pb.h"

namespace wasmrt::testing {

namespace v1 = ::wasmrt::v1;
using namespace std::chrono_literals;

/// A file of the test's runfiles: "examples/greet.wasm".
std::string Runfile(const std::string& path);
/// The whole file; "" when it cannot be read.
std::string ReadFileOrEmpty(const std::string& path);
void WriteFile(const std::string& path, const std::string& data);
/// A new empty directory under TEST_TMPDIR.
std::string MakeTempDir(const std::string& prefix);

class ServerProcess {
 public:
  /// Starts wasmrtd with --listen 127.0.0.1:0 --metrics-listen 127.0.0.1:0
  /// --data-dir `data_dir` and `flags`, and waits (at most 20 s) for its
  /// "listening on" line.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(
      const std::string& data_dir, const std::vector<std::string>& flags = {});
  ~ServerProcess();  // SIGKILL if still running

  /// Sends `sig` and waits up to `timeout` for the exit; the exit status, or
  /// -1 if it had to be killed, or 128+N when signal N ended it.
  int Stop(int sig = SIGTERM, std::chrono::milliseconds timeout = 20s);
  void Signal(int sig);
  /// Whether the process is still running (reaps it when not).
  bool Running();

  const std::string& address() const { return address_; }
  int metrics_port() const { return metrics_port_; }
  pid_t pid() const { return pid_; }
  /// What the server wrote to stderr so far (its log).
  std::string log() const { return ReadFileOrEmpty(log_path_); }

  std::shared_ptr<grpc::Channel> Channel() const;

 private:
  ServerProcess() = default;
  pid_t pid_ = -1;
  int exit_status_ = -1;
  std::string address_;
  int metrics_port_ = 0;
  int stdout_fd_ = -1;
  std::string log_path_;
};

struct ToolResult {
  int exit = -1;  // exit status; 128+N when killed by signal N
  std::string out;
  std::string err;
};

/// Runs `argv` (argv[0] a path) with `stdin_data` on its stdin, capturing
/// stdout/stderr; killed after `timeout`.
ToolResult RunTool(const std::vector<std::string>& argv, const std::string& stdin_data = "",
                   std::chrono::milliseconds timeout = 30s);

/// gRPC helpers with a deadline on every call.
class Client {
 public:
  explicit Client(std::shared_ptr<grpc::Channel> channel, std::string token = "");

  /// Uploads `bytes` in chunks of `chunk` bytes.
  grpc::Status Upload(const std::string& bytes, const std::string& name,
                      v1::ModuleInfo* info = nullptr, size_t chunk = 64 * 1024,
                      int64_t announced_size = -1);
  /// Upload of a runfile; fails the test when it does not work. Returns the id.
  std::string MustUpload(const std::string& runfile, const std::string& name);
  grpc::Status Invoke(const v1::InvokeRequest& req, v1::InvokeResponse* resp,
                      std::chrono::milliseconds deadline = 30s);
  grpc::Status Get(const std::string& module, v1::ModuleInfo* info);
  grpc::Status List(v1::ListModulesResponse* list);
  grpc::Status Delete(const std::string& module);

 private:
  std::unique_ptr<grpc::ClientContext> Context(std::chrono::milliseconds deadline) const;
  std::shared_ptr<grpc::Channel> channel_;
  std::string token_;
  std::unique_ptr<v1::ModuleService::Stub> modules_;
  std::unique_ptr<v1::InvocationService::Stub> invocations_;
};

/// Raw gRPC calls: the request bytes are sent as they are (no protobuf
/// encoding on the client), so a test can send what no typed stub would.
/// `method` is the full path, e.g. "/wasmrt.v1.ModuleService/Get". The
/// reply's bytes go to `reply` when it is not null.
grpc::Status RawUnary(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                      const std::string& request, std::string* reply = nullptr);
/// Sends each of `messages` on a stream (as a client-streaming call), then
/// half-closes; stops writing once the server has ended the call.
grpc::Status RawStream(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                       const std::vector<std::string>& messages, std::string* reply = nullptr);

/// The /metrics page of a server; "" when it does not answer.
std::string FetchMetrics(int metrics_port);
/// The value of one series in a metrics page ("wasmrt_busy_workers",
/// "wasmrt_calls_total{outcome=\"trap\"}"); -1 when absent.
double MetricValue(const std::string& page, const std::string& series);
/// Polls the metrics until `series` equals `value`; false after `timeout`.
/// For state that changes asynchronously (a worker picking a call up).
bool WaitForMetric(int metrics_port, const std::string& series, double value,
                   std::chrono::milliseconds timeout = 30s);

/// A call that holds a worker for as long as the test wants: misbehave's
/// `spin` with the maximum fuel and a long timeout, ended by Cancel(). Tests
/// use it instead of sleeping for a while in the hope that a call is running.
class HeldCall {
 public:
  /// Starts the call; `timeout_ms` must not exceed the server's cap.
  HeldCall(std::shared_ptr<grpc::Channel> channel, uint32_t timeout_ms = 60'000,
           const std::string& token = "");
  ~HeldCall();  // cancels if still running
  /// Cancels the call and waits for its end; the status the client saw.
  grpc::Status Cancel();
  /// Waits for the call to end on its own; its status and response.
  grpc::Status Wait(v1::InvokeResponse* response = nullptr);

 private:
  grpc::ClientContext context_;
  v1::InvokeResponse response_;
  grpc::Status status_;
  std::thread thread_;
};

/// Request builders.
v1::Value I32(int32_t v);
v1::Value I64(int64_t v);
v1::Value F32(float v);
v1::Value F64(double v);
v1::InvokeRequest TypedCall(const std::string& module, const std::string& function,
                            std::vector<v1::Value> args);
v1::InvokeRequest PayloadCall(const std::string& module, const std::string& function,
                              const std::string& bytes, const std::string& type_url = "");

}  // namespace wasmrt::testing

#endif  // WASMRT_TESTS_SERVICE_HARNESS_H_
