// GuestCall: one fuel budget across malloc + call + free, host-owned guest
// buffers freed once (and not after a failed call), the allocator's failures
// told apart. Fuel counts come from testdata/guest_call.wat's comments:
// malloc 19, free 11, sum(len) 17 len + 6.
#include "runtime/engine/guest_call.h"

#include <fstream>
#include <iterator>
#include <vector>

#include "gtest/gtest.h"

namespace wasmrt {
namespace {

constexpr int64_t kMallocFuel = 19;
constexpr int64_t kFreeFuel = 11;
constexpr int64_t SumFuel(int64_t len) { return 17 * len + 6; }

class GuestCallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in("runtime/engine/testdata/guest_call.wasm", std::ios::binary);
    instance_ = Instantiate(std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {}));
  }
  ModuleInstance* Instantiate(const std::vector<uint8_t>& bytes) {
    auto module = CompileModule(bytes);
    EXPECT_TRUE(module.ok()) << module.status();
    if (!module.ok()) return nullptr;
    auto inst = store_.Instantiate(*module, {});
    EXPECT_TRUE(inst.ok()) << inst.status();
    return inst.ok() ? *inst : nullptr;
  }
  FunctionInstance* Export(const char* name) { return instance_->GetExport(name)->func(); }
  // A global of the fixture, read outside any GuestCall.
  uint32_t Read(const char* name) {
    auto r = store_.Call(Export(name), {});
    EXPECT_TRUE(r.ok() && r->ok()) << name;
    return r.ok() && r->ok() ? r->results[0].i32 : 0xFFFFFFFF;
  }
  GuestCall Session(int64_t fuel) {
    CallOptions options;
    options.fuel = fuel;
    return GuestCall(store_, *instance_, options);
  }

  Store store_;
  ModuleInstance* instance_ = nullptr;
};

// malloc, copy in, sum, free: every step draws on the same budget.
struct Exchange {
  absl::StatusOr<ExecResult> sum = absl::UnknownError("not run");
  absl::StatusOr<ExecResult> freed = absl::UnknownError("not run");
};
Exchange RunExchange(GuestCall& g, FunctionInstance* sum) {
  absl::StatusOr<GuestAllocation> a = g.Malloc(4);
  EXPECT_TRUE(a.ok() && a->ok()) << (a.ok() ? a->status() : a.status());
  if (!a.ok() || !a->ok()) return Exchange{};
  EXPECT_TRUE(a->buffer.CopyIn("\x01\x02\x03\x04"));
  Value args[] = {Value::I32(a->buffer.address()), Value::I32(4)};
  Exchange e;
  e.sum = g.Call(sum, args);
  if (e.sum.ok() && e.sum->ok()) e.freed = a->buffer.Free();
  return e;
}

TEST_F(GuestCallTest, OneFuelBudgetCoversMallocCallAndFree) {
  constexpr int64_t kTotal = kMallocFuel + SumFuel(4) + kFreeFuel;
  {
    GuestCall g = Session(1000);
    Exchange e = RunExchange(g, Export("sum"));
    ASSERT_TRUE(e.sum.ok() && e.sum->ok());
    EXPECT_EQ(e.sum->results[0].i32, 10u);
    ASSERT_TRUE(e.freed.ok() && e.freed->ok());
    EXPECT_EQ(g.fuel_used(), kTotal);
    EXPECT_EQ(g.remaining().fuel, 1000 - kTotal);
    EXPECT_FALSE(g.failed());
  }
  {
    GuestCall g = Session(kTotal);  // exactly enough
    Exchange e = RunExchange(g, Export("sum"));
    ASSERT_TRUE(e.freed.ok());
    EXPECT_TRUE(e.freed->ok()) << e.freed->trap_message;
    EXPECT_EQ(g.remaining().fuel, 0);
  }
  {
    GuestCall g = Session(kTotal - 1);  // runs out in free
    Exchange e = RunExchange(g, Export("sum"));
    ASSERT_TRUE(e.sum.ok() && e.sum->ok());
    ASSERT_TRUE(e.freed.ok());
    EXPECT_EQ(e.freed->trap, TrapCode::kFuelExhausted);
    EXPECT_EQ(e.freed->trap_function_name, "$free");
    EXPECT_EQ(g.fuel_used(), kTotal - 1);
    EXPECT_TRUE(g.failed());
  }
}

