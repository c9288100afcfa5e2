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

def cc_grpc_system_proto(name, proto):
    """C++ protobuf + gRPC code for a .proto of Debian's grpc-proto package.

    The file keeps its canonical name ("grpc/health/v1/health.proto"), so the
    headers are included as "grpc/health/v1/health.grpc.pb.h" and its
    descriptor is registered under the name other tools expect.

    Args:
      name: name of the cc_library.
      proto: path under /usr/share/grpc-proto.
    """
    base = proto[:-len(".proto")]
    outs = [name + "/" + base + ext for ext in [".pb.h", ".pb.cc", ".grpc.pb.h", ".grpc.pb.cc"]]
    pkg = native.package_name()
    native.genrule(
        name = name + "_gen",
        outs = outs,
        cmd = ("protoc -I/usr/share/grpc-proto --cpp_out=$(GENDIR)/{pkg}/{name} " +
               "--grpc_out=$(GENDIR)/{pkg}/{name} " +
               "--plugin=protoc-gen-grpc=/usr/bin/grpc_cpp_plugin " +
               "/usr/share/grpc-proto/{proto}").format(pkg = pkg, name = name, proto = proto),
    )
    native.cc_library(
        name = name,
        srcs = [o for o in outs if o.endswith(".cc")],
        hdrs = [o for o in outs if o.endswith(".h")],
        includes = [name],
        deps = ["//third_party:grpc"],
        visibility = ["//visibility:public"],
    )
