/* wasmrt guest SDK: the payload ABI and a small protobuf wire-format codec.
 *
 * C99, header-only, no libc needed: it works for `clang --target=wasm32
 * -ffreestanding -nostdlib` guests as well as for wasm32-wasi ones.
 *
 * ---------------------------------------------------------------------------
 * The payload ABI (what wasmrtd does for an InvokeRequest with a payload)
 * ---------------------------------------------------------------------------
 *   1. The guest exports `malloc(i32 size) -> i32` and `free(i32 ptr)`, and
 *      memory 0.
 *   2. The host calls `malloc(len)`, copies the payload bytes (the `value` of
 *      the request's google.protobuf.Any) to that address. A 0 from malloc
 *      or a trap ends the call with a BAD_OUTPUT trap.
 *   3. The host calls the exported function `f(ptr i32, len i32) -> i64`.
 *      The function returns its output buffer as
 *          (uint64)out_ptr << 32 | out_len
 *      The output must lie inside memory 0 (else the call ends with a
 *      BAD_OUTPUT trap) and is at most the server's output cap.
 *   4. The host copies the output out, then calls `free(out_ptr)` and
 *      `free(ptr)`. The output must therefore come from the guest's malloc
 *      (or free must tolerate the address: the allocator below ignores
 *      addresses it did not hand out). An empty output may be returned as 0.
 *   5. Instead of an output, the function may answer an application error
 *      (a gRPC status code and message) with wasmrt_fail/wasmrt_set_status
 *      below (the host import wasmrt.set_status).
 *   The response's `output` Any carries the request's type_url and the
 *   output bytes. After the call the instance is reset to its post-
 *   instantiation state, so a guest may leak freely within one call.
 *
 * Usage, in exactly one .c file of the guest:
 *
 *     #define WASMRT_GUEST_ALLOCATOR   // defines + exports malloc/free
 *     #include "sdk/wasmrt_guest.h"
 *
 *     WASMRT_EXPORT("greet")
 *     int64_t greet(int32_t ptr, int32_t len) { ... return wasmrt_return(out, n); }
 *
 * With wasi-libc, leave WASMRT_GUEST_ALLOCATOR undefined and define
 * WASMRT_GUEST_EXPORT_LIBC_ALLOCATOR instead: libc's malloc/free are then
 * exported under the names the host looks for.
 *
 * The protobuf codec (wasmrt_pb_*) reads from and writes to caller-provided
 * buffers only, checks every bound, and keeps the first error sticky so a
 * decoding loop needs a single check at the end.
 */
#ifndef WASMRT_SDK_WASMRT_GUEST_H_
#define WASMRT_SDK_WASMRT_GUEST_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exports a function under `name` (no linker flag needed). */
#define WASMRT_EXPORT(name) __attribute__((export_name(name), visibility("default")))

/* Packs an output buffer as the ABI's i64 result. */
static inline int64_t wasmrt_return(const void* out, uint32_t len) {
  return (int64_t)(((uint64_t)(uintptr_t)out << 32) | (uint64_t)len);
}

/* Byte helpers that do not depend on libc. */
static inline void wasmrt_copy(void* dst, const void* src, size_t n) {
  uint8_t* d = (uint8_t*)dst;
  const uint8_t* s = (const uint8_t*)src;
  if (d < s) {
    for (size_t i = 0; i < n; ++i) d[i] = s[i];
  } else {
    for (size_t i = n; i > 0; --i) d[i - 1] = s[i - 1];
  }
}

static inline size_t wasmrt_strlen(const char* s) {
  size_t n = 0;
  while (s[n] != 0) ++n;
  return n;
}

/* ------------------------------------------------------------------------ */
/* Allocator                                                                */
/* ------------------------------------------------------------------------ */

#if defined(__wasm__) && !defined(__wasi__)
void* malloc(size_t size);
void free(void* ptr);
#else
#include <stdlib.h>
#endif

/* Allocates `len` bytes with the exported malloc, copies `data` there and
 * returns it as the ABI result; 0 (an empty output) when allocation fails. */
static inline int64_t wasmrt_return_bytes(const void* data, uint32_t len) {
  if (len == 0) return 0;
  void* out = malloc(len);
  if (out == NULL) return 0;
  wasmrt_copy(out, data, len);
  return wasmrt_return(out, len);
}

