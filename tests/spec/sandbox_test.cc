#include "tests/spec/sandbox.h"

#include <csignal>

#include "gtest/gtest.h"
#include "tests/spec/process.h"

namespace wasmrt::spec {
namespace {

TEST(SandboxTest, OutcomesReachTheParent) {
  FileTally tally;
  ChildExit exit = RunInChild(
      [](OutcomeSink& sink) {
        sink.Begin(3);
        sink.Pass(false);
        sink.Begin(4);
        sink.Pass(true);
        sink.Skip(5);
        sink.Fail(7, "assert_return invoke \"f\": expected i32:1\ngot i32:0");
      },
      tally, 0);
  EXPECT_TRUE(exit.clean);
  EXPECT_EQ(exit.last_line, 4);
  EXPECT_EQ(tally.passed, 2);
  EXPECT_EQ(tally.via_text, 1);
  EXPECT_EQ(tally.skipped, 5);
  EXPECT_EQ(tally.failed, 1);
  ASSERT_EQ(tally.failures.size(), 1u);
  EXPECT_EQ(tally.failures[0], "line 7 assert_return invoke \"f\": expected i32:1 got i32:0");
}

TEST(SandboxTest, CrashNamesTheLastCommand) {
  FileTally tally;
  ChildExit exit = RunInChild(
      [](OutcomeSink& sink) {
        sink.Begin(10);
        sink.Pass(false);
        sink.Begin(11);
        std::raise(SIGSEGV);
      },
      tally, 0);
  EXPECT_FALSE(exit.clean);
  EXPECT_EQ(exit.signal, SIGSEGV);
  EXPECT_EQ(exit.last_line, 11);
  EXPECT_EQ(tally.passed, 1);
  EXPECT_EQ(exit.Describe(60), "crashed (signal 11: Segmentation fault)");
}

TEST(SandboxTest, HangTimesOut) {
  FileTally tally;
  ChildExit exit = RunInChild(
      [](OutcomeSink& sink) {
        sink.Begin(20);
        for (;;) {
        }
      },
      tally, 1);
  EXPECT_EQ(exit.signal, SIGALRM);
  EXPECT_EQ(exit.last_line, 20);
  EXPECT_EQ(exit.Describe(1), "timed out after 1 s");
}

TEST(ProcessTest, FirstLineSkipsBlankLines) {
  EXPECT_EQ(FirstLine("\n  \ncore/if.wast:533:33: error: x\nmore\n"),
            "core/if.wast:533:33: error: x");
  EXPECT_EQ(FirstLine("only\r\n"), "only");
  EXPECT_EQ(FirstLine(""), "");
}

TEST(ProcessTest, ReportsExitAndMissingTool) {
  ProcessResult ok = RunProcess({"true"});
  EXPECT_TRUE(ok.ok());
  ProcessResult fail = RunProcess({"sh", "-c", "echo oops >&2; exit 3"});
  EXPECT_TRUE(fail.started);
  EXPECT_EQ(fail.exit_code, 3);
  EXPECT_EQ(FirstLine(fail.stderr_text), "oops");
  EXPECT_EQ(DescribeExit(fail), "exit status 3");
  ProcessResult missing = RunProcess({"/nonexistent/tool"});
  EXPECT_FALSE(missing.started);
}

}  // namespace
}  // namespace wasmrt::spec
