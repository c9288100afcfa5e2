#include "tools/wasmctl/connection.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>

#include "absl/strings/str_cat.h"

namespace wasmrt::wasmctl {

absl::StatusOr<std::string> ReadAll(const std::string& path) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::shared_ptr<grpc::Channel> MakeChannel(const CommandLine& cl) {
  std::shared_ptr<grpc::ChannelCredentials> creds = grpc::InsecureChannelCredentials();
  if (!cl.ca_cert_file.empty()) {
    grpc::SslCredentialsOptions ssl;
    auto ca = ReadAll(cl.ca_cert_file);
    if (ca.ok()) ssl.pem_root_certs = *ca;
    creds = grpc::SslCredentials(ssl);
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);
  args.SetMaxSendMessageSize(-1);
  return grpc::CreateCustomChannel(cl.server, creds, args);
}

std::unique_ptr<grpc::ClientContext> MakeContext(const CommandLine& cl,
                                                 uint32_t default_timeout_ms) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  uint32_t ms = cl.rpc_timeout_ms != 0 ? cl.rpc_timeout_ms : default_timeout_ms;
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(ms));
  if (!cl.token.empty()) ctx->AddMetadata("authorization", "Bearer " + cl.token);
  return ctx;
}

std::vector<std::pair<std::string, std::string>> LimitMetadata(int64_t fuel,
                                                               uint64_t memory_bytes,
                                                               uint32_t timeout_ms) {
  std::vector<std::pair<std::string, std::string>> md;
  if (fuel != 0) md.emplace_back("wasmrt-fuel", absl::StrCat(fuel));
  if (memory_bytes != 0) md.emplace_back("wasmrt-memory-bytes", absl::StrCat(memory_bytes));
  if (timeout_ms != 0) md.emplace_back("wasmrt-timeout-ms", absl::StrCat(timeout_ms));
  return md;
}

}  // namespace wasmrt::wasmctl
