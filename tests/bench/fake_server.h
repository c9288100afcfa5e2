// A stand-in wasmrt.v1.InvocationService for testing `wasmctl bench`: it
// answers after a known delay and fails on a known schedule, so the numbers
// the tool reports can be checked exactly.
#ifndef WASMRT_TESTS_BENCH_FAKE_SERVER_H_
#define WASMRT_TESTS_BENCH_FAKE_SERVER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"

namespace wasmrt::testing {

/// Calls are numbered 1, 2, ... in arrival order (Invoke only).
struct FakeBehavior {
  int delay_ms = 0;              // every answer (errors too) waits this long
  int unavailable_every = 0;     // call k with k % n == 0: UNAVAILABLE
  int trap_every = 0;            // else k % n == 0: an UNREACHABLE trap
  int exit_every = 0;            // else k % n == 0: WASI exit code 3
  int stall_call = 0;            // this call waits stall_ms more...
  int stall_ms = 0;
  bool stall_all = false;        // ...and so does every call arriving meanwhile
  int64_t fuel = 4242;           // Stats.fuel_used of every answer
  uint64_t exec_time_us = 1500;  // Stats.exec_time_us of every answer
};

class FakeServer {
 public:
  /// Listens on 127.0.0.1, port picked by the kernel.
  static absl::StatusOr<std::unique_ptr<FakeServer>> Start(const FakeBehavior& behavior);
  ~FakeServer();

  std::string address() const { return address_; }
  uint64_t invoke_calls() const;
  uint64_t echo_calls() const;

 private:
  class Service;
  class Timer;
  FakeServer() = default;
  std::unique_ptr<Timer> timer_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

}  // namespace wasmrt::testing

#endif  // WASMRT_TESTS_BENCH_FAKE_SERVER_H_