TEST_F(GuestCallTest, UnlimitedFuelStaysUnlimited) {
  GuestCall g(store_, *instance_);
  Exchange e = RunExchange(g, Export("sum"));
  ASSERT_TRUE(e.freed.ok() && e.freed->ok());
  EXPECT_LT(g.remaining().fuel, 0);
  EXPECT_EQ(g.fuel_used(), kMallocFuel + SumFuel(4) + kFreeFuel);
}

TEST_F(GuestCallTest, ATrapInMallocKeepsItsKindAndFunction) {
  GuestCall g = Session(1000);
  absl::StatusOr<GuestAllocation> a = g.Malloc(1);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->error, GuestAllocation::Error::kTrap);
  EXPECT_EQ(a->trap.trap, TrapCode::kUnreachable);
  EXPECT_EQ(a->trap.trap_function_name, "$malloc");
  EXPECT_FALSE(a->buffer.owned());
  EXPECT_EQ(a->status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(a->status().message(), "module_malloc: " + a->trap.trap_message);
  EXPECT_TRUE(g.failed());

  GuestCall starved = Session(kMallocFuel - 1);
  a = starved.Malloc(8);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->error, GuestAllocation::Error::kTrap);
  EXPECT_EQ(a->trap.trap, TrapCode::kFuelExhausted);
  EXPECT_EQ(a->trap.trap_function_name, "$malloc");
  EXPECT_EQ(starved.fuel_used(), kMallocFuel - 1);
}

TEST_F(GuestCallTest, AllocatorFailuresAreToldApart) {
  GuestCall g = Session(1000);
  absl::StatusOr<GuestAllocation> a = g.Malloc(2);  // returns 0
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->error, GuestAllocation::Error::kNull);
  EXPECT_EQ(a->status().code(), absl::StatusCode::kResourceExhausted);
  a = g.Malloc(3);  // returns 65535: 3 bytes run past the page
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->error, GuestAllocation::Error::kOutOfRange);
  EXPECT_EQ(a->address, 65535u);
  EXPECT_FALSE(a->buffer.owned());
  EXPECT_EQ(a->status().message(), "module_malloc: the guest returned [65535, +3) outside its memory");
  EXPECT_FALSE(g.failed());  // a broken contract, not a trap
  a = g.Malloc(0);           // an empty buffer is still a buffer
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->ok()) << a->status();
  EXPECT_TRUE(a->buffer.owned());
  EXPECT_FALSE(a->buffer.CopyIn("x"));  // does not fit
  EXPECT_TRUE(a->buffer.CopyIn(""));

  // An empty module: no memory, no allocator, nothing to free.
  ModuleInstance* bare = Instantiate({0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
  ASSERT_NE(bare, nullptr);
  GuestCall b(store_, *bare);
  a = b.Malloc(8);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->error, GuestAllocation::Error::kNoAllocator);
  EXPECT_EQ(a->status().code(), absl::StatusCode::kFailedPrecondition);
  absl::StatusOr<ExecResult> freed = b.Free(1024);
  ASSERT_TRUE(freed.ok());
  EXPECT_TRUE(freed->ok());
  EXPECT_FALSE(b.Adopt(0, 0).has_value());  // no memory at all
  EXPECT_EQ(b.fuel_used(), 0);
}