#if defined(WASMRT_GUEST_ALLOCATOR)
/* A first-fit free-list allocator over memory.grow. Blocks carry an 8-byte
 * header (size of the block including the header, and a magic word); free
 * blocks sit in an address-ordered list and merge with free neighbours.
 * Addresses it did not hand out are ignored by free(). */
typedef struct wasmrt_block {
  uint32_t size;  /* bytes including this header; a multiple of 8 */
  uint32_t magic; /* kWasmrtUsed or kWasmrtFree */
  struct wasmrt_block* next; /* free blocks only (overlaps the payload) */
} wasmrt_block;

#define WASMRT_BLOCK_USED 0x55534544u
#define WASMRT_BLOCK_FREE 0x46524545u
#define WASMRT_HEADER 8u

extern unsigned char __heap_base;
static wasmrt_block* wasmrt_free_list;
static uintptr_t wasmrt_heap_top;

static wasmrt_block* wasmrt_grow_heap(uint32_t need) {
  if (wasmrt_heap_top == 0) wasmrt_heap_top = ((uintptr_t)&__heap_base + 7u) & ~(uintptr_t)7u;
  uintptr_t end = (uintptr_t)__builtin_wasm_memory_size(0) * 65536u;
  if (end - wasmrt_heap_top < need) {
    uintptr_t missing = need - (end - wasmrt_heap_top);
    uintptr_t pages = (missing + 65535u) / 65536u;
    if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) return NULL;
  }
  wasmrt_block* b = (wasmrt_block*)wasmrt_heap_top;
  wasmrt_heap_top += need;
  b->size = need;
  b->magic = WASMRT_BLOCK_USED;
  return b;
}

WASMRT_EXPORT("malloc") void* malloc(size_t size) {
  if (size == 0) size = 1;
  if (size > 0x7fff0000u) return NULL;
  uint32_t need = (uint32_t)((size + WASMRT_HEADER + 7u) & ~7u);
  if (need < sizeof(wasmrt_block)) need = (uint32_t)((sizeof(wasmrt_block) + 7u) & ~7u);
  wasmrt_block** link = &wasmrt_free_list;
  for (wasmrt_block* b = *link; b != NULL; link = &b->next, b = b->next) {
    if (b->size < need) continue;
    if (b->size - need >= 32u) { /* split: keep the tail free */
      wasmrt_block* rest = (wasmrt_block*)((uint8_t*)b + need);
      rest->size = b->size - need;
      rest->magic = WASMRT_BLOCK_FREE;
      rest->next = b->next;
      *link = rest;
      b->size = need;
    } else {
      *link = b->next;
    }
    b->magic = WASMRT_BLOCK_USED;
    return (uint8_t*)b + WASMRT_HEADER;
  }
  wasmrt_block* b = wasmrt_grow_heap(need);
  return b == NULL ? NULL : (uint8_t*)b + WASMRT_HEADER;
}

WASMRT_EXPORT("free") void free(void* ptr) {
  uintptr_t p = (uintptr_t)ptr;
  if (p == 0 || (p & 7u) != 0 || p < (uintptr_t)&__heap_base + WASMRT_HEADER ||
      p >= wasmrt_heap_top) {
    return;
  }
  wasmrt_block* b = (wasmrt_block*)(p - WASMRT_HEADER);
  if (b->magic != WASMRT_BLOCK_USED) return; /* double free or foreign pointer */
  b->magic = WASMRT_BLOCK_FREE;
  wasmrt_block* prev = NULL;
  wasmrt_block* cur = wasmrt_free_list;
  while (cur != NULL && cur < b) {
    prev = cur;
    cur = cur->next;
  }
  b->next = cur;
  if (prev == NULL) {
    wasmrt_free_list = b;
  } else {
    prev->next = b;
  }
  if (cur != NULL && (uint8_t*)b + b->size == (uint8_t*)cur) { /* merge with the next */
    b->size += cur->size;
    b->next = cur->next;
  }
  if (prev != NULL && (uint8_t*)prev + prev->size == (uint8_t*)b) { /* and the previous */
    prev->size += b->size;
    prev->next = b->next;
  }
}
#elif defined(WASMRT_GUEST_EXPORT_LIBC_ALLOCATOR)
WASMRT_EXPORT("malloc") void* wasmrt_exported_malloc(size_t size) { return malloc(size); }
WASMRT_EXPORT("free") void wasmrt_exported_free(void* ptr) { free(ptr); }
#endif

