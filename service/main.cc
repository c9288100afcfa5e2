// wasmrtd: the WebAssembly function service.
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "service/flags.h"
#include "service/log.h"
#include "service/server.h"

int main(int argc, char** argv) {
  using namespace wasmrt::service;
  // Debian's Abseil is built with the mutex deadlock detector on, which
  // costs 2-3% of a typed call's server CPU (every lock records its order).
  // Tests keep it; the server does not need it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  auto flags = ParseServerFlags(std::vector<std::string>(argv + 1, argv + argc));
  if (!flags.ok()) {
    std::fprintf(stderr, "wasmrtd: %s\n", std::string(flags.status().message()).c_str());
    return 2;
  }
  if (flags->help) {
    std::fputs(kServerUsage, stdout);
    return 0;
  }
  SetLogLevel(flags->log_level == "debug"     ? LogLevel::kDebug
              : flags->log_level == "warning" ? LogLevel::kWarning
              : flags->log_level == "error"   ? LogLevel::kError
                                              : LogLevel::kInfo);
  // Signals are taken by one thread with sigwait, so every other thread
  // (gRPC's, the workers) runs with them blocked.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = Server::Start(flags->config, flags->preload);
  if (!server.ok()) {
    Log(LogLevel::kError, absl::StrCat("cannot start: ", server.status().message()));
    return 1;
  }
  std::string host = flags->config.listen.substr(0, flags->config.listen.rfind(':'));
  std::printf("listening on %s:%d\n", host.c_str(), (*server)->grpc_port());
  if ((*server)->metrics_port() > 0) {
    const std::string& m = flags->config.metrics_listen;
    std::printf("metrics on http://%s:%d/metrics\n", m.substr(0, m.rfind(':')).c_str(),
                (*server)->metrics_port());
  }
  std::fflush(stdout);
  Log(LogLevel::kInfo, absl::StrCat("serving grpc_port=", (*server)->grpc_port(),
                                    " workers=", flags->config.workers,
                                    " tier=", wasmrt::service::TierName(flags->config.tier)));
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    Log(LogLevel::kInfo, absl::StrCat("received signal ", sig));
    (*server)->Shutdown();
  });
  (*server)->Wait();
  waiter.join();
  return 0;
}
