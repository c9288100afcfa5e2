#include "service/typed_methods.h"

#include <google/protobuf/descriptor.pb.h>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "service/status_text.h"

namespace wasmrt::service {
namespace {

namespace pb = ::google::protobuf;

// The payload ABI's function type.
const FuncType& PayloadAbiType() {
  static const FuncType* type = new FuncType{{ValType::kI32, ValType::kI32}, {ValType::kI64}};
  return *type;
}

absl::Status SectionError(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("custom section ", kProtoSectionName, ": ", what));
}

// Keeps the first error the pool reports (the rest usually follow from it).
class FirstError final : public pb::DescriptorPool::ErrorCollector {
 public:
  void AddError(const std::string& filename, const std::string& element_name,
                const pb::Message*, ErrorLocation, const std::string& message) override {
    if (!error_.empty()) return;
    error_ = absl::StrCat("file ", Quote(filename));
    if (!element_name.empty() && element_name != filename) {
      absl::StrAppend(&error_, ", element ", Quote(element_name));
    }
    absl::StrAppend(&error_, ": ", message);
  }
  const std::string& error() const { return error_; }

 private:
  std::string error_;
};

const char* StreamingKind(const pb::MethodDescriptor& m) {
  if (m.client_streaming() && m.server_streaming()) return "bidirectional streaming";
  return m.client_streaming() ? "client streaming" : "server streaming";
}

}  // namespace

absl::StatusOr<std::shared_ptr<const TypedApi>> TypedApi::Load(const CompiledModule& module) {
  const CustomSection* found = nullptr;
  int count = 0;
  for (const CustomSection& c : module.ir().customs) {
    if (c.name != kProtoSectionName) continue;
    if (found == nullptr) found = &c;
    ++count;
  }
  if (found == nullptr) return std::shared_ptr<const TypedApi>();
  if (count > 1) {
    return SectionError(absl::StrCat("the module has ", count, " of them; at most one is allowed"));
  }
  absl::string_view bytes(reinterpret_cast<const char*>(found->bytes.data()),
                          found->bytes.size());
  return Build(bytes, module.exports());
}

absl::StatusOr<std::shared_ptr<const TypedApi>> TypedApi::Build(
    absl::string_view descriptor_set, const std::vector<ExportType>& exports) {
  std::shared_ptr<TypedApi> api(new TypedApi());
  absl::Status s = api->BuildPool(descriptor_set);
  if (s.ok()) s = api->BindMethods(exports);
  if (!s.ok()) return s;
  return std::shared_ptr<const TypedApi>(std::move(api));
}

absl::Status TypedApi::BuildPool(absl::string_view descriptor_set) {
  pb::FileDescriptorSet set;
  if (!set.ParseFromArray(descriptor_set.data(), int(descriptor_set.size()))) {
    return SectionError(absl::StrCat("its ", descriptor_set.size(),
                                     " bytes are not a serialized google.protobuf."
                                     "FileDescriptorSet"));
  }
  pool_ = std::make_unique<pb::DescriptorPool>();
  absl::flat_hash_set<std::string> names;
  // protoc --include_imports writes dependencies before their users, which
  // is the order a pool needs.
  for (const pb::FileDescriptorProto& file : set.file()) {
    if (!names.insert(file.name()).second) {
      return SectionError(absl::StrCat("file ", Quote(file.name()), " appears twice"));
    }
    FirstError errors;
    const pb::FileDescriptor* built = pool_->BuildFileCollectingErrors(file, &errors);
    if (built == nullptr) {
      std::string why = errors.error().empty()
                            ? absl::StrCat("file ", Quote(file.name()), " does not build")
                            : errors.error();
      return SectionError(absl::StrCat(why, " (the set must hold every imported file, "
                                            "dependencies first: protoc --include_imports)"));
    }
    files_.push_back(built);
  }
  factory_ = std::make_unique<pb::DynamicMessageFactory>(pool_.get());
  return absl::OkStatus();
}

absl::Status TypedApi::BindMethods(const std::vector<ExportType>& exports) {
  for (const pb::FileDescriptor* file : files_) {
    for (int i = 0; i < file->service_count(); ++i) {
      const pb::ServiceDescriptor* service = file->service(i);
      for (int j = 0; j < service->method_count(); ++j) {
        absl::Status s = BindMethod(*service->method(j), exports);
        if (!s.ok()) return s;
      }
    }
  }
  return absl::OkStatus();
}

absl::Status TypedApi::BindMethod(const pb::MethodDescriptor& method,
                                  const std::vector<ExportType>& exports) {
  std::string export_name = absl::StrCat(method.service()->full_name(), "/", method.name());
  std::string path = absl::StrCat("/", export_name);
  if (method.client_streaming() || method.server_streaming()) {
    return absl::InvalidArgumentError(
        absl::StrCat("method ", path, " is ", StreamingKind(method),
                     ": only unary methods can be served for now"));
  }
  const ExportType* found = nullptr;
  for (const ExportType& e : exports) {
    if (e.name == export_name) found = &e;
  }
  if (found == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "method ", path, " has no export named \"", export_name,
        "\": the module must export a function of type ", FuncTypeToString(PayloadAbiType()),
        " under that name"));
  }
  if (found->type.kind != ExternKind::kFunc) {
    return absl::InvalidArgumentError(absl::StrCat("export \"", export_name, "\" serving method ",
                                                   path, " is a ",
                                                   ExternKindName(found->type.kind),
                                                   ", not a function"));
  }
  if (!(found->type.func == PayloadAbiType())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "export \"", export_name, "\" serving method ", path, " has type ",
        FuncTypeToString(found->type.func), "; it must be ", FuncTypeToString(PayloadAbiType()),
        " (the payload ABI)"));
  }
  TypedMethod m;
  m.path = std::move(path);
  m.export_name = std::move(export_name);
  m.descriptor = &method;
  m.output_prototype = factory_->GetPrototype(method.output_type());
  methods_.push_back(std::move(m));
  return absl::OkStatus();
}

std::vector<std::string> TypedApi::ServiceNames() const {
  std::vector<std::string> names;
  for (const TypedMethod& m : methods_) {
    const std::string& service = m.descriptor->service()->full_name();
    if (names.empty() || names.back() != service) names.push_back(service);
  }
  return names;
}

absl::Status TypedApi::CheckOutput(const TypedMethod& method, absl::string_view bytes) const {
  std::unique_ptr<pb::Message> message(method.output_prototype->New());
  if (message->ParseFromArray(bytes.data(), int(bytes.size()))) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("bad output: the ", bytes.size(), " bytes ",
                                          method.export_name, " returned do not parse as ",
                                          method.descriptor->output_type()->full_name()));
}

}  // namespace wasmrt::service
