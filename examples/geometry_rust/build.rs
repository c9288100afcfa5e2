// Generates the message types of geometry.proto with prost-build (Debian's
// protoc, $PROTOC). The build puts the .proto under proto/.
fn main() {
    println!("cargo:rerun-if-changed=proto/geometry/v1/geometry.proto");
    prost_build::compile_protos(&["proto/geometry/v1/geometry.proto"], &["proto"])
        .expect("prost-build failed on geometry.proto");
}
