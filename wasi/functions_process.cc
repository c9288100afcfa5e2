// args_*, environ_*, clock_*, random_get, sched_yield, proc_raise.
#include <sched.h>

#include <string>
#include <vector>

#include "wasi/abi.h"
#include "wasi/call.h"

namespace wasmrt::wasi {
namespace {

// Both args and environ are a list of NUL-terminated strings: sizes_get
// reports (count, total bytes), get writes the pointers and the bytes.
Errno ListSizes(Call& c, const std::vector<std::string>& items) {
  uint64_t bytes = 0;
  for (const std::string& s : items) bytes += s.size() + 1;
  if (!c.mem.Valid(c.U32(0), 4) || !c.mem.Valid(c.U32(1), 4)) return Errno::kFault;
  c.mem.Store<uint32_t>(c.U32(0), uint32_t(items.size()));
  c.mem.Store<uint32_t>(c.U32(1), uint32_t(bytes));
  return Errno::kSuccess;
}

Errno ListGet(Call& c, const std::vector<std::string>& items) {
  uint64_t bytes = 0;
  for (const std::string& s : items) bytes += s.size() + 1;
  uint32_t ptrs = c.U32(0), buf = c.U32(1);
  if (!c.mem.Valid(ptrs, uint64_t{items.size()} * 4) || !c.mem.Valid(buf, bytes)) {
    return Errno::kFault;
  }
  uint64_t at = buf;
  for (size_t i = 0; i < items.size(); ++i) {
    c.mem.Store<uint32_t>(ptrs + 4 * uint64_t{i}, uint32_t(at));
    c.mem.Write(at, items[i].c_str(), items[i].size() + 1);
    at += items[i].size() + 1;
  }
  return Errno::kSuccess;
}

std::vector<std::string> EnvStrings(const WasiConfig& config) {
  std::vector<std::string> out;
  for (const auto& [k, v] : config.env) out.push_back(k + "=" + v);
  return out;
}

Errno ArgsSizesGet(Call& c) { return ListSizes(c, c.ctx.config().args); }
Errno ArgsGet(Call& c) { return ListGet(c, c.ctx.config().args); }
Errno EnvironSizesGet(Call& c) { return ListSizes(c, EnvStrings(c.ctx.config())); }
Errno EnvironGet(Call& c) { return ListGet(c, EnvStrings(c.ctx.config())); }

Errno ClockResGet(Call& c) {
  if (!c.mem.Valid(c.U32(1), 8)) return Errno::kFault;
  uint64_t res = 0;
  if (Errno e = c.ctx.clock().Resolution(c.U32(0), &res); e != Errno::kSuccess) return e;
  c.mem.Store<uint64_t>(c.U32(1), res);
  return Errno::kSuccess;
}

Errno ClockTimeGet(Call& c) {  // (id, precision: i64, time_ptr)
  if (!c.mem.Valid(c.U32(2), 8)) return Errno::kFault;
  uint64_t now = 0;
  if (Errno e = c.ctx.clock().Now(c.U32(0), &now); e != Errno::kSuccess) return e;
  c.mem.Store<uint64_t>(c.U32(2), now);
  return Errno::kSuccess;
}

Errno RandomGet(Call& c) {
  uint8_t* p = c.mem.Range(c.U32(0), c.U32(1));
  if (p == nullptr) return Errno::kFault;
  return c.ctx.random().Fill(p, c.U32(1));
}

Errno SchedYield(Call&) {
  sched_yield();
  return Errno::kSuccess;
}

// Signals are not part of the sandbox's model (and preview1 dropped them).
Errno ProcRaise(Call&) { return Errno::kNotsup; }

}  // namespace

std::vector<FunctionDef> ProcessFunctions() {
  return {
      {"args_get", "ii", ArgsGet},
      {"args_sizes_get", "ii", ArgsSizesGet},
      {"environ_get", "ii", EnvironGet},
      {"environ_sizes_get", "ii", EnvironSizesGet},
      {"clock_res_get", "ii", ClockResGet},
      {"clock_time_get", "iIi", ClockTimeGet},
      {"random_get", "ii", RandomGet},
      {"sched_yield", "", SchedYield},
      {"proc_raise", "i", ProcRaise},
  };
}

}  // namespace wasmrt::wasi
