// `wasmctl bench --html`: one self-contained page, plots drawn here as inline
// SVG (HTML5 needs no namespace URL for it, so the page names no address).
#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/wasmctl/bench_report.h"

namespace wasmrt::wasmctl {
namespace {

using Json = nlohmann::ordered_json;

constexpr double kW = 760, kH = 300;                      // plot size
constexpr double kLeft = 70, kRight = 20, kTop = 20, kBottom = 45;
constexpr double kPlotW = kW - kLeft - kRight, kPlotH = kH - kTop - kBottom;

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// A "nice" axis maximum (1, 2 or 5 times a power of ten) at or above v.
double NiceMax(double v) {
  if (!(v > 0)) return 1;
  double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= v) return m * p;
  }
  return 10 * p;
}

std::string SvgOpen(const std::string& title) {
  return absl::StrFormat(
      "<svg width=\"%g\" height=\"%g\" "
      "viewBox=\"0 0 %g %g\" role=\"img\"><title>%s</title>"
      "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" class=\"frame\"/>",
      kW, kH, kW, kH, Escape(title), kLeft, kTop, kPlotW, kPlotH);
}

// Horizontal grid lines and labels for a y axis 0..ymax.
std::string YAxis(double ymax, const std::string& label, bool micros) {
  std::string s;
  for (int i = 0; i <= 5; ++i) {
    double v = ymax * i / 5;
    double y = kTop + kPlotH - kPlotH * i / 5;
    absl::StrAppend(&s, absl::StrFormat("<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" "
                                        "class=\"grid\"/><text x=\"%g\" y=\"%g\" "
                                        "class=\"yl\">%s</text>",
                                        kLeft, y, kLeft + kPlotW, y, kLeft - 6, y + 4,
                                        micros ? FormatMicros(v) : absl::StrFormat("%g", v)));
  }
  absl::StrAppend(&s, absl::StrFormat("<text x=\"14\" y=\"%g\" class=\"axis\" "
                                      "transform=\"rotate(-90 14 %g)\">%s</text>",
                                      kTop + kPlotH / 2, kTop + kPlotH / 2, Escape(label)));
  return s;
}

std::string XLabel(double x, const std::string& text) {
  return absl::StrFormat("<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" class=\"grid\"/>"
                         "<text x=\"%g\" y=\"%g\" class=\"xl\">%s</text>",
                         x, kTop, x, kTop + kPlotH, x, kTop + kPlotH + 16, Escape(text));
}

std::string XTitle(const std::string& text) {
  return absl::StrFormat("<text x=\"%g\" y=\"%g\" class=\"axis\">%s</text>", kLeft + kPlotW / 2,
                         kH - 6, Escape(text));
}

// Latency by percentile; x = log10(1 / (1 - p)), so 90, 99, 99.9... are
// evenly spaced. The maximum is drawn at the right edge.
std::string PercentilePlot(const Json& curve) {
  std::string s = SvgOpen("Latency by percentile");
  constexpr double kMaxNines = 5;  // 99.999%
  double ymax = 0;
  for (const Json& pt : curve) ymax = std::max(ymax, pt[1].get<double>());
  ymax = NiceMax(ymax);
  absl::StrAppend(&s, YAxis(ymax, "latency", true));
  const char* labels[] = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
  for (int i = 0; i <= 5; ++i) absl::StrAppend(&s, XLabel(kLeft + kPlotW * i / kMaxNines, labels[i]));
  absl::StrAppend(&s, XTitle("percentile"));
  std::string points;
  for (const Json& pt : curve) {
    double p = pt[0].get<double>();
    double nines = p >= 100 ? kMaxNines : std::min(kMaxNines, -std::log10(1 - p / 100));
    double x = kLeft + kPlotW * nines / kMaxNines;
    double y = kTop + kPlotH - kPlotH * pt[1].get<double>() / ymax;
    absl::StrAppend(&points, absl::StrFormat("%.1f,%.1f ", x, y));
  }
  absl::StrAppend(&s, "<polyline class=\"curve\" points=\"", points, "\"/></svg>");
  return s;
}

