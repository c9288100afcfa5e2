#include "service/flags.h"

#include "gtest/gtest.h"

namespace wasmrt::service {
namespace {

TEST(ServerFlags, ParsesLimitsPreloadAndTokens) {
  auto f = ParseServerFlags({"--listen", "0.0.0.0:7000", "--workers", "3", "--preload",
                             "a.wasm=fib", "--preload", "b.wasm", "--max-fuel", "500",
                             "--default-fuel", "100", "--admin-token", "s3cret"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->config.listen, "0.0.0.0:7000");
  EXPECT_EQ(f->config.workers, 3);
  ASSERT_EQ(f->preload.size(), 2u);
  EXPECT_EQ(f->preload[0], std::make_pair(std::string("a.wasm"), std::string("fib")));
  EXPECT_EQ(f->preload[1].second, "");
  EXPECT_EQ(f->config.max_fuel, 500);
  EXPECT_EQ(f->config.admin_tokens, std::vector<std::string>{"s3cret"});
}

TEST(ServerFlags, PoolDisableTakesNoValue) {
  EXPECT_FALSE(ParseServerFlags({})->config.pool_disable);
  auto f = ParseServerFlags({"--pool-disable", "--workers", "2"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_TRUE(f->config.pool_disable);
  EXPECT_EQ(f->config.workers, 2);
  auto last = ParseServerFlags({"--workers", "2", "--pool-disable"});
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_TRUE(last->config.pool_disable);
}

TEST(ServerFlags, RejectsWithOneClearLine) {
  EXPECT_EQ(ParseServerFlags({"--bogus", "1"}).status().message(),
            "unknown option --bogus (see --help)");
  EXPECT_EQ(ParseServerFlags({"--workers"}).status().message(), "option --workers needs a value");
  EXPECT_EQ(ParseServerFlags({"--workers", "x"}).status().message(), "--workers: not a number: x");
  EXPECT_EQ(ParseServerFlags({"--default-fuel=-1"}).status().message(),
            "--default-fuel and --max-fuel must not be negative");
  EXPECT_EQ(ParseServerFlags({"--max-timeout-ms", "-5"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseServerFlags({"--default-fuel", "10", "--max-fuel", "5"}).status().message(),
            "a --default-* limit is above its --max-* cap");
  EXPECT_EQ(ParseServerFlags({"--tls-cert", "c.pem"}).status().message(),
            "--tls-cert and --tls-key go together");
}

TEST(ServerFlags, ValuesAfterEqualsSignsAsWell) {
  auto f = ParseServerFlags({"--listen=127.0.0.1:9000", "--workers=4", "--preload=a.wasm=fib",
                             "--metrics-listen=", "--admin-token=x=y", "--log-level", "debug"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->config.listen, "127.0.0.1:9000");
  EXPECT_EQ(f->config.workers, 4);
  EXPECT_EQ(f->preload[0], std::make_pair(std::string("a.wasm"), std::string("fib")));
  EXPECT_EQ(f->config.metrics_listen, "");  // `--metrics-listen=` disables, as `""` does
  EXPECT_EQ(f->config.admin_tokens, std::vector<std::string>{"x=y"});
  EXPECT_EQ(f->log_level, "debug");
  auto spaced = ParseServerFlags({"--metrics-listen", "", "--workers", "2"});
  ASSERT_TRUE(spaced.ok()) << spaced.status();
  EXPECT_EQ(spaced->config.metrics_listen, "");
  EXPECT_EQ(spaced->config.workers, 2);
}

TEST(ServerFlags, RepeatedOptionsLastOneWinsOrAccumulate) {
  auto f = ParseServerFlags({"--workers", "2", "--workers=5", "--invoker-token", "a",
                             "--invoker-token=b"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->config.workers, 5);
  EXPECT_EQ(f->config.invoker_tokens, (std::vector<std::string>{"a", "b"}));
}

TEST(ServerFlags, UnknownMissingAndSurplusValues) {
  EXPECT_EQ(ParseServerFlags({"--bogus=1"}).status().message(),
            "unknown option --bogus (see --help)");
  EXPECT_EQ(ParseServerFlags({"--workers", "2", "-x"}).status().message(),
            "unknown option -x (see --help)");
  EXPECT_EQ(ParseServerFlags({"serve"}).status().message(),
            "unexpected argument serve (see --help)");
  EXPECT_EQ(ParseServerFlags({"--listen"}).status().message(), "option --listen needs a value");
  EXPECT_EQ(ParseServerFlags({"--workers=x"}).status().message(), "--workers: not a number: x");
  EXPECT_EQ(ParseServerFlags({"--pool-disable=1"}).status().message(),
            "option --pool-disable takes no value");
  // A value is the next word, whatever it looks like.
  EXPECT_EQ(ParseServerFlags({"--workers", "-2"}).status().message(),
            "--workers must be >= 1 and --queue >= 0");
}

TEST(ServerFlags, TierDefaultsToAuto) {
  EXPECT_EQ(ParseServerFlags({})->config.tier, Tier::kAuto);
  EXPECT_EQ(ParseServerFlags({"--tier", "jit"})->config.tier, Tier::kJit);
  EXPECT_EQ(ParseServerFlags({"--tier=auto", "--workers", "2"})->config.tier, Tier::kAuto);
  EXPECT_EQ(ParseServerFlags({"--tier=jit", "--tier=interp"})->config.tier, Tier::kInterp);
  EXPECT_STREQ(TierName(Tier::kJit), "jit");
  EXPECT_NE(std::string(kServerUsage).find("--tier auto|interp|jit"), std::string::npos);
}

TEST(ServerFlags, BadTierNamesTheAcceptedValues) {
  EXPECT_EQ(ParseServerFlags({"--tier", "fast"}).status().message(),
            "--tier: unknown tier \"fast\" (expected auto, interp or jit)");
  EXPECT_EQ(ParseServerFlags({"--tier="}).status().message(),
            "--tier: unknown tier \"\" (expected auto, interp or jit)");
  EXPECT_EQ(ParseServerFlags({"--tier"}).status().message(), "option --tier needs a value");
}

TEST(ServerFlags, Help) {
  for (const char* h : {"-h", "--help"}) {
    auto f = ParseServerFlags({"--workers", "2", h});
    ASSERT_TRUE(f.ok()) << f.status();
    EXPECT_TRUE(f->help);
  }
  EXPECT_NE(std::string(kServerUsage).find("usage: wasmrtd [OPTIONS]"), std::string::npos);
}

}  // namespace
}  // namespace wasmrt::service
