"""wasm_guest: a C guest compiled to WebAssembly by clang-14, hermetically.

clang-14 runs `wasm-opt` after linking whenever an `-O` flag reaches the link
step and binaryen's `wasm-opt` is on PATH, and wasm-opt drops the `name`
section (so traps lose their function names). The build must give the same
bytes whatever is installed, so every source is compiled on its own with the
optimisation flags (`-c`) and the objects are linked in a second step that
never sees `-O`. The C sources are compiled in the order given, so the link
order, and with it the output, is fixed.
"""

def wasm_guest(
        name,
        srcs,
        out = None,
        hdrs = [],
        target = "wasm32",
        copts = [],
        linkopts = [],
        wasi_sysroot = False,
        **kwargs):
    """Builds `out` (default `<name without _wasm>.wasm`) from C `srcs`.

    Args:
      name: the rule's name.
      srcs: the `.c` files, compiled and linked in this order.
      out: the output file name.
      hdrs: headers and other inputs the sources include.
      target: clang's target triple (`wasm32` freestanding, `wasm32-wasi`).
      copts: flags for each compile step (`-O2` is always given first).
      linkopts: flags for the link step (`-Wl,...`, `-nostdlib`); never `-O`.
      wasi_sysroot: compile against Debian's wasi-libc headers only
        (`-nostdinc`), so no host header from /usr/include leaks in.
      **kwargs: passed to the genrule (visibility, tags, testonly).
    """
    for flag in linkopts:
        if flag.startswith("-O"):
            fail("wasm_guest %s: %s in linkopts would run wasm-opt; optimise in copts" % (name, flag))
    if out == None:
        out = (name[:-len("_wasm")] if name.endswith("_wasm") else name) + ".wasm"
    include_flags = ""
    if wasi_sysroot:
        include_flags = (" -nostdinc -isystem $$(clang-14 -print-resource-dir)/include" +
                         " -isystem /usr/include/wasm32-wasi")
    compile_prefix = "clang-14 --target=%s -O2 %s%s" % (target, " ".join(copts), include_flags)
    steps = ["set -e", "tmp=$$(mktemp -d)", "trap 'rm -rf $$tmp' EXIT"]
    objects = []
    for i, src in enumerate(srcs):
        obj = "$$tmp/%d.o" % i
        objects.append(obj)
        steps.append("%s -c $(location %s) -o %s" % (compile_prefix, src, obj))
    steps.append("clang-14 --target=%s %s %s -o $@" % (target, " ".join(linkopts), " ".join(objects)))
    native.genrule(
        name = name,
        srcs = srcs + hdrs,
        outs = [out],
        cmd = "; ".join(steps),
        **kwargs
    )

NANOPB_RUNTIME = [
    "@nanopb//:pb_common.c",
    "@nanopb//:pb_encode.c",
    "@nanopb//:pb_decode.c",
]

def nanopb_wasm_guest(name, srcs, hdrs = [], copts = [], **kwargs):
    """A freestanding wasm32 payload-ABI guest that uses nanopb.

    nanopb's runtime (Debian's source package, @nanopb, unpacked by
    tools/deps.sh) is compiled with the guest, against sdk/nanopb_system.h
    instead of libc's headers, with UTF-8 validation of string fields;
    sdk/freestanding.c supplies memcpy and friends. The guest exports
    malloc/free itself (WASMRT_GUEST_ALLOCATOR, sdk/wasmrt_guest.h).

    Args:
      name: the rule's name.
      srcs: the guest's `.c` files and the generated `.pb.c` files.
      hdrs: the generated `.pb.h` files and other headers.
      copts: more compile flags (e.g. `-I$(GENDIR)/...` for generated code).
      **kwargs: passed to wasm_guest.
    """
    wasm_guest(
        name = name,
        srcs = srcs + NANOPB_RUNTIME + ["//sdk:freestanding.c"],
        hdrs = hdrs + [
            "//sdk:wasmrt_guest.h",
            "//sdk:nanopb_system.h",
            "@nanopb//:headers",
        ],
        copts = [
            "-ffreestanding",
            "-I.",
            "-Iexternal/nanopb",
            "'-DPB_SYSTEM_HEADER=\"sdk/nanopb_system.h\"'",
            "-DPB_VALIDATE_UTF8",
        ] + copts,
        linkopts = ["-nostdlib", "-Wl,--no-entry"],
        **kwargs
    )
