// `wasmctl bench` reports: one JSON document (nlohmann) built from the
// run's statistics; the text and HTML forms and `bench compare` all read it.
#ifndef WASMRT_TOOLS_WASMCTL_BENCH_REPORT_H_
#define WASMRT_TOOLS_WASMCTL_BENCH_REPORT_H_

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "tools/wasmctl/bench_cli.h"
#include "tools/wasmctl/bench_runner.h"

namespace wasmrt::wasmctl {

/// The report of a run against `server`: target, load, counts by status and
/// outcome, throughput, latency/exec-time/fuel summaries, the latency
/// percentile curve and histogram, and calls per second over time.
nlohmann::ordered_json BuildBenchReport(const BenchOptions& opts, const std::string& server,
                                const BenchStats& stats);

/// The report as aligned text.
void PrintBenchText(const nlohmann::ordered_json& report, std::ostream& out);

/// A self-contained HTML page (inline CSS and SVG plots, no external assets).
std::string RenderBenchHtml(const nlohmann::ordered_json& report);

/// Key numbers of two reports side by side with the change in percent.
void PrintBenchCompare(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b, const std::string& name_a,
                       const std::string& name_b, std::ostream& out);

/// "850 us", "12.35 ms", "1.234 s" for a number of microseconds.
std::string FormatMicros(double us);

}  // namespace wasmrt::wasmctl

#endif  // WASMRT_TOOLS_WASMCTL_BENCH_REPORT_H_
