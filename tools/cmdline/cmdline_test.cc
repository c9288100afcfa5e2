#include "tools/cmdline/cmdline.h"

#include "gtest/gtest.h"

namespace wasmrt::cmdline {
namespace {

using Strings = std::vector<std::string>;

// An app with a global --name, a flag, and a subcommand `run` with --count.
struct TestApp {
  TestApp() {
    app.set_help_flag();
    AddValue(app, "--name", [this](const std::string& v) {
      names.push_back(v);
      return absl::OkStatus();
    });
    AddFlag(app, "-v,--verbose", verbose);
    run = app.add_subcommand("run");
    AddValue(*run, "-c,--count", [this](const std::string& v) {
      if (v != "1" && v != "2") return absl::InvalidArgumentError("--count: bad " + v);
      count = v;
      return absl::OkStatus();
    });
  }
  CLI::App app;
  CLI::App* run = nullptr;
  Strings names;
  bool verbose = false;
  std::string count;
};

TEST(Cmdline, ValuesWithEqualsOrSeparate) {
  TestApp t;
  auto w = Parse(t.app, {"--name=a", "--name", "b", "--name=", "--name", "", "--name=x=y"}, true);
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(t.names, (Strings{"a", "b", "", "", "x=y"}));
  EXPECT_TRUE(w->words.empty());
}

TEST(Cmdline, AValueIsTakenWhateverItLooksLike) {
  TestApp t;
  auto w = Parse(t.app, {"--name", "-5", "--name", "--verbose", "--name", "--"}, true);
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(t.names, (Strings{"-5", "--verbose", "--"}));
  EXPECT_FALSE(t.verbose);
}

TEST(Cmdline, WordsKeepTheirOrderWithNegativeNumbersAndUnknownOptions) {
  TestApp t;
  auto w = Parse(t.app, {"run", "m", "-5", "--name", "n", "-inf", "-c", "2", "--bogus=1", "-0x10",
                         "-v", "1.5", "--", "--count", "-v"},
                 true);
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_TRUE(t.run->parsed());
  EXPECT_EQ(w->words, (Strings{"m", "-5", "-inf", "--bogus=1", "-0x10", "1.5"}));
  EXPECT_EQ(w->after_dash_dash, (Strings{"--count", "-v"}));
  EXPECT_EQ(t.names, Strings{"n"});
  EXPECT_EQ(t.count, "2");
  EXPECT_TRUE(t.verbose);
}

TEST(Cmdline, SubcommandOptionsBelongToTheirSubcommand) {
  TestApp t;
  auto w = Parse(t.app, {"--count", "1", "run"}, true);
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(w->words, (Strings{"--count", "1"}));  // unknown before `run`
  EXPECT_EQ(t.count, "");
}

TEST(Cmdline, ErrorsNameTheOption) {
  {
    TestApp t;
    EXPECT_EQ(Parse(t.app, {"run", "--count"}, true).status().message(),
              "option --count needs a value");
  }
  {
    TestApp t;
    EXPECT_EQ(Parse(t.app, {"--verbose=1"}, true).status().message(),
              "option --verbose takes no value");
  }
  {
    TestApp t;
    EXPECT_EQ(Parse(t.app, {"run", "--count=3"}, true).status().message(), "--count: bad 3");
  }
  {
    TestApp t;
    EXPECT_EQ(Parse(t.app, {"run", "-c", "9"}, true).status().message(), "--count: bad 9");
  }
}

TEST(Cmdline, DashDashIsAWordWhenItDoesNotEndOptions) {
  TestApp t;
  auto w = Parse(t.app, {"--", "--name", "a"}, false);
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(w->words, (Strings{"--", "--name", "a"}));
  EXPECT_TRUE(t.names.empty());
}

}  // namespace
}  // namespace wasmrt::cmdline
