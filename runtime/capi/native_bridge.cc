#include "runtime/capi/native_bridge.h"

#include <cstring>
#include <new>

#include "absl/strings/str_cat.h"
#include "runtime/capi/alloc.h"
#include "runtime/capi/native_abi.h"

namespace wasmrt::capi {
namespace {

// What a bound native needs at call time (a copy: the registry may change).
struct Bound {
  WASMModuleInstanceCommon* inst;
  void* func;
  void* attachment;
  NativeSignature sig;
};

// Appends the arguments; false (exception set) when a pointer is bad.
bool Marshal(const Bound& b, absl::Span<const Value> args, WASMExecEnv* env, NativeArgs& out) {
  LinearMemory* mem = InstanceMemory(b.inst);
  out.AddInt(reinterpret_cast<uintptr_t>(env));
  const std::string& p = b.sig.params;
  for (size_t i = 0; i < p.size(); ++i) {
    const Value& v = args[i];
    switch (p[i]) {
      case 'i':
      case '~':
        out.AddInt(v.i32);
        break;
      case 'I':
        out.AddInt(v.i64);
        break;
      case 'f':
        out.AddF32(v.f32);
        break;
      case 'F':
        out.AddF64(v.f64);
        break;
      case '*': {
        uint64_t len = (i + 1 < p.size() && p[i + 1] == '~') ? args[i + 1].i32 : 1;
        if (!InMemory(mem, v.i32, len)) return false;
        out.AddInt(reinterpret_cast<uintptr_t>(MemoryData(mem) + v.i32));
        break;
      }
      case '$': {
        if (!InMemory(mem, v.i32, 1)) return false;
        const uint8_t* s = MemoryData(mem) + v.i32;
        if (std::memchr(s, 0, MemorySizeBytes(mem) - v.i32) == nullptr) return false;
        out.AddInt(reinterpret_cast<uintptr_t>(s));
        break;
      }
    }
  }
  return true;
}

TrapCode CallBound(const Bound& b, HostCall& call, absl::Span<const Value> args,
                   absl::Span<Value> results) {
  WASMModuleInstanceCommon* inst = b.inst;
  if (inst->instance == nullptr) inst->instance = call.caller;  // the start function
  WASMExecEnv* env = inst->running_env != nullptr ? inst->running_env : &inst->default_env;
  NativeArgs native_args;
  if (!Marshal(b, args, env, native_args)) {
    SetException(inst, kOutOfBounds);
    return TrapCode::kMemoryOutOfBounds;
  }
  uint64_t raised_before = inst->exceptions_raised;
  void* saved_attachment = env->attachment;
  env->attachment = b.attachment;
  Value result;
  {
    HostScope host;  // the native's own allocations are the embedder's
    switch (b.sig.result) {
      case 'i':
        result = Value::I32(uint32_t(native_args.CallReturningInt(b.func)));
        break;
      case 'I':
        result = Value::I64(native_args.CallReturningInt(b.func));
        break;
      case 'f':
        result = Value::F32(native_args.CallReturningF32(b.func));
        break;
      case 'F':
        result = Value::F64(native_args.CallReturningF64(b.func));
        break;
      default:
        native_args.CallReturningInt(b.func);
        break;
    }
  }
  env->attachment = saved_attachment;
  // A native ends the call by raising an exception.
  if (inst->exceptions_raised != raised_before && inst->exception[0] != '\0') {
    return TrapCode::kHostError;
  }
  if (!results.empty()) results[0] = result;
  return TrapCode::kNone;
}

// Whether the native's arguments fit the registers and stack slots we pass.
bool Fits(const NativeSignature& sig) {
  NativeArgs probe;
  bool ok = probe.AddInt(0);
  for (char c : sig.params) {
    ok = ok && (c == 'f' ? probe.AddF32(0) : c == 'F' ? probe.AddF64(0) : probe.AddInt(0));
  }
  return ok;
}

}  // namespace

absl::StatusOr<FunctionInstance*> BindNative(WASMModuleInstanceCommon* inst,
                                             const ImportType& import, const FuncType& type,
                                             const NativeEntry* native) {
  std::string debug_name = absl::StrCat(import.module, ".", import.name);
  if (native == nullptr) {
    std::string reason = absl::StrCat("failed to call unlinked import function (",
                                      import.module, ", ", import.name, ")");
    return inst->store->NewHostFunction(
        type,
        [inst, reason](HostCall&, absl::Span<const Value>, absl::Span<Value>) {
          SetException(inst, reason);
          return TrapCode::kHostError;
        },
        debug_name);
  }
  NativeSignature sig;
  if (native->signature.has_value()) {
    sig = *native->signature;
    if (!SignatureMatches(sig, type)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "incompatible import type for \"", import.module, "\" \"", import.name,
          "\": the native's signature \"", SignatureText(sig), "\" does not match ",
          FuncTypeToString(type)));
    }
  } else {
    absl::StatusOr<NativeSignature> derived = SignatureOfType(type);
    if (!derived.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("import \"", import.module, "\" \"",
                                                     import.name, "\": ",
                                                     derived.status().message()));
    }
    sig = *std::move(derived);
  }
  if (!Fits(sig)) {
    return absl::InvalidArgumentError(absl::StrCat("import \"", import.module, "\" \"",
                                                   import.name,
                                                   "\": the native has too many parameters"));
  }
  Bound bound{inst, native->func, native->attachment, std::move(sig)};
  return inst->store->NewHostFunction(
      type,
      [bound = std::move(bound)](HostCall& call, absl::Span<const Value> args,
                                 absl::Span<Value> results) {
        return CallBound(bound, call, args, results);
      },
      debug_name);
}

}  // namespace wasmrt::capi
