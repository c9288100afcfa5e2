#include "service/reflection_service.h"

#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "service/reflection_index.h"

namespace wasmrt::service {

const char kReflectionV1Alpha[] = "grpc.reflection.v1alpha.ServerReflection";
const char kReflectionV1[] = "grpc.reflection.v1.ServerReflection";

namespace {

void SetError(const absl::Status& s, auto* response) {
  auto* error = response->mutable_error_response();
  error->set_error_code(int(s.code()));
  error->set_error_message(std::string(s.message()));
}

void SetFile(const absl::StatusOr<const google::protobuf::FileDescriptor*>& file,
             auto* response) {
  if (!file.ok()) return SetError(file.status(), response);
  auto* files = response->mutable_file_descriptor_response();
  for (std::string& bytes : SerializeWithDependencies(**file)) {
    files->add_file_descriptor_proto(std::move(bytes));
  }
}

// One answer; both protocol versions have the same messages.
template <class Request, class Response>
void Answer(const ReflectionIndex& index, const Request& request, Response* response) {
  response->set_valid_host(request.host());
  *response->mutable_original_request() = request;
  switch (request.message_request_case()) {
    case Request::kListServices:
      for (const std::string& name : index.services()) {
        response->mutable_list_services_response()->add_service()->set_name(name);
      }
      return;
    case Request::kFileByFilename:
      return SetFile(index.FileByName(request.file_by_filename()), response);
    case Request::kFileContainingSymbol:
      return SetFile(index.FileContainingSymbol(request.file_containing_symbol()), response);
    case Request::kFileContainingExtension:
      return SetFile(
          index.FileContainingExtension(request.file_containing_extension().containing_type(),
                                        request.file_containing_extension().extension_number()),
          response);
    case Request::kAllExtensionNumbersOfType: {
      auto numbers = index.ExtensionNumbers(request.all_extension_numbers_of_type());
      if (!numbers.ok()) return SetError(numbers.status(), response);
      auto* out = response->mutable_all_extension_numbers_response();
      out->set_base_type_name(request.all_extension_numbers_of_type());
      for (int n : *numbers) out->add_extension_number(n);
      return;
    }
    default:
      return SetError(absl::UnimplementedError("the request asks for nothing this server knows"),
                      response);
  }
}

template <class Base, class Request, class Response>
class ReflectionService final : public Base {
 public:
  ReflectionService(std::vector<std::string> builtin, const TypedRouter* router)
      : builtin_(std::move(builtin)), router_(router) {}

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext*, grpc::ServerReaderWriter<Response, Request>* stream) override {
    Request request;
    while (stream->Read(&request)) {
      // A fresh snapshot per request: a module moved or deleted between
      // two requests of one stream is seen by the second.
      ReflectionIndex index(builtin_, router_);
      Response response;
      Answer(index, request, &response);
      if (!stream->Write(response)) break;
    }
    return grpc::Status::OK;
  }

 private:
  const std::vector<std::string> builtin_;
  const TypedRouter* const router_;
};

}  // namespace

std::unique_ptr<grpc::Service> NewReflectionV1AlphaService(std::vector<std::string> builtin,
                                                           const TypedRouter* router) {
  namespace r = ::grpc::reflection::v1alpha;
  return std::make_unique<ReflectionService<r::ServerReflection::Service,
                                            r::ServerReflectionRequest,
                                            r::ServerReflectionResponse>>(std::move(builtin),
                                                                          router);
}

std::unique_ptr<grpc::Service> NewReflectionV1Service(std::vector<std::string> builtin,
                                                      const TypedRouter* router) {
  namespace r = ::grpc::reflection::v1;
  return std::make_unique<ReflectionService<r::ServerReflection::Service,
                                            r::ServerReflectionRequest,
                                            r::ServerReflectionResponse>>(std::move(builtin),
                                                                          router);
}

}  // namespace wasmrt::service
