// shapes: the area of a rectangle, answered by one module in two ways.
//
//   "shapes.v1.Shapes/Area"  a typed method (examples/proto/shapes/v1/
//       shapes.proto): the build embeds the service's descriptor set in the
//       module (wasmctl embed-proto), so once the module is uploaded under a
//       name wasmrtd serves /shapes.v1.Shapes/Area as a gRPC method of its own.
//   "area"  a payload function for InvocationService.Invoke: a
//       wasmrt.examples.Rect in, a wasmrt.examples.Area out
//       (examples/proto/shapes.proto); the Rect's label is echoed.
//
// Both requests have w = 1 and h = 2, both answers area = 1, so one decoder
// and one encoder (the SDK's wire-format reader and writer) serve both; only
// the Invoke messages have a label. Both apply the same rules: a side that
// is not a finite number is an application error (INVALID_ARGUMENT); a
// negative side or bytes that are not a message are a guest error, a trap.
#define WASMRT_GUEST_ALLOCATOR
#include "sdk/wasmrt_guest.h"

// Field numbers from the two .proto files.
enum { kRectW = 1, kRectH = 2, kRectLabel = 3 };  // Rect; AreaRequest has no label
enum { kAreaArea = 1, kAreaLabel = 2 };           // Area; AreaResponse has no label

typedef struct {
  double w, h;
  wasmrt_pb_bytes label;  // empty for AreaRequest
} Rect;

typedef enum { kRectOk, kRectNotFinite, kRectInvalid } RectCheck;

// Decodes a request and checks its sides. With `has_label` false, field 3
// is an unknown field like any other (AreaRequest) and is skipped.
static RectCheck DecodeRect(int32_t ptr, int32_t len, int has_label, Rect* rect) {
  rect->w = 0;
  rect->h = 0;
  rect->label.data = 0;
  rect->label.len = 0;
  wasmrt_pb_reader r = wasmrt_pb_reader_init((const void*)(uintptr_t)ptr, (uint32_t)len);
  while (wasmrt_pb_next(&r)) {
    if (r.field == kRectW) {
      wasmrt_pb_double(&r, &rect->w);
    } else if (r.field == kRectH) {
      wasmrt_pb_double(&r, &rect->h);
    } else if (r.field == kRectLabel && has_label) {
      wasmrt_pb_bytes_field(&r, &rect->label);
    } else {
      wasmrt_pb_skip(&r);  // unknown fields are allowed
    }
  }
  if (r.error != WASMRT_PB_OK) return kRectInvalid;
  // Checked first: NaN passes `< 0`, and -Infinity is not a side either.
  if (!__builtin_isfinite(rect->w) || !__builtin_isfinite(rect->h)) return kRectNotFinite;
  if (rect->w < 0 || rect->h < 0) return kRectInvalid;
  return kRectOk;
}

// The answer {area = w * h, label} in a buffer from the exported malloc.
static int64_t AnswerArea(const Rect* rect) {
  uint32_t cap = 16 + rect->label.len;  // 9 bytes of double field + 1-6 of label header
  void* buf = malloc(cap);
  if (buf == NULL) return wasmrt_fail(WASMRT_RESOURCE_EXHAUSTED, "out of memory");
  wasmrt_pb_writer out = wasmrt_pb_writer_init(buf, cap);
  wasmrt_pb_write_double(&out, kAreaArea, rect->w * rect->h);
  if (rect->label.len > 0) {
    wasmrt_pb_write_bytes(&out, kAreaLabel, rect->label.data, rect->label.len);
  }
  if (out.error != WASMRT_PB_OK) return wasmrt_fail(WASMRT_INTERNAL, "answer too large");
  return wasmrt_return(buf, out.len);
}

static const char kNotFinite[] = "w and h must be finite numbers";

// The traps are in the exported functions themselves, so that a trap names
// the export's function ($shapes_area, $area) whatever the compiler inlines.
WASMRT_EXPORT("shapes.v1.Shapes/Area")
int64_t shapes_area(int32_t ptr, int32_t len) {
  Rect rect;
  RectCheck check = DecodeRect(ptr, len, /*has_label=*/0, &rect);
  if (check == kRectInvalid) __builtin_trap();
  if (check == kRectNotFinite) return wasmrt_fail(WASMRT_INVALID_ARGUMENT, kNotFinite);
  return AnswerArea(&rect);
}

WASMRT_EXPORT("area")
int64_t area(int32_t ptr, int32_t len) {
  Rect rect;
  RectCheck check = DecodeRect(ptr, len, /*has_label=*/1, &rect);
  if (check == kRectInvalid) __builtin_trap();
  if (check == kRectNotFinite) return wasmrt_fail(WASMRT_INVALID_ARGUMENT, kNotFinite);
  return AnswerArea(&rect);
}
