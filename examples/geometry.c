// geometry: the typed service geometry.v1.Geometry (examples/proto/geometry/
// v1/geometry.proto) written with nanopb: the request and response are the
// structs protoc-gen-nanopb generates, encoded and decoded by nanopb's
// runtime compiled for freestanding wasm32 (sdk/wasm_guest.bzl
// nanopb_wasm_guest). Errors are answered as gRPC statuses through the
// SDK's wasmrt_fail (the host import wasmrt.set_status).
#define WASMRT_GUEST_ALLOCATOR
#include "sdk/wasmrt_guest.h"

#include <pb_decode.h>
#include <pb_encode.h>

#include "geometry/v1/geometry.pb.h"

static const double kPi = 3.14159265358979323846;

// "<prefix><detail>" in a static buffer (the instance is reset after each
// call, and the host copies the message during set_status).
static const char* Join(const char* prefix, const char* detail) {
  static char buf[160];
  uint32_t n = 0;
  for (const char* p = prefix; *p != 0 && n < sizeof(buf) - 1; ++p) buf[n++] = *p;
  for (const char* p = detail; *p != 0 && n < sizeof(buf) - 1; ++p) buf[n++] = *p;
  buf[n] = 0;
  return buf;
}

// Decodes the request; false (with INVALID_ARGUMENT set) when the bytes are
// not a valid message of that type.
static bool Decode(int32_t ptr, int32_t len, const pb_msgdesc_t* fields, void* msg) {
  pb_istream_t in = pb_istream_from_buffer((const pb_byte_t*)(uintptr_t)ptr, (size_t)len);
  if (pb_decode(&in, fields, msg)) return true;
  wasmrt_fail(WASMRT_INVALID_ARGUMENT, Join("bad request: ", PB_GET_ERROR(&in)));
  return false;
}

// Encodes the response into a buffer from the exported malloc, as the
// payload ABI returns it.
static int64_t Answer(const pb_msgdesc_t* fields, const void* msg) {
  size_t size = 0;
  if (!pb_get_encoded_size(&size, fields, msg)) {
    return wasmrt_fail(WASMRT_INTERNAL, "cannot size the response");
  }
  if (size == 0) return 0;  // all fields at their defaults
  pb_byte_t* buf = (pb_byte_t*)malloc(size);
  if (buf == NULL) return wasmrt_fail(WASMRT_RESOURCE_EXHAUSTED, "out of memory");
  pb_ostream_t out = pb_ostream_from_buffer(buf, size);
  if (!pb_encode(&out, fields, msg)) {
    return wasmrt_fail(WASMRT_INTERNAL, Join("cannot encode the response: ", PB_GET_ERROR(&out)));
  }
  return wasmrt_return(buf, (uint32_t)out.bytes_written);
}

// Checks a shape; false (with INVALID_ARGUMENT set) when it has no kind or
// a negative size.
static bool ValidShape(const geometry_v1_Shape* s) {
  switch (s->which_kind) {
    case geometry_v1_Shape_rect_tag:
      if (!(s->kind.rect.w >= 0 && s->kind.rect.h >= 0)) {
        wasmrt_fail(WASMRT_INVALID_ARGUMENT, "rect: w and h must not be negative");
        return false;
      }
      return true;
    case geometry_v1_Shape_circle_tag:
      if (!(s->kind.circle.r >= 0)) {
        wasmrt_fail(WASMRT_INVALID_ARGUMENT, "circle: r must not be negative");
        return false;
      }
      return true;
    default:
      wasmrt_fail(WASMRT_INVALID_ARGUMENT, "the shape has no kind: set rect or circle");
      return false;
  }
}

WASMRT_EXPORT("geometry.v1.Geometry/Area")
int64_t geometry_area(int32_t ptr, int32_t len) {
  geometry_v1_Shape shape = geometry_v1_Shape_init_zero;
  if (!Decode(ptr, len, geometry_v1_Shape_fields, &shape) || !ValidShape(&shape)) return 0;
  geometry_v1_Measure m = geometry_v1_Measure_init_zero;
  if (shape.which_kind == geometry_v1_Shape_rect_tag) {
    m.value = shape.kind.rect.w * shape.kind.rect.h;
  } else {
    m.value = kPi * shape.kind.circle.r * shape.kind.circle.r;
  }
  return Answer(geometry_v1_Measure_fields, &m);
}

WASMRT_EXPORT("geometry.v1.Geometry/Perimeter")
int64_t geometry_perimeter(int32_t ptr, int32_t len) {
  geometry_v1_Shape shape = geometry_v1_Shape_init_zero;
  if (!Decode(ptr, len, geometry_v1_Shape_fields, &shape) || !ValidShape(&shape)) return 0;
  geometry_v1_Measure m = geometry_v1_Measure_init_zero;
  if (shape.which_kind == geometry_v1_Shape_rect_tag) {
    m.value = 2 * (shape.kind.rect.w + shape.kind.rect.h);
  } else {
    m.value = 2 * kPi * shape.kind.circle.r;
  }
  return Answer(geometry_v1_Measure_fields, &m);
}

static bool Equal(const char* a, const char* b) {
  while (*a != 0 && *a == *b) ++a, ++b;
  return *a == *b;
}

WASMRT_EXPORT("geometry.v1.Geometry/Corners")
int64_t geometry_corners(int32_t ptr, int32_t len) {
  static const struct {
    const char* name;
    uint32_t corners;
  } kShapes[] = {{"circle", 0},   {"triangle", 3}, {"square", 4},
                 {"rectangle", 4}, {"pentagon", 5}, {"hexagon", 6}};
  geometry_v1_CornersRequest req = geometry_v1_CornersRequest_init_zero;
  if (!Decode(ptr, len, geometry_v1_CornersRequest_fields, &req)) return 0;
  for (uint32_t i = 0; i < sizeof(kShapes) / sizeof(kShapes[0]); ++i) {
    if (Equal(req.name, kShapes[i].name)) {
      geometry_v1_CornersResponse resp = geometry_v1_CornersResponse_init_zero;
      resp.corners = kShapes[i].corners;
      return Answer(geometry_v1_CornersResponse_fields, &resp);
    }
  }
  return wasmrt_fail(WASMRT_NOT_FOUND, Join("no such shape: ", req.name));
}
