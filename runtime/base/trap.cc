#include "runtime/base/trap.h"

namespace wasmrt {

const char* TrapText(TrapCode code) {
  switch (code) {
    case TrapCode::kNone: return "no trap";
#define WASMRT_TRAP(name, text) \
  case TrapCode::name:          \
    return text;
#include "runtime/base/trap.def"
#undef WASMRT_TRAP
  }
  return "unknown trap";
}

}  // namespace wasmrt
