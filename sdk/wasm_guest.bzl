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
