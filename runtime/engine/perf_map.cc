#include "runtime/engine/perf_map.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "runtime/jit/compiler.h"

namespace wasmrt {

std::string PerfMapPath() { return absl::StrCat("/tmp/perf-", getpid(), ".map"); }

absl::Status AppendPerfMap(const CompiledModule& module, std::string_view label,
                           const std::string& path) {
  const jit::JitModule* jit = module.jit();
  if (jit == nullptr) return absl::OkStatus();
  std::string text;
  uint32_t imported = module.ir().num_imported_funcs;
  for (uint32_t d = 0; d < module.ir().functions.size(); ++d) {
    absl::Span<const uint8_t> code = jit->code(d);
    if (code.empty()) continue;
    std::string_view name = module.FunctionName(imported + d);
    std::string shown = name.empty() ? absl::StrCat("func[", imported + d, "]") : std::string(name);
    // perf reads names to the end of the line.
    for (char& c : shown) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    absl::StrAppendFormat(&text, "%x %x wasm[%s]::%s\n", reinterpret_cast<uintptr_t>(code.data()),
                          code.size(), label, shown);
  }
  FILE* f = std::fopen(path.c_str(), "a");
  if (f == nullptr) {
    return absl::UnavailableError(absl::StrCat("perf map ", path, ": ", std::strerror(errno)));
  }
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) return absl::UnavailableError(absl::StrCat("perf map ", path, ": write failed"));
  return absl::OkStatus();
}

}  // namespace wasmrt