TEST_F(GuestCallTest, ABufferIsFreedOnceWhenItGoesOutOfScope) {
  uint32_t address = 0;
  {
    GuestCall g(store_, *instance_);
    absl::StatusOr<GuestAllocation> a = g.Malloc(16);
    ASSERT_TRUE(a.ok() && a->ok());
    address = a->buffer.address();
    OwnedGuestBuffer moved = std::move(a->buffer);
    EXPECT_FALSE(a->buffer.owned());
    EXPECT_TRUE(moved.owned());
  }
  EXPECT_EQ(Read("frees"), 1u);
  EXPECT_EQ(Read("freed"), address);

  {
    GuestCall g(store_, *instance_);
    OwnedGuestBuffer first = std::move(g.Malloc(8)->buffer);
    uint32_t first_address = first.address();
    first = std::move(g.Malloc(8)->buffer);  // the first buffer goes now
    EXPECT_EQ(Read("frees"), 2u);
    EXPECT_EQ(Read("freed"), first_address);
    // Released: the host keeps the address, nothing frees it.
    EXPECT_EQ(first.Release(), first.address());
    EXPECT_FALSE(first.owned());
  }
  EXPECT_EQ(Read("frees"), 2u);
}

TEST_F(GuestCallTest, AfterATrapTheGuestIsNotCalledToFree) {
  {
    GuestCall g(store_, *instance_);
    absl::StatusOr<GuestAllocation> kept = g.Malloc(8);
    ASSERT_TRUE(kept.ok() && kept->ok());
    absl::StatusOr<GuestAllocation> trapped = g.Malloc(1);
    ASSERT_TRUE(trapped.ok());
    ASSERT_EQ(trapped->error, GuestAllocation::Error::kTrap);
  }
  EXPECT_EQ(Read("frees"), 0u);
}

TEST_F(GuestCallTest, ATrapInFreeIsReported) {
  GuestCall g(store_, *instance_);
  absl::StatusOr<GuestAllocation> a = g.Malloc(4);
  ASSERT_TRUE(a.ok() && a->ok());
  ASSERT_TRUE(a->buffer.CopyIn("!bad"));
  absl::StatusOr<ExecResult> r = a->buffer.Free();
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->trap, TrapCode::kUnreachable);
  EXPECT_EQ(r->trap_function_name, "$free");
  EXPECT_FALSE(a->buffer.owned());
  // A second Free has nothing to do.
  r = a->buffer.Free();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok());
}

TEST_F(GuestCallTest, AdoptChecksTheRangeTheGuestHandsBack) {
  GuestCall g(store_, *instance_);
  EXPECT_FALSE(g.Adopt(65535, 2).has_value());
  EXPECT_FALSE(g.Adopt(0xFFFFFFFF, 0xFFFFFFFF).has_value());  // wraps in 32 bits
  EXPECT_FALSE(g.Adopt(65537, 0).has_value());
  std::optional<OwnedGuestBuffer> end = g.Adopt(65536, 0);  // empty, at the end
  ASSERT_TRUE(end.has_value());
  EXPECT_TRUE(end->view().empty());
  std::optional<OwnedGuestBuffer> null = g.Adopt(0, 0);
  ASSERT_TRUE(null.has_value());
  absl::StatusOr<ExecResult> r = null->Free();  // address 0: free is not called
  ASSERT_TRUE(r.ok() && r->ok());
  EXPECT_EQ(g.fuel_used(), 0);
  end->Release();

  absl::StatusOr<GuestAllocation> a = g.Malloc(5);
  ASSERT_TRUE(a.ok() && a->ok());
  ASSERT_TRUE(a->buffer.CopyIn("hello"));
  uint32_t address = a->buffer.Release();
  std::optional<OwnedGuestBuffer> out = g.Adopt(address + 1, 4);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->view(), "ello");
  out.reset();  // freed through the guest
  EXPECT_EQ(Read("frees"), 1u);
  EXPECT_EQ(Read("freed"), address + 1);
}

TEST_F(GuestCallTest, InGuestMemoryEdges) {
  EXPECT_TRUE(InGuestMemory(*instance_, 0, 65536));
  EXPECT_TRUE(InGuestMemory(*instance_, 65536, 0));
  EXPECT_FALSE(InGuestMemory(*instance_, 65536, 1));
  EXPECT_FALSE(InGuestMemory(*instance_, 1, 65536));
  EXPECT_FALSE(InGuestMemory(*instance_, UINT64_MAX, 2));
  EXPECT_FALSE(InGuestMemory(*instance_, 0xFFFFFFFF, 0xFFFFFFFF));
}

}  // namespace
}  // namespace wasmrt
