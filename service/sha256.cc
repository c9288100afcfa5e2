#include "service/sha256.h"

#include <openssl/evp.h>

#include "absl/strings/escaping.h"

namespace wasmrt::service {

std::string ContentDigest(absl::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  return "sha256:" + absl::BytesToHexString(
                         absl::string_view(reinterpret_cast<const char*>(md), len));
}

}  // namespace wasmrt::service
