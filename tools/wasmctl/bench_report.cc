#include "tools/wasmctl/bench_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace wasmrt::wasmctl {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kHistogramBins = 48;  // display bins of the latency histogram

Json Summary(const Histogram& h) {
  return Json{{"count", h.count()},      {"min", h.min()},
              {"mean", h.mean()},        {"p50", h.Percentile(50)},
              {"p90", h.Percentile(90)}, {"p99", h.Percentile(99)},
              {"p99.9", h.Percentile(99.9)}, {"max", h.max()}};
}

// Percentiles spaced evenly on a log scale of 1 / (1 - p): 0, 43.8, 68.4,
// 82.2, 90, ... 99.999, then 100 (the maximum).
Json PercentileCurve(const Histogram& h) {
  Json curve = Json::array();
  if (h.count() == 0) return curve;
  for (int k = 0; k <= 20; ++k) {
    double p = 100.0 * (1.0 - std::pow(10.0, -k / 4.0));
    curve.push_back(Json::array({p, h.Percentile(p)}));
  }
  curve.push_back(Json::array({100.0, h.max()}));
  return curve;
}

// The fine buckets merged into geometric bins between min and max.
Json DisplayHistogram(const Histogram& h) {
  Json bins = Json::array();
  if (h.count() == 0) return bins;
  double lo = std::max<double>(1, double(h.min()));
  double hi = double(h.max()) + 1;
  if (hi <= lo) hi = lo + 1;
  double ratio = std::pow(hi / lo, 1.0 / kHistogramBins);
  std::vector<uint64_t> counts(kHistogramBins, 0);
  h.ForEachBucket([&](uint64_t low, uint64_t, uint64_t n) {
    double v = std::max<double>(1, double(low));
    int bin = ratio > 1 ? int(std::floor(std::log(v / lo) / std::log(ratio))) : 0;
    counts[std::clamp(bin, 0, kHistogramBins - 1)] += n;
  });
  for (int i = 0; i < kHistogramBins; ++i) {
    bins.push_back(Json{{"low_us", lo * std::pow(ratio, i)},
                        {"high_us", lo * std::pow(ratio, i + 1)},
                        {"count", counts[i]}});
  }
  return bins;
}

Json Load(const BenchOptions& o) {
  Json load;
  load["mode"] = o.rps > 0 ? "open" : "closed";
  if (o.rps > 0) {
    load["rps"] = o.rps;
    load["max_in_flight"] = o.max_in_flight;
  } else {
    load["concurrency"] = o.concurrency;
  }
  load["connections"] = o.connections;
  if (o.count > 0) {
    load["count"] = o.count;
  } else {
    load["duration_s"] = o.duration_ms / 1000.0;
  }
  load["warmup_s"] = o.warmup_ms / 1000.0;
  return load;
}

double Num(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : NAN;
}

const Json& Section(const Json& j, const char* key) {
  static const Json kEmpty = Json::object();
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : kEmpty;
}

std::string Target(const Json& r) {
  const Json& t = Section(r, "target");
  std::string rpc = t.value("rpc", "");
  std::string what = rpc == "Echo"    ? "Echo"
                     : rpc == "Typed" ? absl::StrCat("typed method ", t.value("method", ""))
                                      : absl::StrCat("Invoke ", t.value("module", ""), " ",
                                                     t.value("function", ""));
  return absl::StrCat(what, " on ", t.value("server", ""));
}

std::string LoadText(const Json& r) {
  const Json& l = Section(r, "load");
  std::string s = l.value("mode", "") == "open"
                      ? absl::StrFormat("open loop at %g calls/s (max %d in flight)",
                                        Num(l, "rps"), int(Num(l, "max_in_flight")))
                      : absl::StrFormat("closed loop, concurrency %d", int(Num(l, "concurrency")));
  int conns = int(Num(l, "connections"));
  absl::StrAppend(&s, ", ", conns, conns == 1 ? " connection" : " connections");
  if (l.contains("count")) {
    absl::StrAppend(&s, ", ", l["count"].get<uint64_t>(), " calls");
  } else {
    absl::StrAppend(&s, absl::StrFormat(", %gs", Num(l, "duration_s")));
  }
  if (Num(l, "warmup_s") > 0) absl::StrAppend(&s, absl::StrFormat(" after %gs warm-up", Num(l, "warmup_s")));
  return s;
}

