//! geometry (Rust): the typed service geometry.v1.Geometry
//! (examples/proto/geometry/v1/geometry.proto) with prost. The message types
//! are generated from the .proto at build time (build.rs, prost-build);
//! each method is exported under its gRPC name with the payload ABI
//! (README "Guest ABI"): the request arrives in a buffer from the exported
//! `malloc`, the response leaves as `(ptr << 32) | len` in another one.
//! Errors are answered as gRPC statuses through the host import
//! wasmrt.set_status, with the same codes and messages as the nanopb C
//! guest (examples/geometry.c).

use std::alloc::{alloc, dealloc, Layout};

use prost::Message;

pub mod pb {
    include!(concat!(env!("OUT_DIR"), "/geometry.v1.rs"));
}

use pb::shape::Kind;

const INVALID_ARGUMENT: i32 = 3;
const NOT_FOUND: i32 = 5;
const RESOURCE_EXHAUSTED: i32 = 8;

// The name limit of the C guest's fixed-size field (geometry.options).
const MAX_NAME_BYTES: usize = 63;

#[link(wasm_import_module = "wasmrt")]
extern "C" {
    // code 1..16, a UTF-8 message inside memory, at most 1024 bytes.
    fn set_status(code: i32, message: *const u8, message_len: usize);
}

/// Answers `code` with `message` instead of an output.
fn fail(code: i32, message: &str) -> i64 {
    unsafe { set_status(code, message.as_ptr(), message.len()) };
    0
}

// ---- the payload ABI's allocator -----------------------------------------
// Rust's allocator wants the size back on dealloc: it sits in an 8-byte
// header before each block.

const HEADER: usize = 8;

#[no_mangle]
pub extern "C" fn malloc(size: usize) -> *mut u8 {
    let layout = match size
        .checked_add(HEADER)
        .and_then(|total| Layout::from_size_align(total, HEADER).ok())
    {
        Some(layout) => layout,
        None => return std::ptr::null_mut(),
    };
    unsafe {
        let base = alloc(layout);
        if base.is_null() {
            return base;
        }
        (base as *mut usize).write(layout.size());
        base.add(HEADER)
    }
}

#[no_mangle]
pub extern "C" fn free(ptr: *mut u8) {
    if ptr.is_null() {
        return;
    }
    unsafe {
        let base = ptr.sub(HEADER);
        let total = (base as *const usize).read();
        dealloc(base, Layout::from_size_align_unchecked(total, HEADER));
    }
}

// ---- requests and responses ------------------------------------------------

fn decode<M: Message + Default>(ptr: i32, len: i32) -> Result<M, i64> {
    let input = unsafe { std::slice::from_raw_parts(ptr as usize as *const u8, len as usize) };
    M::decode(input).map_err(|e| fail(INVALID_ARGUMENT, &format!("bad request: {}", e)))
}

fn answer<M: Message>(msg: &M) -> i64 {
    let bytes = msg.encode_to_vec();
    if bytes.is_empty() {
        return 0; // all fields at their defaults
    }
    let out = malloc(bytes.len());
    if out.is_null() {
        return fail(RESOURCE_EXHAUSTED, "out of memory");
    }
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), out, bytes.len()) };
    (((out as usize as u64) << 32) | bytes.len() as u64) as i64
}

fn valid_shape(shape: &pb::Shape) -> Result<&Kind, i64> {
    match &shape.kind {
        Some(Kind::Rect(r)) if !(r.w >= 0.0 && r.h >= 0.0) => {
            Err(fail(INVALID_ARGUMENT, "rect: w and h must not be negative"))
        }
        Some(Kind::Circle(c)) if !(c.r >= 0.0) => {
            Err(fail(INVALID_ARGUMENT, "circle: r must not be negative"))
        }
        Some(kind) => Ok(kind),
        None => Err(fail(INVALID_ARGUMENT, "the shape has no kind: set rect or circle")),
    }
}

fn measure(ptr: i32, len: i32, f: fn(&Kind) -> f64) -> i64 {
    let shape: pb::Shape = match decode(ptr, len) {
        Ok(s) => s,
        Err(e) => return e,
    };
    match valid_shape(&shape) {
        Ok(kind) => answer(&pb::Measure { value: f(kind) }),
        Err(e) => e,
    }
}

#[export_name = "geometry.v1.Geometry/Area"]
pub extern "C" fn area(ptr: i32, len: i32) -> i64 {
    measure(ptr, len, |kind| match kind {
        Kind::Rect(r) => r.w * r.h,
        Kind::Circle(c) => std::f64::consts::PI * c.r * c.r,
    })
}

#[export_name = "geometry.v1.Geometry/Perimeter"]
pub extern "C" fn perimeter(ptr: i32, len: i32) -> i64 {
    measure(ptr, len, |kind| match kind {
        Kind::Rect(r) => 2.0 * (r.w + r.h),
        Kind::Circle(c) => 2.0 * std::f64::consts::PI * c.r,
    })
}

#[export_name = "geometry.v1.Geometry/Corners"]
pub extern "C" fn corners(ptr: i32, len: i32) -> i64 {
    const SHAPES: [(&str, u32); 6] = [
        ("circle", 0),
        ("triangle", 3),
        ("square", 4),
        ("rectangle", 4),
        ("pentagon", 5),
        ("hexagon", 6),
    ];
    let req: pb::CornersRequest = match decode(ptr, len) {
        Ok(r) => r,
        Err(e) => return e,
    };
    if req.name.len() > MAX_NAME_BYTES {
        return fail(
            INVALID_ARGUMENT,
            &format!("bad request: name longer than {} bytes", MAX_NAME_BYTES),
        );
    }
    match SHAPES.iter().find(|(name, _)| *name == req.name) {
        Some((_, n)) => answer(&pb::CornersResponse { corners: *n }),
        None => fail(NOT_FOUND, &format!("no such shape: {}", req.name)),
    }
}
