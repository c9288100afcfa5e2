"""Generates C++ protobuf + gRPC code with the system protoc (offline build)."""

def cc_grpc_proto(name, src, deps = [], grpc = True):
    """Runs protoc (+ grpc_cpp_plugin) on `src` and wraps the output in a cc_library.

    Args:
      name: name of the cc_library.
      src: the .proto file in this package.
      deps: other cc_grpc_proto libraries whose .proto files `src` imports.
      grpc: whether to generate service stubs.
    """
    base = src[:-len(".proto")]
    pkg = native.package_name()
    outs = [base + ".pb.h", base + ".pb.cc"]
    if grpc:
        outs += [base + ".grpc.pb.h", base + ".grpc.pb.cc"]
    cmd = "protoc -I. --cpp_out=$(GENDIR) "
    if grpc:
        cmd += "--grpc_out=$(GENDIR) --plugin=protoc-gen-grpc=/usr/bin/grpc_cpp_plugin "
    cmd += pkg + "/" + src
    native.genrule(
        name = name + "_gen",
        srcs = [src],
        outs = outs,
        cmd = cmd,
    )
    native.cc_library(
        name = name,
        srcs = [o for o in outs if o.endswith(".cc")],
        hdrs = [o for o in outs if o.endswith(".h")],
        deps = deps + ["//third_party:grpc"],
        visibility = ["//visibility:public"],
    )
