// libFuzzer target: arbitrary bytes through decode, validate and translate
// (CompileModule). Any outcome but a crash, a sanitizer report, a leak or a
// hang is fine; an error must carry a message. Built by run_fuzzers.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "runtime/engine/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto module = wasmrt::CompileModule(absl::Span<const uint8_t>(data, size));
  if (!module.ok() && module.status().message().empty()) std::abort();
  return 0;
}
