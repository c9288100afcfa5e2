#include "service/invoker.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "runtime/engine/module_malloc.h"

namespace wasmrt::service {
namespace {

using Clock = std::chrono::steady_clock;

absl::StatusOr<Value> FromProto(const v1::Value& v, ValType want, size_t index) {
  auto mismatch = [&](const char* got) {
    return absl::InvalidArgumentError(absl::StrCat("argument ", index, " is ", got,
                                                   ", the function expects ",
                                                   ValTypeName(want)));
  };
  switch (v.value_case()) {
    case v1::Value::kI32:
      if (want != ValType::kI32) return mismatch("i32");
      return Value::I32(uint32_t(v.i32()));
    case v1::Value::kI64:
      if (want != ValType::kI64) return mismatch("i64");
      return Value::I64(uint64_t(v.i64()));
    case v1::Value::kF32Bits:
      if (want != ValType::kF32) return mismatch("f32");
      return Value::F32Bits(v.f32_bits());
    case v1::Value::kF64Bits:
      if (want != ValType::kF64) return mismatch("f64");
      return Value::F64Bits(v.f64_bits());
    case v1::Value::kV128: {
      if (want != ValType::kV128) return mismatch("v128");
      if (v.v128().size() != 16) {
        return absl::InvalidArgumentError(
            absl::StrCat("argument ", index, ": v128 needs 16 bytes, got ", v.v128().size()));
      }
      V128 x;
      std::memcpy(x.bytes, v.v128().data(), 16);
      return Value::Vec(x);
    }
    case v1::Value::kRef: {
      if (!IsRefType(want)) return mismatch("a reference");
      if (v.ref().type() != ValTypeName(want)) return mismatch(v.ref().type().c_str());
      if (!v.ref().is_null()) {
        return absl::InvalidArgumentError(
            absl::StrCat("argument ", index, ": only null references can be passed"));
      }
      return Value::Ref(want, nullptr);
    }
    case v1::Value::VALUE_NOT_SET:
      return absl::InvalidArgumentError(absl::StrCat("argument ", index, " has no value"));
  }
  return absl::InvalidArgumentError("bad value");
}

void ToProto(const Value& v, v1::Value* out) {
  switch (v.type) {
    case ValType::kI32: out->set_i32(int32_t(v.i32)); break;
    case ValType::kI64: out->set_i64(int64_t(v.i64)); break;
    case ValType::kF32: out->set_f32_bits(v.i32); break;
    case ValType::kF64: out->set_f64_bits(v.i64); break;
    case ValType::kV128:
      out->set_v128(std::string(reinterpret_cast<const char*>(v.v128.bytes), 16));
      break;
    case ValType::kFuncRef:
    case ValType::kExternRef:
      out->mutable_ref()->set_type(ValTypeName(v.type));
      out->mutable_ref()->set_is_null(v.ref == nullptr);
      break;
  }
}

// Fills response.trap/exit_code from a trapped result; false if it returned.
bool RecordOutcome(const ExecResult& r, v1::InvokeResponse& response) {
  if (r.trap == TrapCode::kExit) {
    response.set_exit_code(r.exit_code);
    return true;
  }
  if (r.ok()) return false;
  v1::Trap* t = response.mutable_trap();
  t->set_kind(TrapKind(r.trap));
  t->set_message(TrapText(r.trap));
  t->set_function(r.trap_function_name);
  return true;
}

void BadOutput(v1::InvokeResponse& response, std::string message, const std::string& function) {
  v1::Trap* t = response.mutable_trap();
  t->set_kind(v1::Trap::BAD_OUTPUT);
  t->set_message(std::move(message));
  t->set_function(function);
}

}  // namespace

v1::Trap::Kind TrapKind(TrapCode code) {
  switch (code) {
    case TrapCode::kUnreachable: return v1::Trap::UNREACHABLE;
    case TrapCode::kIntegerOverflow: return v1::Trap::INTEGER_OVERFLOW;
    case TrapCode::kIntegerDivideByZero: return v1::Trap::INTEGER_DIVIDE_BY_ZERO;
    case TrapCode::kInvalidConversion: return v1::Trap::INVALID_CONVERSION;
    case TrapCode::kMemoryOutOfBounds: return v1::Trap::MEMORY_OUT_OF_BOUNDS;
    case TrapCode::kTableOutOfBounds: return v1::Trap::TABLE_OUT_OF_BOUNDS;
    case TrapCode::kIndirectCallTypeMismatch: return v1::Trap::INDIRECT_CALL_TYPE_MISMATCH;
    case TrapCode::kUninitializedElement: return v1::Trap::UNINITIALIZED_ELEMENT;
    case TrapCode::kUndefinedElement: return v1::Trap::UNDEFINED_ELEMENT;
    case TrapCode::kCallStackExhausted: return v1::Trap::STACK_EXHAUSTED;
    case TrapCode::kFuelExhausted: return v1::Trap::FUEL_EXHAUSTED;
    case TrapCode::kTimeout:
    case TrapCode::kInterrupted: return v1::Trap::TIMEOUT;
    case TrapCode::kOutOfMemory: return v1::Trap::OUT_OF_MEMORY;
    default: return v1::Trap::HOST_ERROR;
  }
}

absl::StatusOr<CallLimits> ResolveLimits(const v1::Limits& req, const ServiceConfig& config,
                                         Clock::time_point start) {
  CallLimits l;
  l.fuel = req.fuel() == 0 ? config.default_fuel : req.fuel();
  if (req.fuel() < 0 || l.fuel > config.max_fuel) {
    return absl::ResourceExhaustedError(
        absl::StrCat("fuel ", req.fuel(), " is outside 1..", config.max_fuel));
  }
  l.max_memory_bytes =
      req.max_memory_bytes() == 0 ? config.default_memory_bytes : req.max_memory_bytes();
  if (l.max_memory_bytes > config.max_memory_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "max_memory_bytes ", l.max_memory_bytes, " is above the cap ", config.max_memory_bytes));
  }
  uint32_t timeout = req.timeout_ms() == 0 ? config.default_timeout_ms : req.timeout_ms();
  if (timeout > config.max_timeout_ms) {
    return absl::ResourceExhaustedError(
        absl::StrCat("timeout_ms ", timeout, " is above the cap ", config.max_timeout_ms));
  }
  l.timeout = std::chrono::milliseconds(timeout);
  l.deadline = Clock::time_point::max();
  (void)start;
  return l;
}

