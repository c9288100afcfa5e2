#include "service/auth.h"

#include <algorithm>

namespace wasmrt::service {
namespace {

// Compares without an early exit, so timing does not reveal a token prefix.
bool SameToken(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

bool Contains(const std::vector<std::string>& tokens, const std::string& t) {
  bool found = false;
  for (const std::string& x : tokens) found |= SameToken(x, t);
  return found;
}

}  // namespace

grpc::Status Authorizer::Check(const grpc::ServerContextBase& context, Role needed) const {
  if (!enabled()) return grpc::Status::OK;
  const auto& md = context.client_metadata();
  auto it = md.find("authorization");
  if (it == md.end()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "missing \"authorization: Bearer <token>\" metadata");
  }
  std::string value(it->second.data(), it->second.size());
  const std::string prefix = "Bearer ";
  if (value.compare(0, prefix.size(), prefix) != 0) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "authorization is not a Bearer token");
  }
  std::string token = value.substr(prefix.size());
  if (Contains(admin_, token)) return grpc::Status::OK;
  if (Contains(invoker_, token)) {
    if (needed == Role::kInvoker) return grpc::Status::OK;
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "this call needs an admin token");
  }
  return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unknown token");
}

}  // namespace wasmrt::service
