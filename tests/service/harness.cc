#include "tests/service/harness.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <bit>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>

#include <future>

#include <grpcpp/generic/generic_stub.h>
#include <httplib.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace wasmrt::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<char*> CArgv(std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (std::string& a : argv) out.push_back(a.data());
  out.push_back(nullptr);
  return out;
}

// Waits for `pid` until `deadline`; the status as ServerProcess::Stop says,
// or -2 when it is still running.
int WaitUntil(pid_t pid, Clock::time_point deadline) {
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
      return -1;
    }
    if (r < 0) return -1;
    if (Clock::now() >= deadline) return -2;
    std::this_thread::sleep_for(10ms);
  }
}

}  // namespace

std::string Runfile(const std::string& path) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  if (srcdir == nullptr) return path;
  return absl::StrCat(srcdir, "/wasmrt/", path);
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

std::string MakeTempDir(const std::string& prefix) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string pattern = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/", prefix, "XXXXXX");
  char* dir = mkdtemp(pattern.data());
  return dir == nullptr ? "" : std::string(dir);
}

// ---- ServerProcess ------------------------------------------------------------

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(
    const std::string& data_dir, const std::vector<std::string>& flags) {
  static std::atomic<int> counter{0};
  std::unique_ptr<ServerProcess> s(new ServerProcess());
  s->log_path_ = absl::StrCat(MakeTempDir("log"), "/wasmrtd-", counter++, ".log");
  std::vector<std::string> argv = {Runfile("service/wasmrtd"), "--listen", "127.0.0.1:0",
                                   "--metrics-listen", "127.0.0.1:0", "--data-dir", data_dir};
  argv.insert(argv.end(), flags.begin(), flags.end());
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return absl::InternalError("pipe");
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork");
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int log = open(s->log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out[1], 1);
    if (log >= 0) dup2(log, 2);
    auto cargv = CArgv(argv);
    execv(cargv[0], cargv.data());
    _exit(127);
  }
  close(out[1]);
  s->pid_ = pid;
  // Read stdout until "listening on HOST:PORT" and "metrics on http://HOST:PORT/metrics".
  std::string text;
  auto deadline = Clock::now() + 20s;
  bool metrics_wanted = true;
  for (size_t i = 0; i + 1 < flags.size(); ++i) {
    if (flags[i] == "--metrics-listen" && flags[i + 1].empty()) metrics_wanted = false;
  }
  while (Clock::now() < deadline) {
    bool have_listen = absl::StrContains(text, "listening on ");
    bool have_metrics = absl::StrContains(text, "/metrics\n");
    if (have_listen && (have_metrics || !metrics_wanted) && absl::EndsWith(text, "\n")) break;
    pollfd p{out[0], POLLIN, 0};
    int ms = int(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now())
                     .count());
    if (poll(&p, 1, std::max(ms, 1)) <= 0) continue;
    char buf[512];
    ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;  // the server exited
    text.append(buf, size_t(n));
  }
  s->stdout_fd_ = out[0];  // kept open so a late line cannot hit a closed pipe
  size_t at = text.find("listening on ");
  if (at == std::string::npos) {
    return absl::UnavailableError(absl::StrCat("wasmrtd did not start; stdout: ", text,
                                               " log: ", s->log()));
  }
  std::string line = text.substr(at + 13, text.find('\n', at) - at - 13);
  s->address_ = line;
  size_t url_at = text.find("metrics on http://");
  size_t path_at = text.find("/metrics\n", url_at);
  if (url_at != std::string::npos && path_at != std::string::npos) {
    std::string host_port = text.substr(url_at + 18, path_at - url_at - 18);
    std::string digits = host_port.substr(host_port.rfind(':') + 1);
    (void)absl::SimpleAtoi(digits, &s->metrics_port_);
  }
  return s;
}

ServerProcess::~ServerProcess() {
  if (stdout_fd_ >= 0) close(stdout_fd_);
  if (pid_ > 0 && exit_status_ == -1 && Running()) {
    kill(pid_, SIGKILL);
    WaitUntil(pid_, Clock::now() + 10s);
  }
}

void ServerProcess::Signal(int sig) { kill(pid_, sig); }

bool ServerProcess::Running() {
  if (exit_status_ != -1) return false;
  int r = WaitUntil(pid_, Clock::now());
  if (r == -2) return true;
  exit_status_ = r;
  return false;
}

int ServerProcess::Stop(int sig, std::chrono::milliseconds timeout) {
  if (!Running()) return exit_status_;
  kill(pid_, sig);
  int r = WaitUntil(pid_, Clock::now() + timeout);
  if (r == -2) {
    kill(pid_, SIGKILL);
    WaitUntil(pid_, Clock::now() + 10s);
    exit_status_ = -1;
    return -1;
  }
  exit_status_ = r;
  return r;
}

