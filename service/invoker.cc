#include "service/invoker.h"

#include <cstring>
#include <optional>

#include "absl/strings/str_cat.h"
#include "runtime/engine/guest_call.h"
#include "service/guest_status.h"
#include "service/status_text.h"

namespace wasmrt::service {
namespace {

using Clock = std::chrono::steady_clock;

absl::StatusOr<Value> FromProto(const v1::Value& v, ValType want, size_t index) {
  auto mismatch = [&](absl::string_view got) {
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
      if (v.ref().type() != ValTypeName(want)) return mismatch(Quote(v.ref().type()));
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

// A payload call (README "Guest ABI"), mapped onto the engine's GuestCall
// (runtime/engine/guest_call.h), which owns the exchange and its one fuel
// budget: the input goes into a buffer from the guest's malloc, the function
// runs, its output range is checked and copied out, and both buffers go back
// through the guest's free. This class only turns the outcomes into the
// response. A trap inside malloc or free is reported as what it is
// (UNREACHABLE, FUEL_EXHAUSTED, TIMEOUT...) with that allocator's name as the
// function; BAD_OUTPUT is for a broken ABI contract (no allocator, a 0 or
// out-of-memory address from malloc, a bad output range).
class PayloadExchange {
 public:
  PayloadExchange(PooledInstance& p, const CallOptions& options, const ServiceConfig& config,
                  v1::InvokeResponse& response)
      : guest_(*p.store, *p.instance, options), config_(config), response_(response) {}

  // Fills the response with an outcome; an error only for a failure of the
  // engine itself.
  absl::Status Run(FunctionInstance* func, const v1::InvokeRequest& request) {
    const std::string& in = request.payload().value();
    absl::StatusOr<GuestAllocation> alloc = guest_.Malloc(uint32_t(in.size()));
    if (!alloc.ok()) return alloc.status();
    if (!alloc->ok()) {
      InputFailure(*alloc);
      return absl::OkStatus();
    }
    OwnedGuestBuffer& input = alloc->buffer;
    input.CopyIn(in);
    auto r = guest_.Call(func, {Value::I32(input.address()), Value::I32(input.size())});
    // After an engine error or a trap, the input is not freed (GuestCall
    // runs no more guest code once a call failed).
    if (!r.ok()) return r.status();
    if (RecordOutcome(*r, response_)) return absl::OkStatus();
    uint64_t packed = r->results[0].i64;
    uint32_t out_ptr = uint32_t(packed >> 32), out_len = uint32_t(packed);
    std::optional<OwnedGuestBuffer> output = Output(out_ptr, out_len, request.function());
    if (!output.has_value()) {
      // A guest that broke the contract is not run again to free the input.
      input.Release();
      return absl::OkStatus();
    }
    google::protobuf::Any* out = response_.mutable_output();
    out->set_type_url(request.payload().type_url());
    absl::string_view bytes = output->view();
    out->set_value(bytes.data(), bytes.size());
    // Release both buffers through the guest, as the ABI promises (once
    // each, should the guest answer in its input buffer).
    if (output->address() == input.address()) input.Release();
    absl::Status freed = Free(*output, "output");
    if (freed.ok() && !response_.has_trap()) freed = Free(input, "input");
    return freed;
  }

  int64_t fuel_used() const { return guest_.fuel_used(); }
  // False after a trap in malloc or free: the guest's heap may be broken.
  bool reusable() const { return reusable_; }

 private:
  // Why the input buffer could not be had, in the response.
  void InputFailure(const GuestAllocation& alloc) {
    switch (alloc.error) {
      case GuestAllocation::Error::kNone:
        return;
      case GuestAllocation::Error::kNoAllocator:
        BadOutput(response_,
                  "input buffer: the module exports no memory or no malloc(i32) -> i32", "malloc");
        return;
      case GuestAllocation::Error::kTrap:
        AllocatorTrap(alloc.trap, "malloc",
                      absl::StrCat("allocating the input (", alloc.size, " bytes)"));
        return;
      case GuestAllocation::Error::kNull:
        BadOutput(response_,
                  absl::StrCat("input buffer: malloc returned 0 for ", alloc.size, " bytes"),
                  "malloc");
        return;
      case GuestAllocation::Error::kOutOfRange:
        BadOutput(response_,
                  absl::StrCat("input buffer: malloc returned [", alloc.address, ", +",
                               alloc.size, ") outside the guest's memory"),
                  "malloc");
        return;
    }
  }

  // The output buffer the function handed over, or nullopt with BAD_OUTPUT
  // in the response when it is above the cap or outside the memory.
  std::optional<OwnedGuestBuffer> Output(uint32_t ptr, uint32_t len, const std::string& function) {
    if (len > config_.max_output_bytes) {
      BadOutput(response_,
                absl::StrCat("output of ", len, " bytes is above the cap ",
                             config_.max_output_bytes),
                function);
      return std::nullopt;
    }
    std::optional<OwnedGuestBuffer> output = guest_.Adopt(ptr, len);
    if (!output.has_value()) {
      BadOutput(response_,
                absl::StrCat("output range [", ptr, ", +", len, ") is outside the guest's memory"),
                function);
    }
    return output;
  }

  // Frees a buffer through the guest's free(i32), when it exports one.
  absl::Status Free(OwnedGuestBuffer& buffer, const char* which) {
    auto r = buffer.Free();
    if (!r.ok()) return r.status();
    if (!r->ok()) AllocatorTrap(*r, "free", absl::StrCat("freeing the ", which, " buffer"));
    return absl::OkStatus();
  }

  // A trap (or exit) inside the allocator becomes the call's outcome.
  void AllocatorTrap(const ExecResult& r, const char* allocator, const std::string& doing) {
    reusable_ = false;
    response_.clear_outcome();
    RecordOutcome(r, response_);
    if (!response_.has_trap()) return;  // proc_exit: the exit code says it
    v1::Trap* t = response_.mutable_trap();
    // Name the function that trapped when the allocator called into others.
    std::string where = r.trap_function_name == absl::StrCat("$", allocator)
                            ? std::string()
                            : absl::StrCat(" (in ", r.trap_function_name, ")");
    t->set_message(absl::StrCat(TrapText(r.trap), where, " in the guest's ", allocator,
                                " while ", doing));
    t->set_function(allocator);
  }

  GuestCall guest_;
  const ServiceConfig& config_;
  v1::InvokeResponse& response_;
  bool reusable_ = true;
};

// A typed call: arguments checked against the function's parameters.
absl::Status RunTyped(PooledInstance& p, FunctionInstance* func, const v1::InvokeRequest& request,
                      const CallOptions& options, v1::InvokeResponse& response,
                      int64_t* fuel_used) {
  const FuncType& type = FunctionType(func);
  const auto& values = request.args().values();
  if (size_t(values.size()) != type.params.size()) {
    return absl::InvalidArgumentError(absl::StrCat(Quote(request.function()), " takes ",
                                                   type.params.size(), " arguments ",
                                                   FuncTypeToString(type), ", got ",
                                                   values.size()));
  }
  std::vector<Value> args;
  for (int i = 0; i < values.size(); ++i) {
    auto v = FromProto(values[i], type.params[i], i);
    if (!v.ok()) return v.status();
    args.push_back(*v);
  }
  auto r = p.store->Call(func, args, options);
  if (!r.ok()) return r.status();
  *fuel_used = r->fuel_used;
  if (!RecordOutcome(*r, response)) {
    v1::Returned* ret = response.mutable_returned();
    for (const Value& v : r->results) ToProto(v, ret->add_values());
  }
  return absl::OkStatus();
}

// What the guest said through wasmrt.set_status (guest_status.h): a trap
// in set_status gets its precise reason; a status set by a call that
// returned replaces the output or results.
void ApplyGuestStatus(const GuestStatus& status, v1::InvokeResponse& response) {
  if (response.has_trap()) {
    if (!status.fault.empty()) response.mutable_trap()->set_message(status.fault);
    return;
  }
  if (status.code == 0 || response.has_exit_code()) return;
  v1::ApplicationError* error = response.mutable_application_error();  // clears the outcome
  error->set_code(status.code);
  error->set_message(status.message);
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

absl::StatusOr<CallLimits> ResolveLimits(const v1::Limits& req, const ServiceConfig& config) {
  // The memory and timeout fields are unsigned: a negative number written
  // into them arrives with its top bit set, and is refused as negative.
  auto memory_signed = int64_t(req.max_memory_bytes());
  auto timeout_signed = int32_t(req.timeout_ms());
  if (req.fuel() < 0 || memory_signed < 0 || timeout_signed < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "limits must not be negative: fuel ", req.fuel(), ", max_memory_bytes ", memory_signed,
        ", timeout_ms ", timeout_signed, " (0 means the server's default)"));
  }
  CallLimits l;
  l.fuel = req.fuel() == 0 ? config.default_fuel : req.fuel();
  if (l.fuel > config.max_fuel) {
    return absl::ResourceExhaustedError(
        absl::StrCat("fuel ", req.fuel(), " is above the cap ", config.max_fuel));
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
  return l;
}

absl::StatusOr<v1::InvokeResponse> Execute(PooledInstance& p, const v1::InvokeRequest& request,
                                           const CallLimits& call_limits,
                                           const ServiceConfig& config, bool* reusable) {
  *reusable = true;
  // timeout_ms bounds the execution itself: it starts now, not on arrival;
  // `limits.deadline` (the gRPC deadline) still applies. exec_time_us is
  // measured from the same instant, so a TIMEOUT trap reports at least the
  // timeout.
  auto start = Clock::now();
  CallLimits limits = call_limits;
  limits.deadline = std::min(limits.deadline, start + limits.timeout);
  std::optional<Extern> ext = p.instance->GetExport(request.function());
  if (!ext.has_value() || ext->kind != ExternKind::kFunc) {
    return absl::NotFoundError(
        absl::StrCat("module has no exported function ", Quote(request.function())));
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
  if (request.input_case() == v1::InvokeRequest::kPayload) {
    size_t size = request.payload().value().size();
    if (size > config.max_payload_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "payload of ", size, " bytes is above the cap ", config.max_payload_bytes));
    }
    FuncType abi{{ValType::kI32, ValType::kI32}, {ValType::kI64}};
    if (!(type == abi)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "payload calls need a function of type (i32 i32) -> (i64); ",
          Quote(request.function()), " is ", FuncTypeToString(type)));
    }
  }
  absl::Status wasi = p.wasi->Configure(request.function(), request.wasi(), limits.deadline);
  if (!wasi.ok()) return wasi;
  int64_t fuel_used = 0;
  if (request.input_case() == v1::InvokeRequest::kPayload) {
    PayloadExchange exchange(p, options, config, response);
    absl::Status s = exchange.Run(func, request);
    fuel_used = exchange.fuel_used();
    *reusable = exchange.reusable();
    if (!s.ok()) return s;
  } else {
    absl::Status s = RunTyped(p, func, request, options, response, &fuel_used);
    if (!s.ok()) return s;
  }

  ApplyGuestStatus(p.wasi->guest_status(), response);

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
