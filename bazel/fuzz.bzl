"""cc_fuzz_test: one fuzz target, two builds.

`name` is a cc_test that runs the target's LLVMFuzzerTestOneInput over its seed corpus and
deterministic mutations of it (//bazel/fuzz:replay_main), with the ordinary compiler, in
the ordinary test command. `name + "_libfuzzer"` is the same source linked with libFuzzer;
it needs clang and `--config=libfuzzer` (scripts/fuzz.sh builds and runs it), so it is
tagged manual and skipped by `//...`.
"""

def cc_fuzz_test(name, srcs, deps, corpus = [], mutations = 20000, **kwargs):
    native.cc_test(
        name = name,
        size = "small",
        srcs = srcs,
        deps = deps + ["//bazel/fuzz:replay_main"],
        data = corpus,
        args = ["--mutations=%d" % mutations] + ["$(location %s)" % c for c in corpus],
        **kwargs
    )
    native.cc_binary(
        name = name + "_libfuzzer",
        testonly = True,
        srcs = srcs,
        deps = deps,
        linkopts = ["-fsanitize=fuzzer"],
        tags = ["manual"],
        **kwargs
    )