std::shared_ptr<grpc::Channel> ServerProcess::Channel() const {
  return grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
}

// ---- RunTool --------------------------------------------------------------------

ToolResult RunTool(const std::vector<std::string>& argv_in, const std::string& stdin_data,
                   std::chrono::milliseconds timeout) {
  ToolResult result;
  std::vector<std::string> argv = argv_in;
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    return result;
  }
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    auto cargv = CArgv(argv);
    execv(cargv[0], cargv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  // Feed stdin from a thread so a large input cannot deadlock with output.
  std::thread feeder([fd = in[1], &stdin_data] {
    size_t done = 0;
    while (done < stdin_data.size()) {
      ssize_t n = write(fd, stdin_data.data() + done, stdin_data.size() - done);
      if (n <= 0) break;
      done += size_t(n);
    }
    close(fd);
  });
  auto deadline = Clock::now() + timeout;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  while (open_fds > 0 && Clock::now() < deadline) {
    if (poll(fds, 2, 100) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        sinks[i]->append(buf, size_t(n));
      }
    }
  }
  if (open_fds > 0) kill(pid, SIGKILL);
  for (auto& f : fds) {
    if (f.fd >= 0) close(f.fd);
  }
  int r = WaitUntil(pid, Clock::now() + 10s);
  if (r == -2) {
    kill(pid, SIGKILL);
    r = WaitUntil(pid, Clock::now() + 10s);
  }
  feeder.join();
  result.exit = r;
  return result;
}

// ---- Client -----------------------------------------------------------------------

Client::Client(std::shared_ptr<grpc::Channel> channel, std::string token)
    : channel_(std::move(channel)),
      token_(std::move(token)),
      modules_(v1::ModuleService::NewStub(channel_)),
      invocations_(v1::InvocationService::NewStub(channel_)) {}

std::unique_ptr<grpc::ClientContext> Client::Context(std::chrono::milliseconds deadline) const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + deadline);
  if (!token_.empty()) ctx->AddMetadata("authorization", "Bearer " + token_);
  return ctx;
}

grpc::Status Client::Upload(const std::string& bytes, const std::string& name,
                            v1::ModuleInfo* info, size_t chunk, int64_t announced_size) {
  auto ctx = Context(30s);
  v1::ModuleInfo ignored;
  auto writer = modules_->Upload(ctx.get(), info != nullptr ? info : &ignored);
  v1::UploadRequest header;
  header.mutable_header()->set_name(name);
  header.mutable_header()->set_size_bytes(announced_size < 0 ? bytes.size()
                                                             : uint64_t(announced_size));
  bool open = writer->Write(header);
  for (size_t at = 0; open && at < bytes.size(); at += chunk) {
    v1::UploadRequest part;
    part.set_chunk(bytes.substr(at, chunk));
    open = writer->Write(part);
  }
  if (open) writer->WritesDone();
  return writer->Finish();
}

std::string Client::MustUpload(const std::string& runfile, const std::string& name) {
  std::string bytes = ReadFileOrEmpty(Runfile(runfile));
  EXPECT_FALSE(bytes.empty()) << runfile;
  v1::ModuleInfo info;
  grpc::Status s = Upload(bytes, name, &info);
  EXPECT_TRUE(s.ok()) << runfile << ": " << s.error_message();
  return info.id();
}

grpc::Status Client::Invoke(const v1::InvokeRequest& req, v1::InvokeResponse* resp,
                            std::chrono::milliseconds deadline) {
  auto ctx = Context(deadline);
  return invocations_->Invoke(ctx.get(), req, resp);
}

grpc::Status Client::Get(const std::string& module, v1::ModuleInfo* info) {
  auto ctx = Context(10s);
  v1::GetModuleRequest req;
  req.set_module(module);
  return modules_->Get(ctx.get(), req, info);
}

grpc::Status Client::List(v1::ListModulesResponse* list) {
  auto ctx = Context(10s);
  return modules_->List(ctx.get(), v1::ListModulesRequest(), list);
}

grpc::Status Client::Delete(const std::string& module) {
  auto ctx = Context(10s);
  v1::DeleteModuleRequest req;
  req.set_module(module);
  v1::DeleteModuleResponse resp;
  return modules_->Delete(ctx.get(), req, &resp);
}

// ---- raw calls --------------------------------------------------------------------

namespace {

grpc::ByteBuffer ToBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string FromBuffer(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  for (const grpc::Slice& s : slices) out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return out;
}

}  // namespace

grpc::Status RawUnary(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                      const std::string& request, std::string* reply) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 30s);
  grpc::ByteBuffer req = ToBuffer(request), resp;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, method, grpc::StubOptions(), &req, &resp,
                 [&done](grpc::Status s) { done.set_value(std::move(s)); });
  grpc::Status status = done.get_future().get();
  if (status.ok() && reply != nullptr) *reply = FromBuffer(resp);
  return status;
}

