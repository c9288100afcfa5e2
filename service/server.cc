#include "service/server.h"

#include <httplib.h>

#include <fstream>
#include <iterator>


#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "service/health_service.h"
#include "service/log.h"
#include "service/reflection_service.h"
#include "service/store_files.h"
#include "service/typed_service.h"
#include "service/wasi_binding.h"

namespace wasmrt::service {
namespace {

std::shared_ptr<grpc::ServerCredentials> Credentials(const ServiceConfig& c) {
  if (c.tls_cert_file.empty()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions ssl;
  auto cert = ReadFile(c.tls_cert_file);
  auto key = ReadFile(c.tls_key_file);
  if (!cert.ok() || !key.ok()) return nullptr;
  ssl.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(ssl);
}

// "host:port" -> (host, port).
std::pair<std::string, int> SplitHostPort(const std::string& addr) {
  size_t colon = addr.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(addr.substr(colon + 1), &port)) {
    return {addr, -1};
  }
  std::string host = addr.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  return {host, port};
}

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(
    ServiceConfig config, const std::vector<std::pair<std::string, std::string>>& preload) {
  std::unique_ptr<Server> s(new Server());
  ServiceContext& ctx = s->ctx_;
  ctx.config = std::move(config);
  const ServiceConfig& c = ctx.config;
  ctx.typed = std::make_unique<TypedRouter>();
  ModuleRegistryOptions registry_options;
  registry_options.listener = ctx.typed.get();
  auto registry = ModuleRegistry::Open(
      c.data_dir, CheckedCompiler(CheckServiceImports, {.tier = c.tier}), registry_options);
  if (!registry.ok()) return registry.status();
  ctx.modules = std::move(*registry);
  for (const auto& [file, name] : preload) {
    auto bytes = ReadFile(file);
    if (!bytes.ok()) return bytes.status();
    auto m = ctx.modules->Add(*bytes, name);
    if (!m.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--preload ", file, ": ", m.status().message()));
    }
    Log(LogLevel::kInfo, absl::StrCat("preloaded file=", file, " id=", (*m)->id, " name=", name));
  }
  PoolOptions pool;
  pool.min_warm = c.pool_min_warm;
  pool.max_idle = c.pool_max_idle > 0 ? c.pool_max_idle : c.workers;
  pool.max_call_depth = c.max_call_depth;
  pool.max_memory_pages = uint32_t(std::min<uint64_t>(c.max_memory_bytes / kPageSize, kMaxPages));
  pool.max_stdio_bytes = c.max_stdio_bytes;
  pool.start_fuel = c.default_fuel;
  pool.start_timeout_ms = c.default_timeout_ms;
  pool.start_memory_pages =
      uint32_t(std::min<uint64_t>(c.default_memory_bytes / kPageSize, kMaxPages));
  if (c.pool_disable) {  // nothing kept idle: every Acquire instantiates
    pool.min_warm = 0;
    pool.max_idle = 0;
  }
  ctx.pools = std::make_unique<PoolManager>(pool);
  ctx.executor = std::make_unique<Executor>(c.workers, c.queue_size);
  // Uploads are admin-only and rare: one at a time, a few waiting.
  ctx.uploads = std::make_unique<Executor>(1, 16);
  ctx.auth = std::make_unique<Authorizer>(c.admin_tokens, c.invoker_tokens);

  auto creds = Credentials(c);
  if (creds == nullptr) return absl::InvalidArgumentError("cannot read the TLS cert or key");
  s->module_service_ = std::make_unique<ModuleServiceImpl>(ctx);
  s->invocation_service_ = std::make_unique<InvocationServiceImpl>(ctx, s->calls_);
  // Health and reflection are ours (not gRPC's default ones): they also
  // report the typed services, which come and go with the module names.
  const std::vector<std::string> builtin = {
      v1::ModuleService::service_full_name(), v1::InvocationService::service_full_name(),
      kHealthService, kReflectionV1Alpha, kReflectionV1};
  s->health_ = std::make_unique<HealthService>(builtin, ctx.typed.get());
  HealthService* health = s->health_.get();
  ctx.typed->SetChangeCallback([health] { health->Changed(); });
  s->reflection_v1alpha_ = NewReflectionV1AlphaService(builtin, ctx.typed.get());
  s->reflection_v1_ = NewReflectionV1Service(builtin, ctx.typed.get());
  grpc::ServerBuilder builder;
  builder.AddListeningPort(c.listen, creds, &s->grpc_port_);
  builder.RegisterService(s->module_service_.get());
  builder.RegisterService(s->invocation_service_.get());
  builder.RegisterService(s->health_.get());
  builder.RegisterService(s->reflection_v1alpha_.get());
  builder.RegisterService(s->reflection_v1_.get());
  // Every other path: the typed methods of modules uploaded under a name.
  s->typed_service_ = std::make_unique<TypedMethodService>(ctx, s->calls_);
  s->typed_service_->Register(builder);
  s->calls_.Register(builder);
  builder.SetMaxReceiveMessageSize(int(std::min<uint64_t>(
      std::max(c.max_payload_bytes, uint64_t(4) << 20) + (1 << 20), INT32_MAX)));
  builder.SetMaxSendMessageSize(int(std::min<uint64_t>(
      c.max_output_bytes + 2 * c.max_stdio_bytes + (1 << 20), INT32_MAX)));
  s->grpc_ = builder.BuildAndStart();
  if (s->grpc_ == nullptr || s->grpc_port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", c.listen));
  }
  // A few calls requested ahead per thread, so arrivals do not wait.
  int threads = c.workers + 1;
  s->invocation_service_->StartAccepting(2 * threads);
  s->typed_service_->StartAccepting(2 * threads);
  s->calls_.Start(threads);

  if (!c.metrics_listen.empty()) {
    auto [host, port] = SplitHostPort(c.metrics_listen);
    if (port < 0) return absl::InvalidArgumentError("bad --metrics-listen " + c.metrics_listen);
    s->http_ = std::make_unique<httplib::Server>();
    Server* self = s.get();
    s->http_->Get("/metrics", [self](const httplib::Request&, httplib::Response& res) {
      std::string body = self->ctx_.metrics.Render([self](std::string& out) {
        absl::StrAppend(&out,
                        "# HELP wasmrt_queue_depth Calls waiting for a worker.\n"
                        "# TYPE wasmrt_queue_depth gauge\nwasmrt_queue_depth ",
                        self->ctx_.executor->queue_depth(),
                        "\n# HELP wasmrt_busy_workers Worker slots running a call (--workers of them).\n"
                        "# TYPE wasmrt_busy_workers gauge\nwasmrt_busy_workers ",
                        self->ctx_.executor->busy(), "\n",
                        "# HELP wasmrt_tier_info The --tier modules are compiled with.\n"
                        "# TYPE wasmrt_tier_info gauge\nwasmrt_tier_info{tier=\"",
                        TierName(self->ctx_.config.tier), "\"} 1\n");
      });
      res.set_content(body, "text/plain; version=0.0.4");
    });
    s->metrics_port_ = port == 0 ? s->http_->bind_to_any_port(host) : port;
    if (port != 0 && !s->http_->bind_to_port(host, port)) {
      return absl::UnavailableError("cannot listen on " + c.metrics_listen);
    }
    if (s->metrics_port_ <= 0) {
      return absl::UnavailableError("cannot listen on " + c.metrics_listen);
    }
    s->http_thread_ = std::thread([self] { self->http_->listen_after_bind(); });
  }
  Server* self = s.get();
  // Prewarming and eviction run here, off the serving path: a module whose
  // start function is slow delays nothing but its own pool.
  s->evictor_ = std::thread([self] {
    for (const auto& m : self->ctx_.modules->List()) {
      if (self->stopping_.HasBeenNotified()) break;
      self->ctx_.pools->Get(m)->Prewarm();
    }
    while (!self->stopping_.WaitForNotificationWithTimeout(absl::Seconds(5))) {
      int n = self->ctx_.pools->EvictIdle(
          absl::Now() - absl::Seconds(self->ctx_.config.pool_idle_seconds));
      if (n > 0) Log(LogLevel::kDebug, absl::StrCat("evicted idle instances=", n));
      // Pools recreated by a call that raced with a Delete.
      self->ctx_.pools->DropPools(
          [self](const std::string& id) { return self->ctx_.modules->Find(id).ok(); });
    }
  });
  return s;
}

void Server::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  // Also reached when Start failed half-way (the destructor): only stop what
  // was started.
  if (grpc_ != nullptr) {
    Log(LogLevel::kInfo, "shutting down: draining in-flight calls");
    health_->Shutdown();
    // Refuse new calls, let the running ones finish (up to the grace
    // period), then stop gRPC. gRPC's own Shutdown would also wait out the
    // whole deadline for idle client connections.
    ctx_.draining = true;
    auto deadline = absl::Now() + absl::Seconds(ctx_.config.shutdown_grace_seconds);
    while (ctx_.in_flight.load() > 0 && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(5));
    }
    grpc_->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(100));
  }
  // Queued work still finishes its RPCs (gRPC waits for every reactor).
  if (ctx_.executor != nullptr) ctx_.executor->Shutdown();
  if (ctx_.uploads != nullptr) ctx_.uploads->Shutdown();
  // The queue's calls end last: a queued one is answered by a worker.
  calls_.Shutdown();
  // No more name changes: health may go away before the router.
  if (ctx_.typed != nullptr) ctx_.typed->SetChangeCallback(nullptr);
  if (!stopping_.HasBeenNotified()) stopping_.Notify();
  if (http_ != nullptr) http_->stop();
  if (http_thread_.joinable()) http_thread_.join();
  if (evictor_.joinable()) evictor_.join();
  if (grpc_ != nullptr) Log(LogLevel::kInfo, "stopped");
}

void Server::Wait() { grpc_->Wait(); }

Server::~Server() { Shutdown(); }

}  // namespace wasmrt::service
