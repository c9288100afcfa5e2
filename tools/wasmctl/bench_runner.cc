#include "tools/wasmctl/bench_runner.h"

#include <cmath>
#include <deque>
#include <thread>

#include "tools/wasmctl/commands.h"

namespace wasmrt::wasmctl {
namespace {

using std::chrono::duration;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

std::atomic<bool> g_stop{false};

uint64_t Micros(BenchClock::duration d) {
  int64_t us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  return us < 0 ? 0 : uint64_t(us);
}

// Aggregates finished calls; shared by the gRPC threads that finish calls.
class Recorder {
 public:
  explicit Recorder(BenchClock::time_point measure_start) : measure_start_(measure_start) {}

  void Add(const CallResult& r, BenchClock::time_point scheduled, BenchClock::time_point done) {
    absl::MutexLock lock(&mu_);
    if (scheduled < measure_start_) {
      ++s_.warmup_calls;
      return;
    }
    ++s_.calls;
    s_.latency_us.Record(Micros(done - scheduled));
    if (done > last_done_) last_done_ = done;
    size_t second = size_t(Micros(done - measure_start_) / 1'000'000);
    if (second >= s_.per_second_ok.size()) {
      s_.per_second_ok.resize(second + 1, 0);
      s_.per_second_errors.resize(second + 1, 0);
    }
    if (r.grpc_code != 0 && r.outcome != CallResult::kTrap) {
      std::string name = StatusCodeName(r.grpc_code);
      ++s_.errors[name];
      if (s_.error_examples[name].empty()) s_.error_examples[name] = r.grpc_message;
      ++s_.per_second_errors[second];
      ++errors_;
      return;
    }
    ++s_.ok;
    ++s_.per_second_ok[second];
    switch (r.outcome) {
      case CallResult::kReturned: ++s_.returned; break;
      case CallResult::kOutput: ++s_.output; break;
      case CallResult::kTrap: ++s_.traps[r.trap_kind]; break;
      case CallResult::kExit: ++s_.exit_codes[r.exit_code]; break;
      case CallResult::kNone: break;
    }
    if (r.has_stats) {
      s_.exec_time_us.Record(r.exec_time_us);
      s_.fuel.Record(r.fuel_used < 0 ? 0 : uint64_t(r.fuel_used));
    }
  }

  void Fill(Progress& p) {
    absl::MutexLock lock(&mu_);
    p.calls = s_.calls;
    p.errors = errors_;
    p.p50_us = s_.latency_us.Percentile(50);
    p.p99_us = s_.latency_us.Percentile(99);
  }

  BenchStats Take() {
    absl::MutexLock lock(&mu_);
    if (s_.calls > 0) s_.elapsed_s = duration<double>(last_done_ - measure_start_).count();
    return std::move(s_);
  }

 private:
  const BenchClock::time_point measure_start_;
  absl::Mutex mu_;
  BenchStats s_ ABSL_GUARDED_BY(mu_);
  BenchClock::time_point last_done_ ABSL_GUARDED_BY(mu_) = measure_start_;
  uint64_t errors_ ABSL_GUARDED_BY(mu_) = 0;
};

// Calls finishing inline inside Start would recurse through the closed
// loop's relaunch; beyond this depth the relaunch goes to a helper thread.
thread_local int tl_depth = 0;
constexpr int kMaxInlineDepth = 8;

class Driver {
 public:
  Driver(const BenchOptions& opts, CallIssuer& issuer, Recorder& recorder,
         BenchClock::time_point start)
      : opts_(opts),
        issuer_(issuer),
        recorder_(recorder),
        start_(start),
        measure_start_(start + milliseconds(opts.warmup_ms)),
        end_(measure_start_ + milliseconds(opts.duration_ms)) {}

  void RunClosed() {
    std::thread helper([this] { RunDeferred(); });
    for (int i = 0; i < opts_.concurrency; ++i) Launch();
    WaitIdle();
    {
      absl::MutexLock lock(&mu_);
      helper_done_ = true;
    }
    helper.join();
  }

  void RunOpen() {
    const double interval_ns = 1e9 / opts_.rps;
    uint64_t measured = 0;
    for (uint64_t i = 0; !g_stop.load(); ++i) {
      auto t = start_ + nanoseconds(int64_t(std::llround(double(i) * interval_ns)));
      if (t >= measure_start_) {
        if (opts_.count > 0 ? measured >= opts_.count : t >= end_) break;
        ++measured;
      }
      SleepUntil(t);
      {
        absl::MutexLock lock(&mu_);
        auto room = [this] {
          mu_.AssertHeld();
          return in_flight_ < opts_.max_in_flight || g_stop.load();
        };
        while (!room()) mu_.AwaitWithTimeout(absl::Condition(&room), absl::Milliseconds(100));
        if (g_stop.load()) break;
        ++in_flight_;
      }
      if (t >= measure_start_ && BenchClock::now() - t > milliseconds(1)) ++late_starts_;
      Issue(t, /*relaunch=*/false);
    }
    WaitIdle();
  }

