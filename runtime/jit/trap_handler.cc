#include "runtime/jit/trap_handler.h"

#include <signal.h>
#include <ucontext.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime/objects/linear_memory.h"

namespace wasmrt::jit {
namespace {

// One registered code range. The signal handler reads it without locking,
// as a seqlock reader: `seq` is odd while a writer changes the fields, and a
// reader that sees it odd or changed skips the range. That is safe because
// a range that code is running in (the only one a handler can match) is
// never being written: it is registered before its code first runs and
// unregistered after its code last ran.
struct Range {
  std::atomic<uint64_t> seq{0};
  std::atomic<uintptr_t> begin{0};
  std::atomic<uintptr_t> end{0};  // begin == end: free
  std::atomic<const FaultSite*> sites{nullptr};
  std::atomic<size_t> count{0};
};
static_assert(std::atomic<uintptr_t>::is_always_lock_free);
static_assert(std::atomic<uint64_t>::is_always_lock_free);
static_assert(std::atomic<const FaultSite*>::is_always_lock_free);

Range g_ranges[kMaxCodeRanges];
// Ranges at or above this index were never used: the handler stops there.
std::atomic<size_t> g_high_water{0};
std::atomic<bool> g_installed{false};
// The handlers before ours, written before ours is installed.
struct sigaction g_previous_segv;
struct sigaction g_previous_bus;

// Registration, unregistration and installation (never the handler).
std::mutex& WriterMutex() {
  static std::mutex* mu = new std::mutex;
  return *mu;
}
std::vector<size_t>& FreeRanges() {  // guarded by WriterMutex()
  static std::vector<size_t>* free = new std::vector<size_t>;
  return *free;
}

void Publish(Range& r, uintptr_t begin, uintptr_t end, const FaultSite* sites, size_t count) {
  uint64_t s = r.seq.load(std::memory_order_relaxed);
  r.seq.store(s + 1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  r.begin.store(begin, std::memory_order_relaxed);
  r.end.store(end, std::memory_order_relaxed);
  r.sites.store(sites, std::memory_order_relaxed);
  r.count.store(count, std::memory_order_relaxed);
  r.seq.store(s + 2, std::memory_order_release);
}

// The stub a fault at `pc` resumes at, or 0 when `pc` is not a registered
// memory access. Async-signal-safe: loads and a binary search only.
uintptr_t FindStub(uintptr_t pc) {
  size_t n = g_high_water.load(std::memory_order_acquire);
  for (size_t i = 0; i < n; ++i) {
    const Range& r = g_ranges[i];
    uint64_t s1 = r.seq.load(std::memory_order_acquire);
    if (s1 & 1) continue;
    uintptr_t begin = r.begin.load(std::memory_order_relaxed);
    uintptr_t end = r.end.load(std::memory_order_relaxed);
    const FaultSite* sites = r.sites.load(std::memory_order_relaxed);
    size_t count = r.count.load(std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (r.seq.load(std::memory_order_relaxed) != s1) continue;
    if (pc < begin || pc >= end) continue;
    uintptr_t offset = pc - begin;
    size_t lo = 0, hi = count;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (sites[mid].access < offset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo < count && sites[lo].access == offset) return begin + sites[lo].stub;
    return 0;  // inside compiled code, but not at a memory access
  }
  return 0;
}

// Not ours: what would have happened without us. A previous handler runs
// as if it had been called directly; the default action (or an ignored
// synchronous fault, which would loop) is restored and the signal raised
// again, so it takes effect when this handler returns.
void Chain(int sig, siginfo_t* info, void* context) {
  const struct sigaction& prev = sig == SIGBUS ? g_previous_bus : g_previous_segv;
  if (prev.sa_flags & SA_SIGINFO) {
    prev.sa_sigaction(sig, info, context);
    return;
  }
  if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN) {
    prev.sa_handler(sig);
    return;
  }
  struct sigaction dfl;
  std::memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, nullptr);
  raise(sig);
}

void OnFault(int sig, siginfo_t* info, void* context) {
#if defined(__x86_64__)
  int saved_errno = errno;
  auto* uc = static_cast<ucontext_t*>(context);
  uintptr_t pc = uintptr_t(uc->uc_mcontext.gregs[REG_RIP]);
  // Compiled code addresses memory as [r12 + index + disp] with r12 the
  // memory's base: a fault of ours lies within the base's reservation.
  uintptr_t base = uintptr_t(uc->uc_mcontext.gregs[REG_R12]);
  uintptr_t addr = uintptr_t(info->si_addr);
  bool in_memory = addr >= base && addr - base < LinearMemory::kGuardedReservation;
  uintptr_t stub = in_memory ? FindStub(pc) : 0;
  errno = saved_errno;
  if (stub != 0) {
    uc->uc_mcontext.gregs[REG_RIP] = greg_t(stub);
    return;
  }
#endif
  Chain(sig, info, context);
}

absl::Status InstallLocked() {
  if (g_installed.load()) return absl::OkStatus();
  struct sigaction ours;
  std::memset(&ours, 0, sizeof ours);
  ours.sa_sigaction = OnFault;
  // SA_ONSTACK: a host that runs its fault handlers on an alternate stack
  // (to report stack overflows) still gets its faults delivered there.
  ours.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&ours.sa_mask);
  if (sigaction(SIGSEGV, &ours, &g_previous_segv) != 0) {
    return absl::InternalError(absl::StrCat("sigaction(SIGSEGV): ", strerror(errno)));
  }
  if (sigaction(SIGBUS, &ours, &g_previous_bus) != 0) {
    int e = errno;
    sigaction(SIGSEGV, &g_previous_segv, nullptr);
    return absl::InternalError(absl::StrCat("sigaction(SIGBUS): ", strerror(e)));
  }
  g_installed.store(true);
  return absl::OkStatus();
}

}  // namespace

absl::Status InstallTrapHandler() {
  std::lock_guard<std::mutex> lock(WriterMutex());
  return InstallLocked();
}

bool TrapHandlerInstalled() { return g_installed.load(); }

absl::StatusOr<size_t> RegisterCode(const uint8_t* begin, size_t size, const FaultSite* sites,
                                    size_t count) {
  std::lock_guard<std::mutex> lock(WriterMutex());
  absl::Status installed = InstallLocked();
  if (!installed.ok()) return installed;
  size_t index;
  std::vector<size_t>& free = FreeRanges();
  if (!free.empty()) {
    index = free.back();
    free.pop_back();
  } else {
    index = g_high_water.load(std::memory_order_relaxed);
    if (index == kMaxCodeRanges) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "compiled code: more than ", kMaxCodeRanges,
          " modules with guard-page bounds checks are live"));
    }
  }
  Publish(g_ranges[index], uintptr_t(begin), uintptr_t(begin) + size, sites, count);
  if (index == g_high_water.load(std::memory_order_relaxed)) {
    g_high_water.store(index + 1, std::memory_order_release);
  }
  return index;
}

void UnregisterCode(size_t handle) {
  std::lock_guard<std::mutex> lock(WriterMutex());
  Publish(g_ranges[handle], 0, 0, nullptr, 0);
  FreeRanges().push_back(handle);
}

}  // namespace wasmrt::jit
