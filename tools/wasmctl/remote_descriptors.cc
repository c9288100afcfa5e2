#include "tools/wasmctl/remote_descriptors.h"

#include <google/protobuf/descriptor.pb.h>

#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace wasmrt::wasmctl {
namespace {

namespace pb = ::google::protobuf;
namespace refl = ::grpc::reflection::v1alpha;

absl::Status FromGrpc(const grpc::Status& s, absl::string_view what) {
  return absl::Status(absl::StatusCode(s.error_code()),
                      absl::StrCat(what, ": ", s.error_message()));
}

}  // namespace

absl::StatusOr<std::pair<std::string, std::string>> SplitMethodPath(const std::string& path) {
  std::string p = !path.empty() && path[0] == '/' ? path.substr(1) : path;
  size_t slash = p.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == p.size() ||
      p.find('/', slash + 1) != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", path, "\" is not a method: give pkg.Service/Method"));
  }
  return std::make_pair(p.substr(0, slash), p.substr(slash + 1));
}

absl::StatusOr<std::unique_ptr<RemoteDescriptors>> RemoteDescriptors::Fetch(
    grpc::Channel& channel, const std::string& service, const ContextFactory& context) {
  std::unique_ptr<RemoteDescriptors> out(new RemoteDescriptors());
  auto stub = refl::ServerReflection::NewStub(
      std::shared_ptr<grpc::Channel>(&channel, [](grpc::Channel*) {}));
  auto ctx = context();
  auto stream = stub->ServerReflectionInfo(ctx.get());
  absl::flat_hash_set<std::string> known;
  std::vector<std::string> wanted;
  refl::ServerReflectionRequest request;
  request.set_file_containing_symbol(service);
  absl::Status error;
  for (bool more = true; more && error.ok();) {
    refl::ServerReflectionResponse response;
    if (!stream->Write(request) || !stream->Read(&response)) break;
    if (response.has_error_response()) {
      const auto& e = response.error_response();
      error = request.has_file_containing_symbol()
                  ? absl::NotFoundError(absl::StrCat("unknown service \"", service,
                                                     "\" (server reflection: ",
                                                     e.error_message(), ")"))
                  : absl::Status(absl::StatusCode(e.error_code()), e.error_message());
      break;
    }
    for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
      pb::FileDescriptorProto file;
      if (!file.ParseFromString(bytes)) {
        error = absl::InvalidArgumentError("server reflection sent a file that does not parse");
        break;
      }
      if (!known.insert(file.name()).second) continue;
      for (const std::string& dep : file.dependency()) wanted.push_back(dep);
      out->database_.Add(file);
    }
    more = false;
    while (!wanted.empty() && !more) {  // the next import not sent yet
      std::string name = std::move(wanted.back());
      wanted.pop_back();
      if (known.contains(name)) continue;
      request.set_file_by_filename(name);
      more = true;
    }
  }
  stream->WritesDone();
  grpc::Status finished = stream->Finish();
  if (!finished.ok()) return FromGrpc(finished, "server reflection");
  if (!error.ok()) return error;
  if (out->pool_.FindServiceByName(service) == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "server reflection's files for \"", service, "\" do not build (an import is missing?)"));
  }
  return out;
}

absl::StatusOr<const pb::MethodDescriptor*> RemoteDescriptors::Method(
    const std::string& path) const {
  auto parts = SplitMethodPath(path);
  if (!parts.ok()) return parts.status();
  const pb::ServiceDescriptor* service = pool_.FindServiceByName(parts->first);
  if (service == nullptr) {
    return absl::NotFoundError(absl::StrCat("unknown service \"", parts->first, "\""));
  }
  if (const pb::MethodDescriptor* m = service->FindMethodByName(parts->second)) return m;
  std::vector<std::string> names;
  for (int i = 0; i < service->method_count(); ++i) names.push_back(service->method(i)->name());
  return absl::NotFoundError(absl::StrCat("unknown method \"", parts->second, "\": service ",
                                          parts->first, " has ", absl::StrJoin(names, ", ")));
}

std::unique_ptr<pb::Message> RemoteDescriptors::New(const pb::Descriptor& type) {
  return std::unique_ptr<pb::Message>(factory_.GetPrototype(&type)->New());
}

}  // namespace wasmrt::wasmctl