  int in_flight() {
    absl::MutexLock lock(&mu_);
    return in_flight_;
  }
  uint64_t late_starts() const { return late_starts_; }

 private:
  // Sleeps in slices so that SIGINT is noticed.
  void SleepUntil(BenchClock::time_point t) {
    for (;;) {
      auto now = BenchClock::now();
      if (now >= t || g_stop.load()) return;
      std::this_thread::sleep_until(std::min(t, now + milliseconds(100)));
    }
  }

  // Closed loop: whether a call starting now may start.
  bool Admit(BenchClock::time_point now) {
    if (g_stop.load()) return false;
    if (now < measure_start_) return true;
    if (opts_.count > 0) return measured_started_.fetch_add(1) < opts_.count;
    return now < end_;
  }

  // Closed loop: starts the next call of a slot, or retires the slot.
  void Launch() {
    auto now = BenchClock::now();
    if (!Admit(now)) return;
    {
      absl::MutexLock lock(&mu_);
      ++in_flight_;
    }
    Issue(now, /*relaunch=*/true);
  }

  void Issue(BenchClock::time_point scheduled, bool relaunch) {
    uint64_t seq = seq_.fetch_add(1);
    ++tl_depth;
    issuer_.Start(seq, [this, scheduled, relaunch](const CallResult& r) {
      recorder_.Add(r, scheduled, BenchClock::now());
      if (relaunch) {
        if (tl_depth < kMaxInlineDepth) {
          Launch();
        } else {
          absl::MutexLock lock(&mu_);
          ++deferred_;
        }
      }
      absl::MutexLock lock(&mu_);
      --in_flight_;
    });
    --tl_depth;
  }

  void RunDeferred() {
    for (;;) {
      {
        absl::MutexLock lock(&mu_);
        auto ready = [this] {
          mu_.AssertHeld();
          return deferred_ > 0 || helper_done_;
        };
        mu_.Await(absl::Condition(&ready));
        if (deferred_ == 0) return;
      }
      Launch();  // counted in flight before deferred_ drops: WaitIdle cannot slip through
      absl::MutexLock lock(&mu_);
      --deferred_;
    }
  }

  void WaitIdle() {
    absl::MutexLock lock(&mu_);
    auto idle = [this] {
      mu_.AssertHeld();
      return in_flight_ == 0 && deferred_ == 0;
    };
    mu_.Await(absl::Condition(&idle));
  }

  const BenchOptions& opts_;
  CallIssuer& issuer_;
  Recorder& recorder_;
  const BenchClock::time_point start_, measure_start_, end_;
  std::atomic<uint64_t> seq_{0};
  std::atomic<uint64_t> measured_started_{0};
  std::atomic<uint64_t> late_starts_{0};
  absl::Mutex mu_;
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  int deferred_ ABSL_GUARDED_BY(mu_) = 0;
  bool helper_done_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

void RequestStop() { g_stop.store(true); }

BenchStats RunLoad(const BenchOptions& opts, CallIssuer& issuer,
                   const std::function<void(const Progress&)>& progress) {
  g_stop.store(false);
  const auto start = BenchClock::now();
  const auto measure_start = start + milliseconds(opts.warmup_ms);
  Recorder recorder(measure_start);
  Driver driver(opts, issuer, recorder, start);

  absl::Mutex done_mu;
  bool done = false;
  std::thread reporter;
  if (progress) {
    reporter = std::thread([&] {
      uint64_t last_calls = 0;
      auto last = BenchClock::now();
      absl::MutexLock lock(&done_mu);
      while (!done_mu.AwaitWithTimeout(absl::Condition(&done), absl::Seconds(1))) {
        Progress p;
        auto now = BenchClock::now();
        p.elapsed_s = duration<double>(now - start).count();
        p.warming_up = now < measure_start;
        p.in_flight = uint64_t(driver.in_flight());
        recorder.Fill(p);
        p.last_second_rate = double(p.calls - last_calls) / duration<double>(now - last).count();
        last_calls = p.calls;
        last = now;
        progress(p);
      }
    });
  }
  if (opts.rps > 0) {
    driver.RunOpen();
  } else {
    driver.RunClosed();
  }
  if (reporter.joinable()) {
    {
      absl::MutexLock lock(&done_mu);
      done = true;
    }
    reporter.join();
  }
  BenchStats s = recorder.Take();
  s.late_starts = driver.late_starts();
  s.interrupted = g_stop.load();
  return s;
}

}  // namespace wasmrt::wasmctl
