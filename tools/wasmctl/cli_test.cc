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

TEST(ParseCommandLine, ValuesAfterEqualsSigns) {
  auto c = ParseCommandLine({"--server=h:2", "invoke", "m", "f", "--fuel=5", "--memory=64Ki",
                             "--env=K=V", "--payload=", "--rpc-timeout=2s", "--token="},
                            "env:9", "envtok");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->server, "h:2");
  EXPECT_EQ(c->token, "");
  EXPECT_EQ(c->rpc_timeout_ms, 2000u);
  EXPECT_EQ(c->invoke.fuel, 5);
  EXPECT_EQ(c->invoke.memory_bytes, 65536u);
  EXPECT_EQ(c->invoke.env.at("K"), "V");
  EXPECT_EQ(*c->invoke.payload_text, "");  // `--payload=`: an empty payload
  auto up = ParseCommandLine({"upload", "-", "--name=x/y:1"});
  ASSERT_TRUE(up.ok()) << up.status();
  EXPECT_EQ(up->file, "-");
  EXPECT_EQ(up->name, "x/y:1");
}

TEST(ParseCommandLine, NegativeAndDashedArgumentsAreValuesNotOptions) {
  auto c = ParseCommandLine({"invoke", "m", "f", "-5", "-inf", "--json", "-nan", "-1.5e3",
                             "-0x10", "-x", "i32:-1"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->invoke.args,
            (std::vector<std::string>{"-5", "-inf", "-nan", "-1.5e3", "-0x10", "-x", "i32:-1"}));
  EXPECT_TRUE(c->json);
  // A value option takes the next word even when it starts with a dash.
  auto s = ParseCommandLine({"invoke", "m", "f", "--stdin", "-", "--arg", "-v", "--arg=--w"});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(*s->invoke.stdin_file, "-");
  EXPECT_EQ(s->invoke.wasi_args, (std::vector<std::string>{"-v", "--w"}));
  EXPECT_TRUE(s->invoke.args.empty());
}

TEST(ParseCommandLine, PositionalsMayBeNamedLikeCommands) {
  auto c = ParseCommandLine({"invoke", "list", "get", "health"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->command, "invoke");
  EXPECT_EQ(c->invoke.module, "list");
  EXPECT_EQ(c->invoke.function, "get");
  EXPECT_EQ(c->invoke.args, std::vector<std::string>{"health"});
  auto g = ParseCommandLine({"--server", "get", "get", "delete"});
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->server, "get");
  EXPECT_EQ(g->command, "get");
  EXPECT_EQ(g->id, "delete");
}

TEST(ParseCommandLine, PreciseUsageErrors) {
  auto msg = [](std::vector<std::string> args) {
    return std::string(ParseCommandLine(args).status().message());
  };
  EXPECT_EQ(msg({}), "no command given (see wasmctl --help)");
  EXPECT_EQ(msg({"--json"}), "no command given (see wasmctl --help)");
  EXPECT_EQ(msg({"nope"}), "unknown command \"nope\" (see wasmctl --help)");
  EXPECT_EQ(msg({"--bogus", "list"}), "unknown option --bogus (see wasmctl --help)");
  EXPECT_EQ(msg({"list", "--bogus=1"}), "unknown option --bogus for `list` (see wasmctl list --help)");
  EXPECT_EQ(msg({"list", "--name", "x"}), "unknown option --name for `list` (see wasmctl list --help)");
  EXPECT_EQ(msg({"get", "a", "b"}), "unexpected argument \"b\" for `get`");
  EXPECT_EQ(msg({"list", "--server"}), "option --server needs a value");
  EXPECT_EQ(msg({"invoke", "m", "f", "--timeout"}), "option --timeout needs a value");
  EXPECT_EQ(msg({"list", "--json=1"}), "option --json takes no value");
  EXPECT_EQ(msg({"list", "--help=x"}), "option --help takes no value");
  EXPECT_EQ(msg({"invoke", "m", "f", "--fuel=-3"}), "--fuel needs a non-negative integer, got -3");
  EXPECT_EQ(msg({"invoke", "m", "f", "--env=novalue"}), "--env needs K=V, got novalue");
  EXPECT_EQ(msg({"--rpc-timeout=1h", "list"}), "bad duration \"1h\" (e.g. 500ms, 2s, 1m)");
  EXPECT_EQ(msg({"invoke", "m", "f", "--5"}),
            "unknown option --5 for `invoke` (see wasmctl invoke --help)");
}

TEST(ParseCommandLine, HelpForEveryCommand) {
  for (const char* cmd : {"upload", "list", "get", "delete", "invoke", "health", "bench"}) {
    for (const char* h : {"-h", "--help"}) {
      auto c = ParseCommandLine({cmd, h});
      ASSERT_TRUE(c.ok()) << cmd << " " << c.status();
      EXPECT_TRUE(c->help);
      EXPECT_EQ(c->command, cmd);
      EXPECT_TRUE(std::string(Usage(cmd)).rfind(std::string("usage: wasmctl ") + cmd, 0) == 0)
          << cmd;
    }
  }
  auto tool = ParseCommandLine({"-h"});
  ASSERT_TRUE(tool.ok()) << tool.status();
  EXPECT_TRUE(tool->help);
  EXPECT_EQ(tool->command, "");
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
