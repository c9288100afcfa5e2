// Server reflection (grpc.reflection.v1alpha, what grpcurl speaks, and the
// same protocol as grpc.reflection.v1): lists and describes the built-in
// services and the typed services of the modules bound at each request, whose
// files come from the modules' own descriptor pools (reflection_index.h).
// Replaces gRPC's reflection plugin, which only knows the generated pool.
// Unauthenticated, like the plugin it replaces and like health.
#ifndef WASMRT_SERVICE_REFLECTION_SERVICE_H_
#define WASMRT_SERVICE_REFLECTION_SERVICE_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "service/typed_router.h"

namespace wasmrt::service {

// The full names of the reflection services, for the built-in list.
extern const char kReflectionV1Alpha[];
extern const char kReflectionV1[];

// `builtin_services`: what list_services names before the typed services.
// `router` (may be null) must outlive the service.
std::unique_ptr<grpc::Service> NewReflectionV1AlphaService(
    std::vector<std::string> builtin_services, const TypedRouter* router);
std::unique_ptr<grpc::Service> NewReflectionV1Service(std::vector<std::string> builtin_services,
                                                      const TypedRouter* router);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_REFLECTION_SERVICE_H_