grpc::Status RawStream(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                       const std::vector<std::string>& messages, std::string* reply) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 30s);
  grpc::CompletionQueue cq;
  // One operation at a time, so one tag will do.
  void* const tag = reinterpret_cast<void*>(1);
  auto next = [&cq] {
    void* got = nullptr;
    bool ok = false;
    return cq.Next(&got, &ok) && ok;
  };
  auto call = stub.PrepareCall(&ctx, method, &cq);
  call->StartCall(tag);
  bool open = next();
  for (size_t i = 0; open && i < messages.size(); ++i) {
    call->Write(ToBuffer(messages[i]), tag);
    open = next();
  }
  if (open) {
    call->WritesDone(tag);
    next();
  }
  grpc::ByteBuffer resp;
  call->Read(&resp, tag);
  bool got_reply = next();
  grpc::Status status;
  call->Finish(&status, tag);
  next();
  if (got_reply && reply != nullptr) *reply = FromBuffer(resp);
  cq.Shutdown();
  void* ignored_tag;
  bool ignored_ok;
  while (cq.Next(&ignored_tag, &ignored_ok)) {
  }
  return status;
}

// ---- metrics ----------------------------------------------------------------------

std::string FetchMetrics(int metrics_port) {
  httplib::Client http("127.0.0.1", metrics_port);
  http.set_connection_timeout(5);
  http.set_read_timeout(5);
  auto res = http.Get("/metrics");
  if (!res || res->status != 200) return "";
  return res->body;
}

double MetricValue(const std::string& page, const std::string& series) {
  std::string prefix = series + " ";
  for (size_t at = 0; at < page.size();) {
    size_t end = page.find('\n', at);
    if (end == std::string::npos) end = page.size();
    absl::string_view line(page.data() + at, end - at);
    if (absl::StartsWith(line, prefix)) {
      double v = -1;
      if (absl::SimpleAtod(line.substr(prefix.size()), &v)) return v;
    }
    at = end + 1;
  }
  return -1;
}

bool WaitForMetric(int metrics_port, const std::string& series, double value,
                   std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (MetricValue(FetchMetrics(metrics_port), series) == value) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

// ---- HeldCall ---------------------------------------------------------------------

HeldCall::HeldCall(std::shared_ptr<grpc::Channel> channel, uint32_t timeout_ms,
                   const std::string& token) {
  context_.set_deadline(std::chrono::system_clock::now() + 120s);
  if (!token.empty()) context_.AddMetadata("authorization", "Bearer " + token);
  thread_ = std::thread([this, channel, timeout_ms] {
    auto stub = v1::InvocationService::NewStub(channel);
    v1::InvokeRequest req = TypedCall("misbehave", "spin", {});
    req.mutable_limits()->set_timeout_ms(timeout_ms);
    req.mutable_limits()->set_fuel(1'000'000'000'000);  // the default cap
    status_ = stub->Invoke(&context_, req, &response_);
  });
}

HeldCall::~HeldCall() {
  if (thread_.joinable()) Cancel();
}

grpc::Status HeldCall::Cancel() {
  context_.TryCancel();
  return Wait();
}

grpc::Status HeldCall::Wait(v1::InvokeResponse* response) {
  if (thread_.joinable()) thread_.join();
  if (response != nullptr) *response = response_;
  return status_;
}

// ---- builders ---------------------------------------------------------------------

v1::Value I32(int32_t v) {
  v1::Value x;
  x.set_i32(v);
  return x;
}

v1::Value I64(int64_t v) {
  v1::Value x;
  x.set_i64(v);
  return x;
}

v1::Value F32(float v) {
  v1::Value x;
  x.set_f32_bits(std::bit_cast<uint32_t>(v));
  return x;
}

v1::Value F64(double v) {
  v1::Value x;
  x.set_f64_bits(std::bit_cast<uint64_t>(v));
  return x;
}

v1::InvokeRequest TypedCall(const std::string& module, const std::string& function,
                            std::vector<v1::Value> args) {
  v1::InvokeRequest req;
  req.set_module(module);
  req.set_function(function);
  req.mutable_args();  // an empty argument list is still the typed form
  for (auto& a : args) *req.mutable_args()->add_values() = a;
  return req;
}

v1::InvokeRequest PayloadCall(const std::string& module, const std::string& function,
                              const std::string& bytes, const std::string& type_url) {
  v1::InvokeRequest req;
  req.set_module(module);
  req.set_function(function);
  req.mutable_payload()->set_type_url(type_url);
  req.mutable_payload()->set_value(bytes);
  return req;
}

}  // namespace wasmrt::testing
