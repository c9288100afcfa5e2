#include "tools/wasmctl/cli.h"

#include "gtest/gtest.h"

namespace wasmrt::wasmctl {
namespace {

TEST(ParseCommandLine, GlobalOptionsGoAnywhere) {
  auto c = ParseCommandLine({"list", "--server", "h:1", "--json", "--token=t"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->command, "list");
  EXPECT_EQ(c->server, "h:1");
  EXPECT_EQ(c->token, "t");
  EXPECT_TRUE(c->json);
}

TEST(ParseCommandLine, EnvironmentGivesDefaults) {
  auto c = ParseCommandLine({"list"}, "env:9", "envtok");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->server, "env:9");
  EXPECT_EQ(c->token, "envtok");
  c = ParseCommandLine({"--server", "flag:1", "list"}, "env:9");
  EXPECT_EQ(c->server, "flag:1");
}

TEST(ParseCommandLine, InvokeTakesArgumentsAndOptions) {
  auto c = ParseCommandLine({"invoke", "mod", "f", "-1", "i64:2", "--fuel", "100", "--memory",
                             "16Mi", "--timeout", "1.5s", "--env", "A=b=c", "--arg", "x",
                             "--stdin", "in.txt"});
  ASSERT_TRUE(c.ok()) << c.status();
  const InvokeOptions& inv = c->invoke;
  EXPECT_EQ(inv.module, "mod");
  EXPECT_EQ(inv.function, "f");
  EXPECT_EQ(inv.args, (std::vector<std::string>{"-1", "i64:2"}));
  EXPECT_EQ(inv.fuel, 100);
  EXPECT_EQ(inv.memory_bytes, 16u << 20);
  EXPECT_EQ(inv.timeout_ms, 1500u);
  EXPECT_EQ(inv.env.at("A"), "b=c");
  EXPECT_EQ(inv.wasi_args, std::vector<std::string>{"x"});
  EXPECT_EQ(*inv.stdin_file, "in.txt");
}

TEST(ParseCommandLine, DoubleDashEndsOptions) {
  auto c = ParseCommandLine({"invoke", "m", "f", "--", "--5"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->invoke.args, std::vector<std::string>{"--5"});
}

TEST(ParseCommandLine, UsageErrors) {
  EXPECT_FALSE(ParseCommandLine({}).ok());
  EXPECT_FALSE(ParseCommandLine({"nope"}).ok());
  EXPECT_FALSE(ParseCommandLine({"get"}).ok());
  EXPECT_FALSE(ParseCommandLine({"get", "a", "b"}).ok());
  EXPECT_FALSE(ParseCommandLine({"upload"}).ok());
  EXPECT_FALSE(ParseCommandLine({"list", "--name", "x"}).ok());
  EXPECT_FALSE(ParseCommandLine({"invoke", "m"}).ok());
  EXPECT_FALSE(ParseCommandLine({"invoke", "m", "f", "--fuel"}).ok());
  EXPECT_FALSE(ParseCommandLine({"invoke", "m", "f", "--fuel", "-3"}).ok());
  EXPECT_FALSE(ParseCommandLine({"invoke", "m", "f", "--env", "novalue"}).ok());
  EXPECT_FALSE(ParseCommandLine({"invoke", "m", "f", "1", "--payload", "x"}).ok());
  EXPECT_FALSE(ParseCommandLine({"invoke", "m", "f", "--payload", "x", "--payload-file", "y"}).ok());
  EXPECT_FALSE(ParseCommandLine({"invoke", "m", "f", "--type-url", "u"}).ok());
  EXPECT_FALSE(ParseCommandLine({"list", "--bogus"}).ok());
  EXPECT_FALSE(ParseCommandLine({"list", "--json=1"}).ok());
}

TEST(ParseCommandLine, HelpNeedsNothingElse) {
  auto c = ParseCommandLine({"invoke", "--help"});
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->help);
  EXPECT_EQ(c->command, "invoke");
  EXPECT_NE(std::string(Usage("invoke")).find("usage: wasmctl invoke"), std::string::npos);
  EXPECT_NE(std::string(Usage("")).find("usage: wasmctl [GLOBAL"), std::string::npos);
}

TEST(ParseDurationMs, Units) {
  EXPECT_EQ(*ParseDurationMs("500ms"), 500u);
  EXPECT_EQ(*ParseDurationMs("2s"), 2000u);
  EXPECT_EQ(*ParseDurationMs("0.25s"), 250u);
  EXPECT_EQ(*ParseDurationMs("1m"), 60000u);
  EXPECT_EQ(*ParseDurationMs("1500us"), 2u);  // rounded up
  EXPECT_EQ(*ParseDurationMs("75"), 75u);
  EXPECT_FALSE(ParseDurationMs("").ok());
  EXPECT_FALSE(ParseDurationMs("s").ok());
  EXPECT_FALSE(ParseDurationMs("-1s").ok());
  EXPECT_FALSE(ParseDurationMs("1h").ok());
  EXPECT_FALSE(ParseDurationMs("99999999s").ok());
}

TEST(ParseBytes, Suffixes) {
  EXPECT_EQ(*ParseBytes("65536"), 65536u);
  EXPECT_EQ(*ParseBytes("64Ki"), 65536u);
  EXPECT_EQ(*ParseBytes("64KiB"), 65536u);
  EXPECT_EQ(*ParseBytes("16M"), 16u << 20);
  EXPECT_EQ(*ParseBytes("1Gi"), 1u << 30);
  EXPECT_FALSE(ParseBytes("Mi").ok());
  EXPECT_FALSE(ParseBytes("1.5Mi").ok());
  EXPECT_FALSE(ParseBytes("-1").ok());
}

}  // namespace
}  // namespace wasmrt::wasmctl
