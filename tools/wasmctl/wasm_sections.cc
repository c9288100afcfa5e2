#include "tools/wasmctl/wasm_sections.h"

#include <vector>

#include "absl/strings/str_cat.h"

namespace wasmrt::wasmctl {
namespace {

constexpr absl::string_view kHeader("\0asm\1\0\0\0", 8);

absl::Status Malformed(size_t offset, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("not a WebAssembly module: byte ", offset, ": ",
                                                 what));
}

// Reads an unsigned LEB128 of at most 32 bits at `*pos`.
bool ReadU32(absl::string_view in, size_t* pos, uint32_t* out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (*pos >= in.size()) return false;
    uint8_t b = uint8_t(in[(*pos)++]);
    v |= uint64_t(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      *out = uint32_t(v);
      return v <= UINT32_MAX;
    }
  }
  return false;
}

void WriteU32(uint32_t v, std::string* out) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out->push_back(char(v != 0 ? (b | 0x80) : b));
  } while (v != 0);
}

// One top-level section: its bytes in the module and, for a custom one, its name.
struct Section {
  absl::string_view whole;
  bool custom = false;
  absl::string_view name;
  absl::string_view content;
};

absl::StatusOr<std::vector<Section>> Sections(absl::string_view module) {
  if (module.substr(0, kHeader.size()) != kHeader) {
    return Malformed(0, "no \\0asm magic and version 1 header");
  }
  std::vector<Section> out;
  size_t pos = kHeader.size();
  while (pos < module.size()) {
    size_t start = pos;
    uint8_t id = uint8_t(module[pos++]);
    uint32_t size = 0;
    if (!ReadU32(module, &pos, &size)) return Malformed(start + 1, "bad section size");
    if (size > module.size() - pos) {
      return Malformed(start, absl::StrCat("section ", int(id), " of ", size,
                                           " bytes runs past the end of the module (",
                                           module.size(), " bytes)"));
    }
    Section s;
    s.whole = module.substr(start, pos + size - start);
    if (id == 0) {
      absl::string_view body = module.substr(pos, size);
      size_t at = 0;
      uint32_t name_len = 0;
      if (!ReadU32(body, &at, &name_len) || name_len > body.size() - at) {
        return Malformed(pos, "custom section with a bad name");
      }
      s.custom = true;
      s.name = body.substr(at, name_len);
      s.content = body.substr(at + name_len);
    }
    out.push_back(s);
    pos += size;
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> ReplaceCustomSection(absl::string_view module, absl::string_view name,
                                                 absl::string_view content) {
  auto sections = Sections(module);
  if (!sections.ok()) return sections.status();
  if (name.size() + content.size() + 5 > UINT32_MAX) {
    return absl::InvalidArgumentError("the custom section would be larger than 4 GiB");
  }
  std::string out(kHeader);
  for (const Section& s : *sections) {
    if (!(s.custom && s.name == name)) out.append(s.whole.data(), s.whole.size());
  }
  std::string body;
  WriteU32(uint32_t(name.size()), &body);
  body.append(name.data(), name.size());
  body.append(content.data(), content.size());
  out.push_back('\0');
  WriteU32(uint32_t(body.size()), &out);
  out += body;
  return out;
}

absl::StatusOr<std::vector<std::string>> CustomSections(absl::string_view module,
                                                        absl::string_view name) {
  auto sections = Sections(module);
  if (!sections.ok()) return sections.status();
  std::vector<std::string> out;
  for (const Section& s : *sections) {
    if (s.custom && s.name == name) out.emplace_back(s.content);
  }
  return out;
}

}  // namespace wasmrt::wasmctl