std::string Counts(const Json& m) {
  std::string s;
  for (auto& [k, v] : m.items()) {
    absl::StrAppend(&s, s.empty() ? "" : ", ", k, " ", v.get<uint64_t>());
  }
  return s;
}

void SummaryRow(std::ostream& out, const char* name, const Json& s, bool micros) {
  auto cell = [&](const char* key) {
    double v = Num(s, key);
    return micros ? FormatMicros(v) : absl::StrFormat("%.0f", v);
  };
  out << absl::StrFormat("  %-6s", name);
  for (const char* k : {"min", "mean", "p50", "p90", "p99", "p99.9", "max"}) {
    out << absl::StrFormat(" %10s", cell(k));
  }
  out << "\n";
}

}  // namespace

std::string FormatMicros(double us) {
  if (std::isnan(us)) return "-";
  if (us < 1000) return absl::StrFormat("%.0fus", us);
  if (us < 1e6) return absl::StrFormat("%.2fms", us / 1e3);
  return absl::StrFormat("%.3fs", us / 1e6);
}

Json BuildBenchReport(const BenchOptions& opts, const std::string& server,
                      const BenchStats& s) {
  Json r;
  r["wasmctl_bench"] = 1;
  Json target{{"server", server},
              {"rpc", opts.echo ? "Echo" : !opts.method.empty() ? "Typed" : "Invoke"}};
  if (!opts.method.empty()) {
    target["method"] = opts.method;
    target["payloads"] = opts.payload_files.size() + (opts.payload_text.has_value() ? 1 : 0);
  } else if (!opts.echo) {
    target["module"] = opts.module;
    target["function"] = opts.function;
    target["payloads"] = opts.payload_files.size() + (opts.payload_text.has_value() ? 1 : 0);
  }
  r["target"] = target;
  r["load"] = Load(opts);
  r["calls"] = s.calls;
  r["ok"] = s.ok;
  r["errors"] = Json::object();
  for (const auto& [k, v] : s.errors) r["errors"][k] = v;
  r["error_examples"] = Json::object();
  for (const auto& [k, v] : s.error_examples) r["error_examples"][k] = v;
  Json outcomes{{"returned", s.returned}, {"output", s.output}, {"traps", Json::object()},
                {"exit_codes", Json::object()}};
  for (const auto& [k, v] : s.traps) outcomes["traps"][k] = v;
  for (const auto& [k, v] : s.exit_codes) outcomes["exit_codes"][std::to_string(k)] = v;
  r["outcomes"] = outcomes;
  r["elapsed_s"] = s.elapsed_s;
  r["throughput_rps"] = s.elapsed_s > 0 ? double(s.calls) / s.elapsed_s : 0.0;
  r["warmup_calls"] = s.warmup_calls;
  r["late_starts"] = s.late_starts;
  r["interrupted"] = s.interrupted;
  r["latency_us"] = Summary(s.latency_us);
  r["exec_time_us"] = Summary(s.exec_time_us);
  r["fuel"] = Summary(s.fuel);
  r["latency_percentiles"] = PercentileCurve(s.latency_us);
  r["latency_histogram"] = DisplayHistogram(s.latency_us);
  r["per_second"] = Json{{"ok", s.per_second_ok}, {"errors", s.per_second_errors}};
  return r;
}

