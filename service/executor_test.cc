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

TEST(Executor, RunsHereOnlyInAnIdleSlot) {
  absl::Notification started, release;
  Executor ex(1, 4);
  bool ran = false;
  // The one slot is free: the task runs on this thread, holding it.
  EXPECT_TRUE(ex.TryRunHere([&] {
    ran = true;
    EXPECT_EQ(ex.busy(), 1);
    // Queued meanwhile, a task waits for the slot although its worker idles.
    EXPECT_TRUE(ex.TrySubmit([&] { started.Notify(); }));
    EXPECT_FALSE(started.HasBeenNotified());
  }));
  EXPECT_TRUE(ran);
  started.WaitForNotification();  // the slot is back: the worker ran it
  // The slot taken by a worker: nothing runs here.
  ASSERT_TRUE(ex.TrySubmit([&] { release.WaitForNotification(); }));
  while (ex.busy() == 0) absl::SleepFor(absl::Milliseconds(1));
  ran = false;
  EXPECT_FALSE(ex.TryRunHere([&] { ran = true; }));
  EXPECT_FALSE(ran);
  release.Notify();
}

TEST(Executor, ATaskRunHereCanFreeItsSlotEarly) {
  absl::Notification ran;
  Executor ex(1, 0);
  EXPECT_TRUE(ex.TryRunHere([&] {
    Executor other(1, 0);
    other.MarkCurrentTaskDone();  // not other's task: no effect
    EXPECT_EQ(ex.busy(), 1);
    ex.MarkCurrentTaskDone();
    EXPECT_EQ(ex.busy(), 0);
    EXPECT_TRUE(ex.TrySubmit([&] { ran.Notify(); }));  // a worker may take it now
  }));
  ran.WaitForNotification();
  // The slot was given back once: the worker's task leaves it at 0.
  while (ex.busy() != 0) absl::SleepFor(absl::Milliseconds(1));
}

TEST(Executor, RefusesAfterShutdown) {
  Executor ex(1, 4);
  ex.Shutdown();
  EXPECT_FALSE(ex.TrySubmit([] {}));
}

}  // namespace
}  // namespace wasmrt::service