/* ------------------------------------------------------------------------ */
/* Application errors                                                       */
/* ------------------------------------------------------------------------ */

/* The gRPC status codes (google.rpc.Code) a guest may answer; 0 OK is not
 * one of them: a function that succeeds just returns its output. */
enum {
  WASMRT_CANCELLED = 1,
  WASMRT_UNKNOWN = 2,
  WASMRT_INVALID_ARGUMENT = 3,
  WASMRT_DEADLINE_EXCEEDED = 4,
  WASMRT_NOT_FOUND = 5,
  WASMRT_ALREADY_EXISTS = 6,
  WASMRT_PERMISSION_DENIED = 7,
  WASMRT_RESOURCE_EXHAUSTED = 8,
  WASMRT_FAILED_PRECONDITION = 9,
  WASMRT_ABORTED = 10,
  WASMRT_OUT_OF_RANGE = 11,
  WASMRT_UNIMPLEMENTED = 12,
  WASMRT_INTERNAL = 13,
  WASMRT_UNAVAILABLE = 14,
  WASMRT_DATA_LOSS = 15,
  WASMRT_UNAUTHENTICATED = 16,
};

#if defined(__wasm__)
/* The host import wasmrt.set_status(code i32, msg_ptr i32, msg_len i32)
 * (README "Guest ABI"). During a call it makes the call answer the error
 * `code` with the UTF-8 message instead of the output the function then
 * returns (which the host still frees, then ignores); a later call replaces
 * an earlier one, a trap after it wins. A typed method answers it as its
 * gRPC status; Invoke as the response's application_error. The host traps
 * on bad arguments (never an answer): a code outside 1..16 or a message
 * that is not valid UTF-8 or above 1024 bytes (HOST_ERROR), a message
 * outside memory (MEMORY_OUT_OF_BOUNDS). A module that imports it runs only
 * under wasmrtd (or a host providing the same import). */
__attribute__((import_module("wasmrt"), import_name("set_status"))) void wasmrt_set_status(
    int32_t code, const char* message, uint32_t message_len);

/* Answers `code` with the NUL-terminated `message`; returns the empty output
 * for `return wasmrt_fail(WASMRT_NOT_FOUND, "no such shape");`. */
static inline int64_t wasmrt_fail(int32_t code, const char* message) {
  wasmrt_set_status(code, message, (uint32_t)wasmrt_strlen(message));
  return 0;
}
#endif

/* ------------------------------------------------------------------------ */
/* Protobuf wire format                                                     */
/* https://protobuf.dev/programming-guides/encoding/                        */
/* ------------------------------------------------------------------------ */

enum {
  WASMRT_PB_VARINT = 0,
  WASMRT_PB_I64 = 1,
  WASMRT_PB_LEN = 2,
  WASMRT_PB_SGROUP = 3, /* groups are deprecated: skipping them is an error */
  WASMRT_PB_EGROUP = 4,
  WASMRT_PB_I32 = 5,
};

enum {
  WASMRT_PB_OK = 0,
  WASMRT_PB_TRUNCATED = 1,   /* a value runs past the end of the input */
  WASMRT_PB_BAD_VARINT = 2,  /* more than 10 bytes, or overflowing 64 bits */
  WASMRT_PB_BAD_TAG = 3,     /* field number 0 or an unknown wire type */
  WASMRT_PB_BAD_TYPE = 4,    /* the field's wire type is not the one asked for */
  WASMRT_PB_NO_SPACE = 5,    /* the output buffer is full */
};

/* A bytes/string field: a view into the input, not a copy. */
typedef struct {
  const uint8_t* data;
  uint32_t len;
} wasmrt_pb_bytes;

/* ---- reader ---- */

typedef struct {
  const uint8_t* pos;
  const uint8_t* end;
  int error;          /* first error, sticky */
  uint32_t field;     /* from the last wasmrt_pb_next */
  uint32_t wire_type; /* from the last wasmrt_pb_next */
} wasmrt_pb_reader;

static inline wasmrt_pb_reader wasmrt_pb_reader_init(const void* data, uint32_t len) {
  wasmrt_pb_reader r;
  r.pos = (const uint8_t*)data;
  r.end = r.pos + len;
  r.error = WASMRT_PB_OK;
  r.field = 0;
  r.wire_type = 0;
  return r;
}

