#include "tools/wasmctl/output.h"

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/wasmctl/cli.h"
#include "tools/wasmctl/commands.h"
#include "tools/wasmctl/values.h"

namespace wasmrt::wasmctl {
namespace {

using Json = nlohmann::ordered_json;

void Dump(const Json& j, std::ostream& out) {
  out << j.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

Json ExternJson(const v1::ExternInfo& e, bool import) {
  Json j;
  if (import) j["module"] = e.module();
  j["name"] = e.name();
  j["kind"] = e.kind();
  j["type"] = e.type();
  return j;
}

Json ModuleJson(const v1::ModuleInfo& m) {
  Json j;
  j["id"] = m.id();
  j["names"] = Json::array();
  for (const auto& n : m.names()) j["names"].push_back(n);
  j["size_bytes"] = m.size_bytes();
  j["exports"] = Json::array();
  for (const auto& e : m.exports()) j["exports"].push_back(ExternJson(e, false));
  j["imports"] = Json::array();
  for (const auto& e : m.imports()) j["imports"].push_back(ExternJson(e, true));
  return j;
}

// Integers as numbers; floats as numbers when finite, else as text ("nan");
// float bits alongside so nothing is lost.
Json ValueJson(const v1::Value& v) {
  Json j;
  j["type"] = ValueTypeName(v);
  switch (v.value_case()) {
    case v1::Value::kI32: j["value"] = v.i32(); break;
    case v1::Value::kI64: j["value"] = v.i64(); break;
    case v1::Value::kF32Bits:
    case v1::Value::kF64Bits: {
      std::string text = FormatValue(v);
      bool finite = text.find("nan") == std::string::npos && text.find("inf") == std::string::npos;
      if (finite) {
        j["value"] = v.value_case() == v1::Value::kF32Bits
                         ? double(std::bit_cast<float>(v.f32_bits()))
                         : std::bit_cast<double>(v.f64_bits());
      } else {
        j["value"] = text;
      }
      j["bits"] = absl::StrCat("0x", absl::Hex(v.value_case() == v1::Value::kF32Bits
                                                   ? uint64_t(v.f32_bits())
                                                   : v.f64_bits()));
      break;
    }
    default: j["value"] = FormatValue(v); break;
  }
  return j;
}

Json StatsJson(const v1::Stats& s) {
  Json j;
  j["fuel_used"] = s.fuel_used();
  j["exec_time_us"] = s.exec_time_us();
  j["peak_memory_bytes"] = s.peak_memory_bytes();
  j["warm"] = s.warm();
  return j;
}

void WriteBytes(const std::string& bytes, std::ostream& out) {
  out.write(bytes.data(), std::streamsize(bytes.size()));
}

}  // namespace

std::string TrapKindName(v1::Trap::Kind kind) {
  return absl::AsciiStrToLower(v1::Trap::Kind_Name(kind));
}

void PrintModule(const v1::ModuleInfo& m, bool json, std::ostream& out) {
  if (json) {
    Dump(ModuleJson(m), out);
    return;
  }
  out << "id:      " << m.id() << "\n";
  out << "size:    " << m.size_bytes() << " bytes\n";
  if (m.names_size() > 0) out << "names:   " << absl::StrJoin(m.names(), ", ") << "\n";
  out << "exports:";
  if (m.exports_size() == 0) out << " (none)";
  out << "\n";
  for (const auto& e : m.exports()) {
    out << "  " << e.kind() << " " << e.name() << " " << e.type() << "\n";
  }
  if (m.imports_size() > 0) {
    out << "imports:\n";
    for (const auto& e : m.imports()) {
      out << "  " << e.kind() << " " << e.module() << "." << e.name() << " " << e.type() << "\n";
    }
  }
}

void PrintModuleList(const v1::ListModulesResponse& list, bool json, std::ostream& out) {
  if (json) {
    Json j = Json::array();
    for (const auto& m : list.modules()) j.push_back(ModuleJson(m));
    Dump(j, out);
    return;
  }
  for (const auto& m : list.modules()) {
    out << m.id() << "  " << m.size_bytes() << " bytes";
    if (m.names_size() > 0) out << "  " << absl::StrJoin(m.names(), ", ");
    out << "\n";
  }
}

int PrintInvokeResponse(const v1::InvokeResponse& r, bool json, bool output_written,
                        std::ostream& out, std::ostream& err) {
  int status = kExitOk;
  if (r.has_trap() || r.has_application_error() ||
      (r.outcome_case() == v1::InvokeResponse::kExitCode && r.exit_code() != 0)) {
    status = kExitGuestFailed;
  }
  if (json) {
    Json j;
    switch (r.outcome_case()) {
      case v1::InvokeResponse::kReturned:
        j["outcome"] = "returned";
        j["results"] = Json::array();
        for (const auto& v : r.returned().values()) j["results"].push_back(ValueJson(v));
        break;
      case v1::InvokeResponse::kOutput:
        j["outcome"] = "output";
        j["output"]["type_url"] = r.output().type_url();
        j["output"]["size_bytes"] = r.output().value().size();
        j["output"]["base64"] = absl::Base64Escape(r.output().value());
        break;
      case v1::InvokeResponse::kTrap:
        j["outcome"] = "trap";
        j["trap"]["kind"] = TrapKindName(r.trap().kind());
        j["trap"]["message"] = r.trap().message();
        j["trap"]["function"] = r.trap().function();
        break;
      case v1::InvokeResponse::kExitCode:
        j["outcome"] = "exit";
        j["exit_code"] = r.exit_code();
        break;
      case v1::InvokeResponse::kApplicationError:
        j["outcome"] = "application_error";
        j["application_error"]["code"] = StatusCodeName(r.application_error().code());
        j["application_error"]["message"] = r.application_error().message();
        break;
      default:
        j["outcome"] = "none";
        break;
    }
    j["stdout"] = r.stdout();
    j["stderr"] = r.stderr();
    j["stdout_truncated"] = r.stdout_truncated();
    j["stderr_truncated"] = r.stderr_truncated();
    j["stats"] = StatsJson(r.stats());
    Dump(j, out);
    return status;
  }
  WriteBytes(r.stdout(), out);
  if (r.stdout_truncated()) err << "wasmctl: (guest stdout truncated)\n";
  WriteBytes(r.stderr(), err);
  if (r.stderr_truncated()) err << "wasmctl: (guest stderr truncated)\n";
  switch (r.outcome_case()) {
    case v1::InvokeResponse::kReturned:
      for (const auto& v : r.returned().values()) out << FormatValue(v) << "\n";
      break;
    case v1::InvokeResponse::kOutput:
      if (!output_written) WriteBytes(r.output().value(), out);
      break;
    case v1::InvokeResponse::kTrap:
      err << "trap: " << TrapKindName(r.trap().kind()) << ": " << r.trap().message();
      if (!r.trap().function().empty()) err << " (in " << r.trap().function() << ")";
      err << "\n";
      break;
    case v1::InvokeResponse::kExitCode:
      err << "exit code: " << r.exit_code() << "\n";
      break;
    case v1::InvokeResponse::kApplicationError:
      err << "application error: " << StatusCodeName(r.application_error().code()) << ": "
          << r.application_error().message() << "\n";
      break;
    default:
      break;
  }
  out.flush();
  const v1::Stats& s = r.stats();
  err << "stats: fuel=" << s.fuel_used() << " time=" << s.exec_time_us()
      << "us memory=" << s.peak_memory_bytes() << " warm=" << (s.warm() ? "true" : "false")
      << "\n";
  return status;
}

void PrintJsonError(const std::string& code, const std::string& message, std::ostream& out) {
  Json j;
  j["error"]["code"] = code;
  j["error"]["message"] = message;
  Dump(j, out);
}

}  // namespace wasmrt::wasmctl
