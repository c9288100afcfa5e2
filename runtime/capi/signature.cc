#include "runtime/capi/signature.h"

#include "absl/strings/str_cat.h"

namespace wasmrt::capi {
namespace {

bool IsParamChar(char c) {
  switch (c) {
    case 'i': case 'I': case 'f': case 'F': case '*': case '~': case '$':
      return true;
    default:
      return false;
  }
}

bool IsResultChar(char c) { return c == 'i' || c == 'I' || c == 'f' || c == 'F'; }

ValType WasmTypeOf(char c) {
  switch (c) {
    case 'I': return ValType::kI64;
    case 'f': return ValType::kF32;
    case 'F': return ValType::kF64;
    default: return ValType::kI32;  // i * ~ $
  }
}

absl::Status Malformed(std::string_view text, size_t at, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("malformed native signature \"",
                                                 absl::string_view(text.data(), text.size()),
                                                 "\" at ", at, ": ",
                                                 absl::string_view(why.data(), why.size())));
}

}  // namespace

absl::StatusOr<NativeSignature> ParseSignature(std::string_view text) {
  if (text.empty() || text[0] != '(') return Malformed(text, 0, "expected '('");
  NativeSignature sig;
  size_t i = 1;
  for (; i < text.size() && text[i] != ')'; ++i) {
    char c = text[i];
    if (!IsParamChar(c)) return Malformed(text, i, "unknown parameter type");
    if (c == '~' && (sig.params.empty() || sig.params.back() != '*')) {
      return Malformed(text, i, "'~' must follow '*'");
    }
    sig.params.push_back(c);
  }
  if (i == text.size()) return Malformed(text, i, "expected ')'");
  ++i;
  if (i < text.size()) {
    if (!IsResultChar(text[i])) return Malformed(text, i, "unknown result type");
    sig.result = text[i++];
  }
  if (i != text.size()) return Malformed(text, i, "trailing characters");
  return sig;
}

absl::StatusOr<NativeSignature> SignatureOfType(const FuncType& type) {
  auto code = [](ValType t) -> char {
    switch (t) {
      case ValType::kI32: return 'i';
      case ValType::kI64: return 'I';
      case ValType::kF32: return 'f';
      case ValType::kF64: return 'F';
      default: return '\0';
    }
  };
  NativeSignature sig;
  for (ValType t : type.params) {
    char c = code(t);
    if (c == '\0') {
      return absl::InvalidArgumentError(
          absl::StrCat("natives cannot take ", ValTypeName(t), " parameters"));
    }
    sig.params.push_back(c);
  }
  if (type.results.size() > 1) {
    return absl::InvalidArgumentError("natives return at most one value");
  }
  if (!type.results.empty()) {
    sig.result = code(type.results[0]);
    if (sig.result == '\0') {
      return absl::InvalidArgumentError(
          absl::StrCat("natives cannot return ", ValTypeName(type.results[0])));
    }
  }
  return sig;
}

bool SignatureMatches(const NativeSignature& sig, const FuncType& type) {
  if (sig.params.size() != type.params.size()) return false;
  for (size_t i = 0; i < sig.params.size(); ++i) {
    if (WasmTypeOf(sig.params[i]) != type.params[i]) return false;
  }
  if (sig.result == '\0') return type.results.empty();
  return type.results.size() == 1 && type.results[0] == WasmTypeOf(sig.result);
}

std::string SignatureText(const NativeSignature& sig) {
  std::string s = "(" + sig.params + ")";
  if (sig.result != '\0') s.push_back(sig.result);
  return s;
}

}  // namespace wasmrt::capi
