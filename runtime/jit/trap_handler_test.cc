// The runtime's SIGSEGV handler against the host's: guard-page traps stay
// traps, and a fault outside compiled code still reaches the host's handler
// (installed before or after the runtime's) or, without one, ends the
// process. Each case runs in a fresh process (threadsafe death tests re-run
// the binary), since the runtime installs its handler once per process.
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>

#include "gtest/gtest.h"
#include "runtime/engine/engine.h"
#include "runtime/jit/compiler.h"
#include "runtime/jit/trap_handler.h"

namespace wasmrt {
namespace {

// The host: a handler that recovers from faults on its own page (and
// passes any other fault on to the handler before it).
sigjmp_buf g_recover;
volatile sig_atomic_t g_host_faults = 0;
uint8_t* g_host_page = nullptr;
struct sigaction g_before_host;

void HostHandler(int sig, siginfo_t* info, void* context) {
  if (static_cast<uint8_t*>(info->si_addr) == g_host_page) {
    g_host_faults = g_host_faults + 1;
    siglongjmp(g_recover, 1);
  }
  if (g_before_host.sa_flags & SA_SIGINFO) {
    g_before_host.sa_sigaction(sig, info, context);
  } else {
    signal(sig, SIG_DFL);  // a test host: no more than that
    raise(sig);
  }
}

void InstallHostHandler() {
  g_host_page = static_cast<uint8_t*>(
      mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  if (g_host_page == MAP_FAILED) std::_Exit(10);
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = HostHandler;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGSEGV, &sa, &g_before_host) != 0) std::_Exit(11);
}

// A deliberate fault in host code; true when the host's handler saw it.
bool HostFaultReachesHost() {
  int before = g_host_faults;
  if (sigsetjmp(g_recover, 1) == 0) {
    *reinterpret_cast<volatile uint8_t*>(g_host_page) = 1;
    return false;  // not reached: the write faults
  }
  return g_host_faults == before + 1;
}

// An out-of-bounds load in compiled code with guard pages: true when it
// ended as the trap, not at the host.
bool GuardTrapIsATrap() {
  std::ifstream in("runtime/jit/testdata/bounds.wasm", std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  auto module = CompileModule(bytes, {.tier = Tier::kJit});
  if (!module.ok() || !(*module)->jit()->needs_guarded_memory()) return false;
  Store store;
  auto inst = store.Instantiate(*module, {});
  if (!inst.ok()) return false;
  int before = g_host_faults;
  auto r = store.Call((*inst)->GetExport("i64.load@0")->func(), {Value::I32(65535)});
  return r.ok() && r->trap == TrapCode::kMemoryOutOfBounds &&
         r->trap_message.rfind("out of bounds memory access", 0) == 0 &&
         g_host_faults == before;
}

class TrapHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!jit::Supported()) GTEST_SKIP() << "no compiled tier on this machine";
    GTEST_FLAG_SET(death_test_style, "threadsafe");
  }
};

void HostFirst() {
  InstallHostHandler();
  if (jit::TrapHandlerInstalled()) std::_Exit(20);
  if (!HostFaultReachesHost()) std::_Exit(21);
  if (!GuardTrapIsATrap()) std::_Exit(22);  // installs the runtime's
  if (!jit::TrapHandlerInstalled()) std::_Exit(23);
  if (!HostFaultReachesHost()) std::_Exit(24);  // through the runtime's
  if (!GuardTrapIsATrap()) std::_Exit(25);
  std::_Exit(0);
}

TEST_F(TrapHandlerTest, HostHandlerInstalledBeforeTheRuntimesStillGetsItsFaults) {
  EXPECT_EXIT(HostFirst(), ::testing::ExitedWithCode(0), "");
}

void RuntimeFirst() {
  if (!GuardTrapIsATrap()) std::_Exit(30);
  InstallHostHandler();  // chains to the runtime's
  if (!HostFaultReachesHost()) std::_Exit(31);
  if (!GuardTrapIsATrap()) std::_Exit(32);  // through the host's
  std::_Exit(0);
}

TEST_F(TrapHandlerTest, HostHandlerInstalledAfterTheRuntimesThatChainsKeepsTrapsWorking) {
  EXPECT_EXIT(RuntimeFirst(), ::testing::ExitedWithCode(0), "");
}

// Without a host handler a stray fault still ends the process (under ASan
// its handler reports it, and it was the one before ours).
void StrayFault() {
  if (!GuardTrapIsATrap()) std::_Exit(40);
  uint8_t* page = static_cast<uint8_t*>(
      mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  *reinterpret_cast<volatile uint8_t*>(page) = 1;
  std::_Exit(0);
}

TEST_F(TrapHandlerTest, StrayFaultWithoutHostHandlerStillKills) {
#if defined(__SANITIZE_ADDRESS__)
  EXPECT_DEATH(StrayFault(), "SEGV");
#else
  EXPECT_EXIT(StrayFault(), ::testing::KilledBySignal(SIGSEGV), "");
#endif
}

// Modules come and go for the life of a process: unregistered ranges are
// reused, so the handler's table does not fill up.
TEST_F(TrapHandlerTest, UnregisteredRangesAreReused) {
  static const uint8_t kCode[64] = {};
  jit::FaultSite site{8, 32};
  std::set<size_t> first;
  for (int i = 0; i < 100; ++i) {
    auto h = jit::RegisterCode(kCode, sizeof kCode, &site, 1);
    ASSERT_TRUE(h.ok()) << h.status();
    first.insert(*h);
  }
  EXPECT_TRUE(jit::TrapHandlerInstalled());
  for (size_t h : first) jit::UnregisterCode(h);
  for (int round = 0; round < 1000; ++round) {
    auto h = jit::RegisterCode(kCode, sizeof kCode, &site, 1);
    ASSERT_TRUE(h.ok());
    EXPECT_TRUE(first.count(*h)) << *h;
    jit::UnregisterCode(*h);
  }
}

}  // namespace
}  // namespace wasmrt
