#include "service/executor.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace wasmrt::service {
namespace {

TEST(Executor, RunsEverythingQueued) {
  std::atomic<int> done{0};
  {
    Executor ex(2, 100);
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(ex.TrySubmit([&] { ++done; }));
  }  // the destructor drains the queue
  EXPECT_EQ(done.load(), 50);
}

TEST(Executor, RefusesWorkWhenWorkersAndQueueAreFull) {
  absl::Notification release;
  Executor ex(1, 1);
  std::atomic<int> started{0};
  ASSERT_TRUE(ex.TrySubmit([&] {
    ++started;
    release.WaitForNotification();
  }));
  while (started.load() == 0) {
  }
  EXPECT_TRUE(ex.TrySubmit([] {}));   // waits in the queue
  EXPECT_FALSE(ex.TrySubmit([] {}));  // queue full: shed
  EXPECT_EQ(ex.queue_depth(), 1);
  EXPECT_EQ(ex.busy(), 1);
  release.Notify();
}

TEST(Executor, ATaskThatMarksItselfDoneFreesItsSlotAtOnce) {
  absl::Notification marked, release;
  Executor ex(1, 0);
  ASSERT_TRUE(ex.TrySubmit([&] {
    ex.MarkCurrentTaskDone();
    marked.Notify();
    release.WaitForNotification();  // cleanup still running
  }));
  marked.WaitForNotification();
  EXPECT_EQ(ex.busy(), 0);
  EXPECT_TRUE(ex.TrySubmit([] {}));  // accepted: runs after the cleanup
  release.Notify();
}

TEST(Executor, RefusesAfterShutdown) {
  Executor ex(1, 4);
  ex.Shutdown();
  EXPECT_FALSE(ex.TrySubmit([] {}));
}

}  // namespace
}  // namespace wasmrt::service
