#include "tests/spec/outcome.h"

#include "absl/strings/str_cat.h"

namespace wasmrt::spec {

void FileTally::Fail(int line, const std::string& detail) {
  ++failed;
  failures.push_back(absl::StrCat("line ", line, " ", detail));
}

}  // namespace wasmrt::spec