void PrintBenchText(const Json& r, std::ostream& out) {
  out << "target      " << Target(r) << "\n";
  out << "load        " << LoadText(r) << "\n";
  out << absl::StrFormat("calls       %d in %.2fs = %.1f calls/s%s\n",
                         r.value("calls", uint64_t{0}), Num(r, "elapsed_s"),
                         Num(r, "throughput_rps"), r.value("interrupted", false) ? " (interrupted)" : "");
  uint64_t errors = 0;
  for (auto& [k, v] : Section(r, "errors").items()) errors += v.get<uint64_t>();
  out << "ok          " << r.value("ok", uint64_t{0}) << "\n";
  out << "errors      " << errors;
  if (errors > 0) out << " (" << Counts(Section(r, "errors")) << ")";
  out << "\n";
  for (auto& [k, v] : Section(r, "error_examples").items()) {
    out << "            e.g. " << k << ": " << v.get<std::string>() << "\n";
  }
  if (Section(r, "target").value("rpc", "") != "Echo") {
    const Json& o = Section(r, "outcomes");
    out << "outcomes    returned " << o.value("returned", uint64_t{0}) << ", output "
        << o.value("output", uint64_t{0});
    std::string traps = Counts(Section(o, "traps"));
    std::string exits = Counts(Section(o, "exit_codes"));
    if (!traps.empty()) out << ", traps (" << traps << ")";
    if (!exits.empty()) out << ", exit codes (" << exits << ")";
    out << "\n";
  }
  if (r.value("late_starts", uint64_t{0}) > 0) {
    out << "late starts " << r["late_starts"].get<uint64_t>()
        << " (the client started them >1ms after their slot; counted in latency)\n";
  }
  out << absl::StrFormat("\n  %-6s", "");
  for (const char* k : {"min", "mean", "p50", "p90", "p99", "p99.9", "max"}) {
    out << absl::StrFormat(" %10s", k);
  }
  out << "\n";
  SummaryRow(out, "call", Section(r, "latency_us"), true);
  if (Num(Section(r, "exec_time_us"), "count") > 0) {
    SummaryRow(out, "exec", Section(r, "exec_time_us"), true);
    SummaryRow(out, "fuel", Section(r, "fuel"), false);
  }
  out << "\ncall: latency seen by the client"
      << (Section(r, "load").value("mode", "") == "open" ? " from each call's scheduled start"
                                                          : "")
      << (Num(Section(r, "exec_time_us"), "count") > 0
              ? (Section(r, "target").value("rpc", "") == "Typed"
                     ? "; exec, fuel: reported by the server (trailing metadata)\n"
                     : "; exec, fuel: reported by the server (Stats)\n")
              : "\n");
}

void PrintBenchCompare(const Json& a, const Json& b, const std::string& name_a,
                       const std::string& name_b, std::ostream& out) {
  out << "A: " << name_a << "  (" << Target(a) << "; " << LoadText(a) << ")\n";
  out << "B: " << name_b << "  (" << Target(b) << "; " << LoadText(b) << ")\n\n";
  out << absl::StrFormat("%-22s %14s %14s %10s\n", "", "A", "B", "change");
  auto row = [&](const std::string& name, double va, double vb, bool micros) {
    std::string change = "-";
    if (!std::isnan(va) && !std::isnan(vb) && va != 0) {
      change = absl::StrFormat("%+.1f%%", (vb - va) / va * 100.0);
    } else if (va == 0 && vb == 0) {
      change = "0.0%";
    }
    auto fmt = [&](double v) -> std::string {
      if (micros) return FormatMicros(v);
      if (std::isnan(v)) return "-";
      return absl::StrFormat(v == std::floor(v) ? "%.0f" : "%.1f", v);
    };
    out << absl::StrFormat("%-22s %14s %14s %10s\n", name, fmt(va), fmt(vb), change);
  };
  auto errors = [](const Json& r) {
    double n = 0;
    for (auto& [k, v] : Section(r, "errors").items()) n += v.get<double>();
    return n;
  };
  row("throughput (calls/s)", Num(a, "throughput_rps"), Num(b, "throughput_rps"), false);
  row("calls", Num(a, "calls"), Num(b, "calls"), false);
  row("errors", errors(a), errors(b), false);
  for (const char* k : {"min", "mean", "p50", "p90", "p99", "p99.9", "max"}) {
    row(absl::StrCat("latency ", k), Num(Section(a, "latency_us"), k),
        Num(Section(b, "latency_us"), k), true);
  }
  // Server numbers exist only for runs that got Stats (not Echo).
  auto server = [](const Json& r, const char* section, const char* key) {
    const Json& s = Section(r, section);
    return Num(s, "count") > 0 ? Num(s, key) : NAN;
  };
  for (const char* k : {"p50", "p99"}) {
    row(absl::StrCat("server exec ", k), server(a, "exec_time_us", k),
        server(b, "exec_time_us", k), true);
  }
  row("server fuel p50", server(a, "fuel", "p50"), server(b, "fuel", "p50"), false);
}

}  // namespace wasmrt::wasmctl
