#include "service/status_text.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace wasmrt::service {

std::string Quote(absl::string_view s) {
  if (s.size() <= kQuotedPrefix) return absl::StrCat("\"", absl::CHexEscape(s), "\"");
  return absl::StrCat("\"", absl::CHexEscape(s.substr(0, kQuotedPrefix)), "\"... (", s.size(),
                      " bytes)");
}

std::string CapMessage(absl::string_view message) {
  if (message.size() <= kMaxStatusMessage) return std::string(message);
  size_t keep = kMaxStatusMessage - 3;
  // Do not split a UTF-8 sequence: back off over continuation bytes.
  while (keep > 0 && (static_cast<unsigned char>(message[keep]) & 0xC0) == 0x80) --keep;
  return absl::StrCat(message.substr(0, keep), "...");
}

}  // namespace wasmrt::service