static inline int wasmrt_pb_fail(wasmrt_pb_reader* r, int error) {
  if (r->error == WASMRT_PB_OK) r->error = error;
  r->pos = r->end;
  return 0;
}

/* Reads a varint; 0 on error (and the error is recorded). */
static inline int wasmrt_pb_read_varint(wasmrt_pb_reader* r, uint64_t* out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (r->pos >= r->end) return wasmrt_pb_fail(r, WASMRT_PB_TRUNCATED);
    uint8_t b = *r->pos++;
    if (shift == 63 && b > 1) return wasmrt_pb_fail(r, WASMRT_PB_BAD_VARINT);
    v |= (uint64_t)(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      *out = v;
      return 1;
    }
  }
  return wasmrt_pb_fail(r, WASMRT_PB_BAD_VARINT);
}

/* Advances to the next field: 1 with r->field and r->wire_type set, 0 at the
 * end of the input or on error (check r->error). */
static inline int wasmrt_pb_next(wasmrt_pb_reader* r) {
  if (r->error != WASMRT_PB_OK || r->pos >= r->end) return 0;
  uint64_t key;
  if (!wasmrt_pb_read_varint(r, &key)) return 0;
  uint32_t wt = (uint32_t)(key & 7u);
  uint64_t field = key >> 3;
  if (field == 0 || field > 0x1fffffffu || wt == 6 || wt == 7) {
    return wasmrt_pb_fail(r, WASMRT_PB_BAD_TAG);
  }
  r->field = (uint32_t)field;
  r->wire_type = wt;
  return 1;
}

static inline int wasmrt_pb_expect(wasmrt_pb_reader* r, uint32_t wire_type) {
  if (r->wire_type != wire_type) return wasmrt_pb_fail(r, WASMRT_PB_BAD_TYPE);
  return 1;
}

/* Value readers for the field just returned by wasmrt_pb_next. Each checks
 * the wire type and returns 0 (recording the error) on a mismatch. */
static inline int wasmrt_pb_uint64(wasmrt_pb_reader* r, uint64_t* out) {
  return wasmrt_pb_expect(r, WASMRT_PB_VARINT) && wasmrt_pb_read_varint(r, out);
}

static inline int wasmrt_pb_int64(wasmrt_pb_reader* r, int64_t* out) {
  uint64_t v;
  if (!wasmrt_pb_uint64(r, &v)) return 0;
  *out = (int64_t)v;
  return 1;
}

/* int32 and enum: negative values travel as 10-byte varints. */
static inline int wasmrt_pb_int32(wasmrt_pb_reader* r, int32_t* out) {
  uint64_t v;
  if (!wasmrt_pb_uint64(r, &v)) return 0;
  *out = (int32_t)(uint32_t)v;
  return 1;
}

static inline int wasmrt_pb_uint32(wasmrt_pb_reader* r, uint32_t* out) {
  uint64_t v;
  if (!wasmrt_pb_uint64(r, &v)) return 0;
  *out = (uint32_t)v;
  return 1;
}

static inline int wasmrt_pb_bool(wasmrt_pb_reader* r, int* out) {
  uint64_t v;
  if (!wasmrt_pb_uint64(r, &v)) return 0;
  *out = v != 0;
  return 1;
}

