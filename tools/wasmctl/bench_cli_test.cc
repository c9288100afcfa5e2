#include "tools/wasmctl/bench_cli.h"

#include "gtest/gtest.h"
#include "tools/wasmctl/cli.h"

namespace wasmrt::wasmctl {
namespace {

// `wasmctl bench ARGS...`: its options.
absl::StatusOr<BenchOptions> ParseBenchArgs(std::vector<std::string> args) {
  args.insert(args.begin(), "bench");
  auto cl = ParseCommandLine(args);
  if (!cl.ok()) return cl.status();
  return cl->bench;
}

TEST(BenchCli, GlobalOptionsStayGlobalAndBenchOptionsAreForwarded) {
  auto cl = ParseCommandLine({"bench", "typed", "add", "--rps", "50", "--server", "h:1", "40",
                              "-2", "--json", "-n", "100", "--timeout=2s", "--quiet"});
  ASSERT_TRUE(cl.ok()) << cl.status();
  EXPECT_EQ(cl->command, "bench");
  EXPECT_EQ(cl->server, "h:1");
  EXPECT_TRUE(cl->json);
  const BenchOptions* b = &cl->bench;
  EXPECT_EQ(b->module, "typed");
  EXPECT_EQ(b->function, "add");
  EXPECT_EQ(b->args, (std::vector<std::string>{"40", "-2"}));
  EXPECT_EQ(b->rps, 50);
  EXPECT_EQ(b->count, 100u);
  EXPECT_EQ(b->timeout_ms, 2000u);
  EXPECT_TRUE(b->quiet);
}

TEST(BenchCli, DefaultsAndClosedLoop) {
  auto b = ParseBenchArgs({"--echo", "-c", "32", "--connections", "4", "-d", "30s",
                           "--warmup", "2s", "--html", "r.html"});
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_TRUE(b->echo);
  EXPECT_EQ(b->concurrency, 32);
  EXPECT_EQ(b->connections, 4);
  EXPECT_EQ(b->duration_ms, 30'000u);
  EXPECT_EQ(b->warmup_ms, 2'000u);
  EXPECT_EQ(b->html_file, "r.html");
  EXPECT_EQ(b->rps, 0);
}

TEST(BenchCli, PayloadFilesRoundRobinAndCompare) {
  auto b = ParseBenchArgs({"m", "f", "--payload-file", "a", "--payload-file", "b"});
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->payload_files, (std::vector<std::string>{"a", "b"}));
  auto c = ParseBenchArgs({"compare", "a.json", "b.json"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(c->compare);
  EXPECT_EQ(c->compare_files, (std::vector<std::string>{"a.json", "b.json"}));
}

TEST(BenchCli, Rejects) {
  EXPECT_EQ(ParseBenchArgs({}).status().message(),
            "bench needs a module ID and a function (or --echo)");
  EXPECT_EQ(ParseBenchArgs({"--echo", "m"}).status().message(),
            "--echo takes no module, function, arguments or payload");
  EXPECT_EQ(ParseBenchArgs({"m", "f", "1", "--payload", "x"}).status().message(),
            "a call takes either typed arguments or a payload, not both");
  EXPECT_EQ(ParseBenchArgs({"--echo", "--rps", "0"}).status().message(),
            "--rps needs a rate above 0 (calls per second), got 0");
  EXPECT_EQ(ParseBenchArgs({"--echo", "-c", "0"}).status().message(),
            "--concurrency needs a positive integer, got 0");
  EXPECT_EQ(ParseBenchArgs({"--echo", "--bogus"}).status().message(),
            "unknown option --bogus for `bench` (see wasmctl bench --help)");
  EXPECT_EQ(ParseBenchArgs({"compare", "a.json"}).status().message(),
            "bench compare needs two JSON files");
  EXPECT_FALSE(ParseCommandLine({"bench", "--echo", "--rps", "x"}).ok());
}

TEST(BenchCli, TypedMethodWithJsonRequestAndLimits) {
  auto cl = ParseCommandLine({"bench", "--method", "shapes.v1.Shapes/Area", R"({"w":3,"h":4})",
                              "--json", "-n", "50", "--fuel", "1000", "--memory", "1Mi",
                              "--timeout", "2s"});
  ASSERT_TRUE(cl.ok()) << cl.status();
  EXPECT_TRUE(cl->json);  // --json stays the global output option
  const BenchOptions& b = cl->bench;
  EXPECT_EQ(b.method, "shapes.v1.Shapes/Area");
  EXPECT_EQ(b.request_json, R"({"w":3,"h":4})");
  EXPECT_FALSE(b.request_file.has_value());
  EXPECT_TRUE(b.module.empty());
  EXPECT_TRUE(b.args.empty());
  EXPECT_EQ(b.count, 50u);
  EXPECT_EQ(b.fuel, 1000);
  EXPECT_EQ(b.memory_bytes, 1024u * 1024u);
  EXPECT_EQ(b.timeout_ms, 2000u);

  // No request: {} as for `wasmctl call`; the gRPC path form is accepted.
  auto d = ParseBenchArgs({"--method=/shapes.v1.Shapes/Area"});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_FALSE(d->request_json.has_value());
  auto f = ParseBenchArgs({"--method", "p.S/M", "--request-file", "-"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->request_file, "-");
}

TEST(BenchCli, TypedMethodWithRawPayloads) {
  auto b = ParseBenchArgs({"--method", "p.S/M", "--payload-file", "a", "--payload-file", "b"});
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->payload_files, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(b->request_json.has_value());
  auto t = ParseBenchArgs({"--method", "p.S/M", "--payload", "\x09"});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->payload_text, "\x09");
}

TEST(BenchCli, TypedMethodRejects) {
  EXPECT_EQ(ParseBenchArgs({"--method", "Area"}).status().message(),
            "\"Area\" is not a method: give pkg.Service/Method");
  EXPECT_EQ(ParseBenchArgs({"--method", "p.S/M", "{}", "{}"}).status().message(),
            "unexpected argument \"{}\" for `bench --method` (it takes one JSON request)");
  EXPECT_EQ(ParseBenchArgs({"--method", "p.S/M", "--echo"}).status().message(),
            "give either --echo or --method, not both");
  EXPECT_EQ(ParseBenchArgs({"--method", "p.S/M", "{}", "--request-file", "f"}).status().message(),
            "give the JSON either as an argument or with --request-file");
  EXPECT_EQ(ParseBenchArgs({"--method", "p.S/M", "{}", "--payload", "x"}).status().message(),
            "a typed call takes either a JSON request or a payload, not both");
  EXPECT_EQ(ParseBenchArgs({"--method", "p.S/M", "--payload", "x", "--payload-file", "f"})
                .status()
                .message(),
            "give either --payload-file or --payload, not both");
  EXPECT_EQ(ParseBenchArgs({"--method", "p.S/M", "--payload", "x", "--type-url", "t"})
                .status()
                .message(),
            "--type-url goes with Invoke, not --method");
  EXPECT_EQ(ParseBenchArgs({"m", "f", "--request-file", "r.json"}).status().message(),
            "--request-file goes with --method");
  EXPECT_EQ(ParseBenchArgs({"--method"}).status().message(), "option --method needs a value");
}

TEST(BenchCli, ValuesAfterEqualsSignsAndNegativeArguments) {
  auto b = ParseBenchArgs({"m", "f", "--rps=50.5", "-5", "--duration=2s", "-c8", "-inf",
                           "--max-in-flight=3", "-0x10", "-n", "7", "--html=", "--", "--x"});
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->args, (std::vector<std::string>{"-5", "-inf", "-0x10", "--x"}));
  EXPECT_EQ(b->rps, 50.5);
  EXPECT_EQ(b->duration_ms, 2000u);
  EXPECT_EQ(b->concurrency, 8);
  EXPECT_EQ(b->max_in_flight, 3);
  EXPECT_EQ(b->count, 7u);
  EXPECT_EQ(b->html_file, "");
}

TEST(BenchCli, MissingValuesAndFlagsWithValues) {
  EXPECT_EQ(ParseBenchArgs({"--echo", "--rps"}).status().message(),
            "option --rps needs a value");
  EXPECT_EQ(ParseBenchArgs({"--echo", "-n"}).status().message(), "option -n needs a value");
  EXPECT_EQ(ParseBenchArgs({"--echo=yes"}).status().message(), "option --echo takes no value");
  EXPECT_EQ(ParseBenchArgs({"--echo", "--quiet=1"}).status().message(),
            "option --quiet takes no value");
  EXPECT_EQ(ParseBenchArgs({"--echo", "--bogus=3"}).status().message(),
            "unknown option --bogus for `bench` (see wasmctl bench --help)");
}

TEST(BenchCli, HelpAndCompareHelp) {
  for (std::vector<std::string> args : {std::vector<std::string>{"bench", "--help"},
                                        {"bench", "compare", "-h"}, {"--help", "bench"}}) {
    auto cl = ParseCommandLine(args);
    ASSERT_TRUE(cl.ok()) << cl.status();
    EXPECT_TRUE(cl->help);
    EXPECT_EQ(cl->command, "bench");
  }
  EXPECT_NE(std::string(Usage("bench")).find("wasmctl bench compare A.json B.json"),
            std::string::npos);
  EXPECT_NE(std::string(Usage("bench")).find("wasmctl bench --method pkg.Service/Method [JSON]"),
            std::string::npos);
}

}  // namespace
}  // namespace wasmrt::wasmctl