// Call counts per latency bin; the bins are geometric, drawn equally wide.
std::string HistogramPlot(const Json& bins) {
  std::string s = SvgOpen("Latency histogram");
  double ymax = 0;
  for (const Json& b : bins) ymax = std::max(ymax, b["count"].get<double>());
  ymax = NiceMax(ymax);
  absl::StrAppend(&s, YAxis(ymax, "calls", false));
  size_t n = bins.size();
  for (size_t i = 0; i < n; ++i) {
    double w = kPlotW / double(n);
    double h = kPlotH * bins[i]["count"].get<double>() / ymax;
    absl::StrAppend(&s, absl::StrFormat(
                            "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                            "height=\"%.1f\"><title>%s - %s: %d calls</title></rect>",
                            kLeft + w * double(i), kTop + kPlotH - h, std::max(w - 1, 1.0), h,
                            FormatMicros(bins[i]["low_us"].get<double>()),
                            FormatMicros(bins[i]["high_us"].get<double>()),
                            bins[i]["count"].get<uint64_t>()));
    if (i % 8 == 0) {
      absl::StrAppend(&s, XLabel(kLeft + w * double(i),
                                 FormatMicros(bins[i]["low_us"].get<double>())));
    }
  }
  absl::StrAppend(&s, XTitle("latency (log scale)"), "</svg>");
  return s;
}

// Calls finished per second of the measured period, errors stacked on top.
std::string ThroughputPlot(const Json& per_second) {
  std::string s = SvgOpen("Throughput over time");
  const Json& ok = per_second["ok"];
  const Json& err = per_second["errors"];
  size_t n = ok.size();
  double ymax = 0;
  for (size_t i = 0; i < n; ++i) ymax = std::max(ymax, ok[i].get<double>() + err[i].get<double>());
  ymax = NiceMax(ymax);
  absl::StrAppend(&s, YAxis(ymax, "calls per second", false));
  double w = n == 0 ? kPlotW : kPlotW / double(n);
  size_t step = std::max<size_t>(1, n / 10);
  for (size_t i = 0; i < n; ++i) {
    double hok = kPlotH * ok[i].get<double>() / ymax;
    double herr = kPlotH * err[i].get<double>() / ymax;
    double x = kLeft + w * double(i);
    absl::StrAppend(&s, absl::StrFormat(
                            "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                            "height=\"%.1f\"><title>second %d: %d ok, %d errors</title></rect>",
                            x, kTop + kPlotH - hok, std::max(w - 1, 1.0), hok, i,
                            ok[i].get<uint64_t>(), err[i].get<uint64_t>()));
    if (herr > 0) {
      absl::StrAppend(&s, absl::StrFormat("<rect class=\"err\" x=\"%.1f\" y=\"%.1f\" "
                                          "width=\"%.1f\" height=\"%.1f\"/>",
                                          x, kTop + kPlotH - hok - herr, std::max(w - 1, 1.0),
                                          herr));
    }
    if (i % step == 0) absl::StrAppend(&s, XLabel(x, absl::StrCat(i, "s")));
  }
  absl::StrAppend(&s, XTitle("time since the end of the warm-up"), "</svg>");
  return s;
}

const char kStyle[] =
    "body{font-family:sans-serif;margin:2em;color:#222;max-width:60em}"
    "table{border-collapse:collapse;margin:1em 0}"
    "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}"
    "th{background:#f4f4f4}td.l,th.l{text-align:left}"
    "pre{background:#f8f8f8;padding:1em;overflow:auto}"
    ".frame{fill:#fff;stroke:#888}.grid{stroke:#e4e4e4}"
    ".yl{font-size:11px;text-anchor:end}.xl{font-size:11px;text-anchor:middle}"
    ".axis{font-size:12px;text-anchor:middle}"
    ".curve{fill:none;stroke:#1f5fa8;stroke-width:2}"
    ".bar{fill:#4c8ed0}.err{fill:#d04c4c}";

}  // namespace

std::string RenderBenchHtml(const Json& r) {
  std::string title = "wasmctl bench report";
  std::string h = absl::StrCat("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>",
                               title, "</title><style>", kStyle, "</style></head><body>\n<h1>",
                               title, "</h1>\n");
  std::string text;
  {
    std::ostringstream out;
    PrintBenchText(r, out);
    text = out.str();
  }
  absl::StrAppend(&h, "<pre>", Escape(text), "</pre>\n");
  absl::StrAppend(&h, "<h2>Latency by percentile</h2>\n", PercentilePlot(r["latency_percentiles"]),
                  "\n<h2>Latency histogram</h2>\n", HistogramPlot(r["latency_histogram"]),
                  "\n<h2>Throughput over time</h2>\n", ThroughputPlot(r["per_second"]), "\n");
  absl::StrAppend(&h, "<h2>Percentiles</h2>\n<table><tr><th>percentile</th><th>latency</th></tr>");
  for (const Json& pt : r["latency_percentiles"]) {
    absl::StrAppend(&h, absl::StrFormat("<tr><td>%.3f%%</td><td>%s</td></tr>",
                                        pt[0].get<double>(), FormatMicros(pt[1].get<double>())));
  }
  absl::StrAppend(&h, "</table>\n</body></html>\n");
  return h;
}

}  // namespace wasmrt::wasmctl
