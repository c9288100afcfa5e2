#include "runtime/objects/linear_memory.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "gtest/gtest.h"

namespace wasmrt {
namespace {

// Hands out calloc blocks up to a byte budget and counts what is live.
class BudgetProvider : public MemoryProvider {
 public:
  explicit BudgetProvider(uint64_t budget) : budget_(budget) {}
  void* Allocate(uint64_t bytes) override {
    if (live_ + bytes > budget_) return nullptr;
    live_ += bytes;
    ++allocations_;
    return std::calloc(1, bytes);
  }
  void Free(void* block, uint64_t bytes) override {
    live_ -= bytes;
    std::free(block);
  }
  uint64_t live_ = 0;
  int allocations_ = 0;

 private:
  uint64_t budget_;
};

MemoryType Pages(uint32_t min, bool has_max = false, uint32_t max = 0) {
  MemoryType t;
  t.limits.min = min;
  t.limits.has_max = has_max;
  t.limits.max = max;
  return t;
}

TEST(LinearMemoryTest, DefaultIsMmapAndKeepsItsBase) {
  auto mem = LinearMemory::Create(Pages(1));
  ASSERT_TRUE(mem.ok());
  std::unique_ptr<LinearMemory> m(*mem);
  uint8_t* base = m->data();
  base[kPageSize - 1] = 7;
  EXPECT_EQ(m->Grow(2), 1);
  EXPECT_EQ(m->data(), base);
  EXPECT_EQ(m->data()[kPageSize - 1], 7);
  EXPECT_EQ(m->data()[3 * kPageSize - 1], 0);
}

// Compiled code with guard-page bounds checks relies on everything past
// the accessible pages, up to the whole reservation, faulting.
TEST(LinearMemoryTest, MmapMemoryIsGuardedBeyondItsPages) {
  auto mem = LinearMemory::Create(Pages(1, true, 2));
  ASSERT_TRUE(mem.ok());
  std::unique_ptr<LinearMemory> m(*mem);
  EXPECT_TRUE(m->guarded());
  volatile uint8_t* base = m->data();
  base[kPageSize - 1] = 1;
  EXPECT_DEATH(base[kPageSize] = 1, "");
  EXPECT_DEATH(base[LinearMemory::kGuardedReservation - 1] = 1, "");
  ASSERT_EQ(m->Grow(1), 1);
  base[2 * kPageSize - 1] = 1;  // now accessible
  EXPECT_DEATH(base[2 * kPageSize] = 1, "");
}

// Where the address space for the guard reservation is refused, the memory
// still works, unguarded (and compiled code with guard pages refuses it).
// Runs in a death-test child: exits 0 when it behaved.
void CreateUnderAddressSpaceLimit() {
  long pages = 0;
  long resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr || std::fscanf(f, "%ld %ld", &pages, &resident) != 2) std::_Exit(2);
  std::fclose(f);
  // 1 GiB beyond what is mapped now: far below a guard reservation.
  rlim_t limit = rlim_t(pages) * rlim_t(sysconf(_SC_PAGESIZE)) + (rlim_t(1) << 30);
  struct rlimit rl = {limit, limit};
  if (setrlimit(RLIMIT_AS, &rl) != 0) std::_Exit(3);
  auto mem = LinearMemory::Create(Pages(1, true, 4));
  if (!mem.ok()) std::_Exit(4);
  bool ok = !(*mem)->guarded() && (*mem)->Grow(3) == 1;
  (*mem)->data()[4 * kPageSize - 1] = 1;
  std::_Exit(ok ? 0 : 5);
}

TEST(LinearMemoryTest, RefusedGuardReservationFallsBackUnguarded) {
  EXPECT_EXIT(CreateUnderAddressSpaceLimit(), ::testing::ExitedWithCode(0), "");
}

TEST(LinearMemoryTest, ProviderSuppliesInitialPagesAndGrowCopies) {
  BudgetProvider provider(4 * kPageSize);
  auto mem = LinearMemory::Create(Pages(1), kMaxPages, &provider);
  ASSERT_TRUE(mem.ok());
  std::unique_ptr<LinearMemory> m(*mem);
  EXPECT_EQ(provider.live_, kPageSize);
  EXPECT_FALSE(m->guarded());
  m->data()[10] = 42;
  EXPECT_EQ(m->Grow(1), 1);
  EXPECT_EQ(m->size_bytes(), 2 * kPageSize);
  EXPECT_EQ(m->data()[10], 42);
  EXPECT_EQ(m->data()[2 * kPageSize - 1], 0);
  EXPECT_EQ(provider.live_, 2 * kPageSize);
  // 2 live + 3 requested > budget 4: refused, memory unchanged.
  EXPECT_EQ(m->Grow(1), -1);
  EXPECT_EQ(m->pages(), 2u);
  EXPECT_EQ(m->data()[10], 42);
  m.reset();
  EXPECT_EQ(provider.live_, 0u);
}

TEST(LinearMemoryTest, ProviderMemoryKeepsTheCap) {
  BudgetProvider provider(8 * kPageSize);
  auto mem = LinearMemory::Create(Pages(1), /*max_pages_cap=*/2, &provider);
  ASSERT_TRUE(mem.ok());
  std::unique_ptr<LinearMemory> m(*mem);
  EXPECT_EQ(provider.allocations_, 1);
  EXPECT_EQ(m->Grow(2), -1);  // 3 pages > the cap of 2
  EXPECT_EQ(m->Grow(1), 1);
  EXPECT_EQ(provider.live_, 2 * kPageSize);
}

TEST(LinearMemoryTest, ProviderRefusalFailsCreate) {
  BudgetProvider provider(kPageSize);
  auto mem = LinearMemory::Create(Pages(2), kMaxPages, &provider);
  ASSERT_FALSE(mem.ok());
  EXPECT_EQ(mem.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(mem.status().message(), "cannot allocate 2 pages of linear memory");
}

TEST(LinearMemoryTest, ProviderZeroPageMemoryHasData) {
  BudgetProvider provider(2 * kPageSize);
  auto mem = LinearMemory::Create(Pages(0, true, 1), kMaxPages, &provider);
  ASSERT_TRUE(mem.ok());
  std::unique_ptr<LinearMemory> m(*mem);
  EXPECT_NE(m->data(), nullptr);
  EXPECT_EQ(m->size_bytes(), 0u);
  EXPECT_EQ(m->Grow(2), -1);  // above the declared max
  EXPECT_EQ(m->Grow(1), 0);
}

TEST(LinearMemoryTest, ProviderResetZeroesAndRegrowsInPlace) {
  BudgetProvider provider(8 * kPageSize);
  auto mem = LinearMemory::Create(Pages(1), kMaxPages, &provider);
  ASSERT_TRUE(mem.ok());
  std::unique_ptr<LinearMemory> m(*mem);
  ASSERT_EQ(m->Grow(1), 1);
  m->data()[kPageSize + 5] = 9;
  m->data()[5] = 9;
  m->Reset(1);
  EXPECT_EQ(m->pages(), 1u);
  EXPECT_EQ(m->data()[5], 0);
  int before = provider.allocations_;
  ASSERT_EQ(m->Grow(1), 1);
  EXPECT_EQ(provider.allocations_, before);
  EXPECT_EQ(m->data()[kPageSize + 5], 0);
}

}  // namespace
}  // namespace wasmrt

namespace wasmrt {
namespace {

// Regression guard for the lazy (madvise) zeroing of large mapped memories:
// every byte written before Reset reads as zero afterwards, in the kept
// pages and in pages grown again.
TEST(LinearMemoryTest, ResetOfLargeMappedMemoryZeroesEverything) {
  MemoryType type;
  type.limits.min = 16;  // 1 MiB: above the madvise threshold
  auto mem = LinearMemory::Create(type);
  ASSERT_TRUE(mem.ok());
  std::unique_ptr<LinearMemory> m(*mem);
  ASSERT_EQ(m->Grow(4), 16);
  for (uint64_t i = 0; i < m->size_bytes(); i += 4093) m->data()[i] = 0xAB;
  m->Reset(16);
  EXPECT_EQ(m->pages(), 16u);
  for (uint64_t i = 0; i < m->size_bytes(); i += 4093) ASSERT_EQ(m->data()[i], 0) << i;
  ASSERT_EQ(m->Grow(4), 16);
  for (uint64_t i = 16 * kPageSize; i < m->size_bytes(); i += 4093) ASSERT_EQ(m->data()[i], 0);
}

}  // namespace
}  // namespace wasmrt
