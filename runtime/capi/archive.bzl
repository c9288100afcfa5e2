"""One static archive of a cc_library and everything it links, for embedders
who build with make or CMake rather than Bazel."""

def _merged_archive_impl(ctx):
    archives = []
    flags = []
    for dep in ctx.attr.deps:
        for linker_input in dep[CcInfo].linking_context.linker_inputs.to_list():
            for lib in linker_input.libraries:
                # PIC objects when Bazel built them, so the archive also links
                # into shared objects and position-independent executables.
                archive = lib.pic_static_library or lib.static_library
                if archive != None and archive not in archives:
                    archives.append(archive)
            for flag in linker_input.user_link_flags:
                if flag not in flags:
                    flags.append(flag)
    out = ctx.actions.declare_file(ctx.attr.archive_name)
    script = ctx.actions.declare_file(ctx.label.name + ".mri")
    lines = ["create " + out.path]
    lines += ["addlib " + a.path for a in archives]
    lines += ["save", "end", ""]
    ctx.actions.write(script, "\n".join(lines))
    ctx.actions.run_shell(
        inputs = archives + [script],
        outputs = [out],
        command = "ar -M < '%s'" % script.path,
        mnemonic = "MergeArchives",
        progress_message = "Merging %d archives into %s" % (len(archives), out.short_path),
    )

    # The system libraries the archive's objects need, in link order: what
    # an embedder adds after the archive (pkg-config's Libs.private).
    link_flags = ctx.actions.declare_file(ctx.attr.archive_name + ".link_flags")
    ctx.actions.write(link_flags, " ".join(flags) + "\n")
    return [DefaultInfo(
        files = depset([out, link_flags]),
        runfiles = ctx.runfiles(files = [out, link_flags]),
    )]

merged_archive = rule(
    implementation = _merged_archive_impl,
    doc = "Merges the static libraries of `deps` (transitively) into one " +
          "archive `archive_name`, and writes `archive_name`.link_flags " +
          "with their linkopts.",
    attrs = {
        "deps": attr.label_list(providers = [CcInfo]),
        "archive_name": attr.string(mandatory = True),
    },
)
