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
  EXPECT_EQ(ParseServerFlags({"--default-fuel", "10", "--max-fuel", "5"}).status().message(),
            "a --default-* limit is above its --max-* cap");
  EXPECT_EQ(ParseServerFlags({"--tls-cert", "c.pem"}).status().message(),
            "--tls-cert and --tls-key go together");
}

}  // namespace
}  // namespace wasmrt::service
