// shapes: decodes a protobuf wasmrt.examples.Rect (examples/proto/shapes.proto),
// answers a wasmrt.examples.Area. Shows the SDK's wire-format reader/writer.
#define WASMRT_GUEST_ALLOCATOR
#include "sdk/wasmrt_guest.h"

// Field numbers from shapes.proto.
enum { kRectW = 1, kRectH = 2, kRectLabel = 3 };
enum { kAreaArea = 1, kAreaLabel = 2 };

WASMRT_EXPORT("area")
int64_t area(int32_t ptr, int32_t len) {
  double w = 0, h = 0;
  wasmrt_pb_bytes label = {0, 0};
  wasmrt_pb_reader r = wasmrt_pb_reader_init((const void*)(uintptr_t)ptr, (uint32_t)len);
  while (wasmrt_pb_next(&r)) {
    switch (r.field) {
      case kRectW: wasmrt_pb_double(&r, &w); break;
      case kRectH: wasmrt_pb_double(&r, &h); break;
      case kRectLabel: wasmrt_pb_bytes_field(&r, &label); break;
      default: wasmrt_pb_skip(&r); break;  // unknown fields are allowed
    }
  }
  // A malformed request is a guest error: trap, the host reports it.
  if (r.error != WASMRT_PB_OK) __builtin_trap();

  uint32_t cap = 16 + label.len;  // 9 bytes of double field + 1-6 of label header
  void* buf = malloc(cap);
  if (buf == NULL) return 0;
  wasmrt_pb_writer out = wasmrt_pb_writer_init(buf, cap);
  wasmrt_pb_write_double(&out, kAreaArea, w * h);
  if (label.len > 0) wasmrt_pb_write_bytes(&out, kAreaLabel, label.data, label.len);
  if (out.error != WASMRT_PB_OK) __builtin_trap();
  return wasmrt_return(buf, out.len);
}