absl::StatusOr<v1::InvokeResponse> Execute(PooledInstance& p, const v1::InvokeRequest& request,
                                           const CallLimits& call_limits,
                                           const ServiceConfig& config, bool* reusable) {
  *reusable = true;
  // timeout_ms bounds the execution itself: it starts now, not on arrival;
  // `limits.deadline` (the gRPC deadline) still applies.
  CallLimits limits = call_limits;
  limits.deadline = std::min(limits.deadline, Clock::now() + limits.timeout);
  std::optional<Extern> ext = p.instance->GetExport(request.function());
  if (!ext.has_value() || ext->kind != ExternKind::kFunc) {
    return absl::NotFoundError(absl::StrCat("module has no exported function \"",
                                            request.function(), "\""));
  }
  FunctionInstance* func = ext->func();
  const FuncType& type = FunctionType(func);
  CallOptions options;
  options.fuel = limits.fuel;
  options.deadline = limits.deadline;
  options.interrupt = limits.interrupt;
  options.max_memory_pages = uint32_t(std::min<uint64_t>(
      std::max<uint64_t>(limits.max_memory_bytes / kPageSize, 1), kMaxPages));

  v1::InvokeResponse response;
  absl::Status wasi = p.wasi->Configure(request.function(), request.wasi(), limits.deadline);
  if (!wasi.ok()) return wasi;
  auto start = Clock::now();
  int64_t fuel_used = 0;

  if (request.input_case() == v1::InvokeRequest::kPayload) {
    const std::string& in = request.payload().value();
    if (in.size() > config.max_payload_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "payload of ", in.size(), " bytes is above the cap ", config.max_payload_bytes));
    }
    FuncType abi{{ValType::kI32, ValType::kI32}, {ValType::kI64}};
    if (!(type == abi)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "payload calls need a function of type (i32 i32) -> (i64); \"", request.function(),
          "\" is ", FuncTypeToString(type)));
    }
    // One fuel budget for the whole exchange: malloc, the call, both frees.
    auto charge = [&](int64_t used) {
      fuel_used += used;
      options.fuel = std::max<int64_t>(options.fuel - used, 0);
    };
    int64_t used = 0;
    auto ptr = ModuleMalloc(*p.store, *p.instance, uint32_t(in.size()), options, &used);
    charge(used);
    if (!ptr.ok()) {
      *reusable = false;
      BadOutput(response, absl::StrCat("input buffer: ", ptr.status().message()), "malloc");
    } else {
      std::memcpy(MemoryData(p.instance->memory()) + *ptr, in.data(), in.size());
      auto r = p.store->Call(func, {Value::I32(*ptr), Value::I32(uint32_t(in.size()))}, options);
      if (!r.ok()) return r.status();
      charge(r->fuel_used);
      if (!RecordOutcome(*r, response)) {
        uint64_t packed = r->results[0].i64;
        uint32_t out_ptr = uint32_t(packed >> 32), out_len = uint32_t(packed);
        if (out_len > config.max_output_bytes) {
          BadOutput(response,
                    absl::StrCat("output of ", out_len, " bytes is above the cap ",
                                 config.max_output_bytes),
                    request.function());
        } else if (!ValidateAppRange(*p.instance, out_ptr, out_len)) {
          BadOutput(response,
                    absl::StrCat("output range [", out_ptr, ", +", out_len,
                                 ") is outside the guest's memory"),
                    request.function());
        } else {
          google::protobuf::Any* out = response.mutable_output();
          out->set_type_url(request.payload().type_url());
          out->set_value(reinterpret_cast<const char*>(MemoryData(p.instance->memory())) + out_ptr,
                         out_len);
          // Release both buffers through the guest, as the ABI promises.
          used = 0;
          (void)ModuleFree(*p.store, *p.instance, out_ptr, options, &used);
          charge(used);
          used = 0;
          (void)ModuleFree(*p.store, *p.instance, *ptr, options, &used);
          charge(used);
        }
      }
    }
  } else {
    const auto& values = request.args().values();
    if (size_t(values.size()) != type.params.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "\"", request.function(), "\" takes ", type.params.size(), " arguments ",
          FuncTypeToString(type), ", got ", values.size()));
    }
    std::vector<Value> args;
    for (int i = 0; i < values.size(); ++i) {
      auto v = FromProto(values[i], type.params[i], i);
      if (!v.ok()) return v.status();
      args.push_back(*v);
    }
    auto r = p.store->Call(func, args, options);
    if (!r.ok()) return r.status();
    fuel_used = r->fuel_used;
    if (!RecordOutcome(*r, response)) {
      v1::Returned* ret = response.mutable_returned();
      for (const Value& v : r->results) ToProto(v, ret->add_values());
    }
  }

  auto elapsed = Clock::now() - start;
  v1::Stats* stats = response.mutable_stats();
  stats->set_fuel_used(fuel_used);
  stats->set_exec_time_us(
      uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()));
  if (p.instance->memory() != nullptr) {
    stats->set_peak_memory_bytes(MemorySizeBytes(p.instance->memory()));
  }
  p.wasi->Collect(response);
  return response;
}

}  // namespace wasmrt::service
