#include "service/rpc_status.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

namespace wasmrt::service {
namespace {

namespace io = ::google::protobuf::io;
using ::google::protobuf::internal::WireFormatLite;

constexpr int kCode = 1, kMessage = 2, kDetails = 3;

}  // namespace

std::string EncodeRpcStatus(int code, absl::string_view message,
                            const google::protobuf::Message& detail) {
  google::protobuf::Any any;
  any.PackFrom(detail);
  std::string out;
  {
    io::StringOutputStream stream(&out);
    io::CodedOutputStream coded(&stream);
    if (code != 0) WireFormatLite::WriteInt32(kCode, code, &coded);
    if (!message.empty()) {
      WireFormatLite::WriteBytes(kMessage, std::string(message), &coded);
    }
    WireFormatLite::WriteBytes(kDetails, any.SerializeAsString(), &coded);
  }  // the coded stream flushes into `out` here
  return out;
}

absl::StatusOr<RpcStatus> DecodeRpcStatus(absl::string_view bytes) {
  io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()), int(bytes.size()));
  RpcStatus status;
  auto bad = [] { return absl::InvalidArgumentError("not a serialized google.rpc.Status"); };
  while (uint32_t tag = in.ReadTag()) {
    int field = WireFormatLite::GetTagFieldNumber(tag);
    auto type = WireFormatLite::GetTagWireType(tag);
    if (field == kCode && type == WireFormatLite::WIRETYPE_VARINT) {
      uint32_t v = 0;
      if (!in.ReadVarint32(&v)) return bad();
      status.code = int(v);
    } else if (field == kMessage && type == WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      if (!WireFormatLite::ReadBytes(&in, &status.message)) return bad();
    } else if (field == kDetails && type == WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      if (!WireFormatLite::ReadMessage(&in, &status.details.emplace_back())) return bad();
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return bad();
    }
  }
  if (!in.ConsumedEntireMessage()) return bad();
  return status;
}

}  // namespace wasmrt::service