static inline int64_t wasmrt_pb_unzigzag(uint64_t v) {
  return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* sint64 / sint32 (zigzag). */
static inline int wasmrt_pb_sint64(wasmrt_pb_reader* r, int64_t* out) {
  uint64_t v;
  if (!wasmrt_pb_uint64(r, &v)) return 0;
  *out = wasmrt_pb_unzigzag(v);
  return 1;
}

static inline int wasmrt_pb_sint32(wasmrt_pb_reader* r, int32_t* out) {
  int64_t v;
  if (!wasmrt_pb_sint64(r, &v)) return 0;
  *out = (int32_t)v;
  return 1;
}

/* fixed32 / sfixed32 / float bits, little-endian. */
static inline int wasmrt_pb_fixed32(wasmrt_pb_reader* r, uint32_t* out) {
  if (!wasmrt_pb_expect(r, WASMRT_PB_I32)) return 0;
  if (r->end - r->pos < 4) return wasmrt_pb_fail(r, WASMRT_PB_TRUNCATED);
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | r->pos[i];
  r->pos += 4;
  *out = v;
  return 1;
}

/* fixed64 / sfixed64 / double bits, little-endian. */
static inline int wasmrt_pb_fixed64(wasmrt_pb_reader* r, uint64_t* out) {
  if (!wasmrt_pb_expect(r, WASMRT_PB_I64)) return 0;
  if (r->end - r->pos < 8) return wasmrt_pb_fail(r, WASMRT_PB_TRUNCATED);
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | r->pos[i];
  r->pos += 8;
  *out = v;
  return 1;
}

static inline int wasmrt_pb_float(wasmrt_pb_reader* r, float* out) {
  uint32_t bits;
  if (!wasmrt_pb_fixed32(r, &bits)) return 0;
  *out = __builtin_bit_cast(float, bits);
  return 1;
}

static inline int wasmrt_pb_double(wasmrt_pb_reader* r, double* out) {
  uint64_t bits;
  if (!wasmrt_pb_fixed64(r, &bits)) return 0;
  *out = __builtin_bit_cast(double, bits);
  return 1;
}

/* bytes / string / embedded message / packed repeated field: a view. */
static inline int wasmrt_pb_bytes_field(wasmrt_pb_reader* r, wasmrt_pb_bytes* out) {
  uint64_t len;
  if (!wasmrt_pb_expect(r, WASMRT_PB_LEN) || !wasmrt_pb_read_varint(r, &len)) return 0;
  if ((uint64_t)(r->end - r->pos) < len) return wasmrt_pb_fail(r, WASMRT_PB_TRUNCATED);
  out->data = r->pos;
  out->len = (uint32_t)len;
  r->pos += len;
  return 1;
}

/* An embedded message: a reader over its bytes. */
static inline int wasmrt_pb_message(wasmrt_pb_reader* r, wasmrt_pb_reader* sub) {
  wasmrt_pb_bytes b;
  if (!wasmrt_pb_bytes_field(r, &b)) return 0;
  *sub = wasmrt_pb_reader_init(b.data, b.len);
  return 1;
}

/* Skips the value of the current field (unknown fields must be skipped). */
static inline int wasmrt_pb_skip(wasmrt_pb_reader* r) {
  uint64_t v;
  wasmrt_pb_bytes b;
  switch (r->wire_type) {
    case WASMRT_PB_VARINT: return wasmrt_pb_read_varint(r, &v);
    case WASMRT_PB_I64: return wasmrt_pb_fixed64(r, &v);
    case WASMRT_PB_LEN: return wasmrt_pb_bytes_field(r, &b);
    case WASMRT_PB_I32: {
      uint32_t w;
      return wasmrt_pb_fixed32(r, &w);
    }
    default: return wasmrt_pb_fail(r, WASMRT_PB_BAD_TAG);
  }
}

/* ---- writer ---- */

typedef struct {
  uint8_t* buf;
  uint32_t cap;
  uint32_t len;
  int error; /* WASMRT_PB_NO_SPACE once anything did not fit; sticky */
} wasmrt_pb_writer;

static inline wasmrt_pb_writer wasmrt_pb_writer_init(void* buf, uint32_t cap) {
  wasmrt_pb_writer w;
  w.buf = (uint8_t*)buf;
  w.cap = cap;
  w.len = 0;
  w.error = WASMRT_PB_OK;
  return w;
}

static inline uint32_t wasmrt_pb_varint_size(uint64_t v) {
  uint32_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

static inline int wasmrt_pb_put_varint(wasmrt_pb_writer* w, uint64_t v) {
  if (w->error != WASMRT_PB_OK) return 0;
  if (w->cap - w->len < wasmrt_pb_varint_size(v)) {
    w->error = WASMRT_PB_NO_SPACE;
    return 0;
  }
  while (v >= 0x80) {
    w->buf[w->len++] = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  w->buf[w->len++] = (uint8_t)v;
  return 1;
}

static inline int wasmrt_pb_put_raw(wasmrt_pb_writer* w, const void* data, uint32_t n) {
  if (w->error != WASMRT_PB_OK) return 0;
  if (w->cap - w->len < n) {
    w->error = WASMRT_PB_NO_SPACE;
    return 0;
  }
  wasmrt_copy(w->buf + w->len, data, n);
  w->len += n;
  return 1;
}

static inline int wasmrt_pb_put_tag(wasmrt_pb_writer* w, uint32_t field, uint32_t wire_type) {
  return wasmrt_pb_put_varint(w, ((uint64_t)field << 3) | wire_type);
}

/* Field writers: tag + value. */
static inline int wasmrt_pb_write_uint64(wasmrt_pb_writer* w, uint32_t field, uint64_t v) {
  return wasmrt_pb_put_tag(w, field, WASMRT_PB_VARINT) && wasmrt_pb_put_varint(w, v);
}

/* int32/int64/enum: negative numbers sign-extend to 10 bytes, as the spec says. */
static inline int wasmrt_pb_write_int64(wasmrt_pb_writer* w, uint32_t field, int64_t v) {
  return wasmrt_pb_write_uint64(w, field, (uint64_t)v);
}

static inline int wasmrt_pb_write_bool(wasmrt_pb_writer* w, uint32_t field, int v) {
  return wasmrt_pb_write_uint64(w, field, v ? 1 : 0);
}

static inline uint64_t wasmrt_pb_zigzag(int64_t v) {
  return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

/* sint32/sint64. */
static inline int wasmrt_pb_write_sint64(wasmrt_pb_writer* w, uint32_t field, int64_t v) {
  return wasmrt_pb_write_uint64(w, field, wasmrt_pb_zigzag(v));
}

static inline int wasmrt_pb_write_fixed32(wasmrt_pb_writer* w, uint32_t field, uint32_t v) {
  uint8_t b[4];
  for (int i = 0; i < 4; ++i) b[i] = (uint8_t)(v >> (8 * i));
  return wasmrt_pb_put_tag(w, field, WASMRT_PB_I32) && wasmrt_pb_put_raw(w, b, 4);
}

static inline int wasmrt_pb_write_fixed64(wasmrt_pb_writer* w, uint32_t field, uint64_t v) {
  uint8_t b[8];
  for (int i = 0; i < 8; ++i) b[i] = (uint8_t)(v >> (8 * i));
  return wasmrt_pb_put_tag(w, field, WASMRT_PB_I64) && wasmrt_pb_put_raw(w, b, 8);
}

static inline int wasmrt_pb_write_float(wasmrt_pb_writer* w, uint32_t field, float v) {
  return wasmrt_pb_write_fixed32(w, field, __builtin_bit_cast(uint32_t, v));
}

static inline int wasmrt_pb_write_double(wasmrt_pb_writer* w, uint32_t field, double v) {
  return wasmrt_pb_write_fixed64(w, field, __builtin_bit_cast(uint64_t, v));
}

/* bytes / string. */
static inline int wasmrt_pb_write_bytes(wasmrt_pb_writer* w, uint32_t field, const void* data,
                                        uint32_t len) {
  return wasmrt_pb_put_tag(w, field, WASMRT_PB_LEN) && wasmrt_pb_put_varint(w, len) &&
         wasmrt_pb_put_raw(w, data, len);
}

static inline int wasmrt_pb_write_string(wasmrt_pb_writer* w, uint32_t field, const char* s) {
  return wasmrt_pb_write_bytes(w, field, s, (uint32_t)wasmrt_strlen(s));
}

/* Embedded messages: write the fields between begin and end. begin returns
 * a mark for end, which moves the body to make room for its minimal length
 * prefix (so no scratch buffer is needed). */
static inline uint32_t wasmrt_pb_begin_message(wasmrt_pb_writer* w, uint32_t field) {
  wasmrt_pb_put_tag(w, field, WASMRT_PB_LEN);
  return w->len;
}

static inline int wasmrt_pb_end_message(wasmrt_pb_writer* w, uint32_t mark) {
  if (w->error != WASMRT_PB_OK) return 0;
  uint32_t body = w->len - mark;
  uint32_t prefix = wasmrt_pb_varint_size(body);
  if (w->cap - w->len < prefix) {
    w->error = WASMRT_PB_NO_SPACE;
    return 0;
  }
  wasmrt_copy(w->buf + mark + prefix, w->buf + mark, body);
  w->len = mark;
  wasmrt_pb_put_varint(w, body);
  w->len = mark + prefix + body;
  return 1;
}

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* WASMRT_SDK_WASMRT_GUEST_H_ */
