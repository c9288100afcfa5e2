#include "runtime/binary/name_section.h"

#include "runtime/binary/leb128.h"
#include "runtime/binary/utf8.h"

namespace wasmrt {
namespace {

constexpr uint8_t kModuleNameId = 0;
constexpr uint8_t kFunctionNamesId = 1;

bool ReadName(const uint8_t** p, const uint8_t* end, std::string* out) {
  uint32_t len = 0;
  if (ReadU32(p, end, &len) != LebStatus::kOk) return false;
  if (len > size_t(end - *p) || !IsValidUtf8(*p, len)) return false;
  out->assign(reinterpret_cast<const char*>(*p), len);
  *p += len;
  return true;
}

// A name map (spec 7.4.1.2): indices must be strictly increasing.
bool ReadNameMap(const uint8_t** p, const uint8_t* end,
                 std::vector<std::pair<uint32_t, std::string>>* out) {
  uint32_t count = 0;
  if (ReadU32(p, end, &count) != LebStatus::kOk) return false;
  if (count > size_t(end - *p)) return false;  // each entry takes >= 2 bytes
  out->clear();
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t index = 0;
    std::string name;
    if (ReadU32(p, end, &index) != LebStatus::kOk) return false;
    if (!out->empty() && index <= out->back().first) return false;
    if (!ReadName(p, end, &name)) return false;
    out->emplace_back(index, std::move(name));
  }
  return true;
}

}  // namespace

bool ParseNameSection(const std::vector<uint8_t>& payload, std::string* module_name,
                      std::vector<std::pair<uint32_t, std::string>>* function_names) {
  const uint8_t* p = payload.data();
  const uint8_t* const end = p + payload.size();
  std::string module;
  std::vector<std::pair<uint32_t, std::string>> functions;
  while (p != end) {
    const uint8_t id = *p++;
    uint32_t size = 0;
    if (ReadU32(&p, end, &size) != LebStatus::kOk || size > size_t(end - p)) return false;
    const uint8_t* const sub_end = p + size;
    // Other subsections (locals, labels, ...) are skipped unread.
    if (id == kModuleNameId && !ReadName(&p, sub_end, &module)) return false;
    if (id == kFunctionNamesId && !ReadNameMap(&p, sub_end, &functions)) return false;
    if (id <= kFunctionNamesId && p != sub_end) return false;
    p = sub_end;
  }
  *module_name = std::move(module);
  *function_names = std::move(functions);
  return true;
}

}  // namespace wasmrt
