#include "tools/wasmrun/cli_args.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace wasmrt::cli {

const char kUsage[] =
    "usage: wasmrun [OPTIONS] MODULE.wasm [ARGS...]\n"
    "\n"
    "Runs a WebAssembly module: its _start function (a WASI command, which\n"
    "gets the arguments [MODULE.wasm, ARGS...]), or the function named by\n"
    "--invoke with ARGS converted to its parameter types (results are printed\n"
    "one per line; a reactor's _initialize runs first). WASI preview1\n"
    "(wasi_snapshot_preview1) is always available; the guest sees only the\n"
    "directories and variables given below, and the real stdin/stdout/stderr.\n"
    "\n"
    "options:\n"
    "  --invoke FUNC       call the exported function FUNC with ARGS\n"
    "  --fuel N            trap with \"fuel exhausted\" after N units of work\n"
    "                      (one unit per wasm instruction executed)\n"
    "  --max-memory BYTES  cap each linear memory at BYTES (rounded down to\n"
    "                      64 KiB pages); memory.grow beyond it returns -1\n"
    "  --max-stack N       trap with \"call stack exhausted\" beyond N frames\n"
    "  --dir HOST[::GUEST] give the guest the host directory HOST under the name\n"
    "                      GUEST (default: HOST), read-write; paths cannot leave\n"
    "                      it (.., absolute paths and symlinks out all fail)\n"
    "  --dir-ro HOST[::GUEST]  the same, read-only\n"
    "  --env K=V           set a WASI environment variable (repeatable; nothing\n"
    "                      of the host's environment is passed on)\n"
    "  -h, --help          show this help\n"
    "\n"
    "exit status: the guest's exit code (proc_exit, or 0 when _start returns);\n"
    "1 on a trap (\"error: <reason> in <function>\" on stderr) or an error\n"
    "(unreadable or invalid module, missing import); 2 on bad usage.\n";

namespace {

absl::Status NeedValue(const std::string& flag) {
  return absl::InvalidArgumentError(absl::StrCat("option ", flag, " needs a value"));
}

}  // namespace

absl::StatusOr<Options> ParseOptions(const std::vector<std::string>& argv) {
  Options o;
  size_t i = 0;
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.empty() || a[0] != '-') break;
    if (a == "-h" || a == "--help") {
      o.help = true;
      return o;
    }
    if (a == "--") {
      ++i;
      break;
    }
    bool has_next = i + 1 < argv.size();
    if (a == "--invoke") {
      if (!has_next) return NeedValue(a);
      o.invoke = argv[++i];
    } else if (a == "--fuel") {
      if (!has_next) return NeedValue(a);
      if (!absl::SimpleAtoi(argv[++i], &o.fuel) || o.fuel < 0) {
        return absl::InvalidArgumentError(absl::StrCat("--fuel: not a count: ", argv[i]));
      }
    } else if (a == "--max-memory") {
      if (!has_next) return NeedValue(a);
      if (!absl::SimpleAtoi(argv[++i], &o.max_memory)) {
        return absl::InvalidArgumentError(absl::StrCat("--max-memory: not a byte count: ", argv[i]));
      }
    } else if (a == "--max-stack") {
      if (!has_next) return NeedValue(a);
      if (!absl::SimpleAtoi(argv[++i], &o.max_stack) || o.max_stack == 0) {
        return absl::InvalidArgumentError(absl::StrCat("--max-stack: not a frame count: ", argv[i]));
      }
    } else if (a == "--dir" || a == "--dir-ro") {
      if (!has_next) return NeedValue(a);
      auto d = ParseDir(argv[++i], a == "--dir-ro");
      if (!d.ok()) return d.status();
      o.dirs.push_back(*d);
    } else if (a == "--env") {
      if (!has_next) return NeedValue(a);
      const std::string& kv = argv[++i];
      size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) {
        return absl::InvalidArgumentError(absl::StrCat("--env: expected K=V, got \"", kv, "\""));
      }
      o.envs.push_back(kv);
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown option ", a, " (see --help)"));
    }
  }
  if (i >= argv.size()) return absl::InvalidArgumentError("no module given (see --help)");
  o.module_path = argv[i++];
  o.args.assign(argv.begin() + i, argv.end());
  return o;
}

absl::StatusOr<DirMapping> ParseDir(const std::string& text, bool read_only) {
  DirMapping d;
  d.read_only = read_only;
  size_t sep = text.find("::");
  d.host = text.substr(0, sep);
  d.guest = sep == std::string::npos ? d.host : text.substr(sep + 2);
  if (d.host.empty() || d.guest.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--dir: expected HOST[::GUEST], got \"", text, "\""));
  }
  return d;
}

absl::StatusOr<Value> ParseValue(const std::string& text, ValType type) {
  auto bad = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("argument \"", text, "\" is not a valid ", ValTypeName(type)));
  };
  switch (type) {
    case ValType::kI32: {
      int64_t v;
      if (!absl::SimpleAtoi(text, &v) || v < INT32_MIN || v > int64_t(UINT32_MAX)) return bad();
      return Value::I32(uint32_t(v));
    }
    case ValType::kI64: {
      int64_t s;
      uint64_t u;
      if (absl::SimpleAtoi(text, &s)) return Value::I64(uint64_t(s));
      if (absl::SimpleAtoi(text, &u)) return Value::I64(u);
      return bad();
    }
    case ValType::kF32:
    case ValType::kF64: {
      const char* begin = text.c_str();
      char* end = nullptr;
      errno = 0;
      double d = std::strtod(begin, &end);
      if (text.empty() || end != begin + text.size()) return bad();
      if (type == ValType::kF32) {
        float f = std::strtof(begin, &end);
        return Value::F32(f);
      }
      return Value::F64(d);
    }
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("cannot pass a ", ValTypeName(type), " from the command line"));
  }
}

std::string FormatValue(const Value& v) {
  char buf[64];
  switch (v.type) {
    case ValType::kI32: return absl::StrCat(int32_t(v.i32));
    case ValType::kI64: return absl::StrCat(int64_t(v.i64));
    case ValType::kF32: {
      if (std::isnan(v.f32)) return "nan";
      auto r = std::to_chars(buf, buf + sizeof(buf), v.f32);
      return std::string(buf, r.ptr);
    }
    case ValType::kF64: {
      if (std::isnan(v.f64)) return "nan";
      auto r = std::to_chars(buf, buf + sizeof(buf), v.f64);
      return std::string(buf, r.ptr);
    }
    case ValType::kV128: {
      std::string s = "0x";
      for (int i = 15; i >= 0; --i) absl::StrAppend(&s, absl::Hex(v.v128.bytes[i], absl::kZeroPad2));
      return s;
    }
    case ValType::kFuncRef:
    case ValType::kExternRef:
      return v.ref == nullptr ? "null" : "ref";
  }
  return "?";
}

}  // namespace wasmrt::cli
