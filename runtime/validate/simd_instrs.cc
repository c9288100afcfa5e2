// Fixed-width SIMD instructions (spec 3.3.3, 0xFD prefix). Almost all are
// typed from their opcodes.def signature by FixedSignature; this file checks
// what a signature cannot say: lane-index immediates and the alignment of
// the lane loads and stores.
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "runtime/binary/opcode.h"
#include "runtime/validate/func_validator.h"

namespace wasmrt::validate {
namespace {

// Lanes of the shape that names an extract/replace_lane instruction:
// "i16x8.extract_lane_s" -> 8.
uint32_t ShapeLanes(const char* text) {
  const char* x = std::strchr(text, 'x');
  return x == nullptr ? 0 : uint32_t(std::strtoul(x + 1, nullptr, 10));
}

}  // namespace

absl::Status FuncValidator::Simd() {
  const OpcodeInfo& info = GetOpcodeInfo(cur_.op);
  switch (info.imm) {
    case ImmKind::kMemarg:
      return Memory();
    case ImmKind::kMemargLane: {
      if (ctx_.memories.empty()) return Error("unknown memory 0");
      if (cur_.a > info.max_align) {
        return Error("alignment must not be larger than natural",
                     absl::StrCat(info.text, " has natural alignment 2^",
                                  info.max_align, ", got 2^", cur_.a));
      }
      // The access width is the natural alignment: 16 / width lanes.
      uint32_t lanes = 16u >> info.max_align;
      if (cur_.b >= lanes) {
        return Error("invalid lane index",
                     absl::StrCat(info.text, " has ", lanes, " lanes, got ",
                                  cur_.b));
      }
      break;
    }
    case ImmKind::kLane: {
      uint32_t lanes = ShapeLanes(info.text);
      if (cur_.a >= lanes) {
        return Error("invalid lane index",
                     absl::StrCat(info.text, " has ", lanes, " lanes, got ",
                                  cur_.a));
      }
      break;
    }
    case ImmKind::kShuffle:
      for (int i = 0; i < 16; ++i) {
        if (cur_.v128.bytes[i] >= 32) {
          return Error("invalid lane index",
                       absl::StrCat("i8x16.shuffle lane ", i, " selects ",
                                    cur_.v128.bytes[i], ", must be < 32"));
        }
      }
      break;
    default:
      break;
  }
  return FixedSignature();
}

}  // namespace wasmrt::validate
