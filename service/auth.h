// Bearer-token authorization with two roles. With no tokens configured the
// service is open (local use); with tokens, every call must carry one.
#ifndef WASMRT_SERVICE_AUTH_H_
#define WASMRT_SERVICE_AUTH_H_

#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

namespace wasmrt::service {

enum class Role { kInvoker, kAdmin };

class Authorizer {
 public:
  Authorizer(std::vector<std::string> admin_tokens, std::vector<std::string> invoker_tokens)
      : admin_(std::move(admin_tokens)), invoker_(std::move(invoker_tokens)) {}
  // OK, UNAUTHENTICATED (no/unknown token) or PERMISSION_DENIED (role too low).
  grpc::Status Check(const grpc::ServerContextBase& context, Role needed) const;
  bool enabled() const { return !admin_.empty() || !invoker_.empty(); }

 private:
  std::vector<std::string> admin_;
  std::vector<std::string> invoker_;
};

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_AUTH_H_
