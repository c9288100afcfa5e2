// shapes_v1: the typed service shapes.v1.Shapes (examples/proto/shapes/v1/
// shapes.proto). The build embeds the service's descriptor set in the
// module (wasmctl embed-proto), so wasmrtd serves /shapes.v1.Shapes/Area as
// a gRPC method of its own through the export of the same name.
#define WASMRT_GUEST_ALLOCATOR
#include "sdk/wasmrt_guest.h"

// Field numbers from shapes.proto.
enum { kRequestW = 1, kRequestH = 2 };
enum { kResponseArea = 1 };

WASMRT_EXPORT("shapes.v1.Shapes/Area")
int64_t shapes_area(int32_t ptr, int32_t len) {
  double w = 0, h = 0;
  wasmrt_pb_reader r = wasmrt_pb_reader_init((const void*)(uintptr_t)ptr, (uint32_t)len);
  while (wasmrt_pb_next(&r)) {
    switch (r.field) {
      case kRequestW: wasmrt_pb_double(&r, &w); break;
      case kRequestH: wasmrt_pb_double(&r, &h); break;
      default: wasmrt_pb_skip(&r); break;  // unknown fields are allowed
    }
  }
  // A malformed request or a negative side is a guest error: trap, and the
  // caller gets INTERNAL with the trap in the status details.
  if (r.error != WASMRT_PB_OK || w < 0 || h < 0) __builtin_trap();

  void* buf = malloc(16);
  if (buf == NULL) return 0;
  wasmrt_pb_writer out = wasmrt_pb_writer_init(buf, 16);
  wasmrt_pb_write_double(&out, kResponseArea, w * h);
  if (out.error != WASMRT_PB_OK) __builtin_trap();
  return wasmrt_return(buf, out.len);
}
