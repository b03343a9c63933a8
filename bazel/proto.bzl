"""C++ code generation for .proto files with Debian's protoc and grpc_cpp_plugin.

Bazel 4's built-in proto_library/cc_proto_library need @com_google_protobuf, which cannot be
fetched offline, so this macro drives the system protoc from a genrule instead. The generated
code matches the installed libprotobuf because both come from the same Debian release.
"""

_PROTOC = "/usr/bin/protoc"
_GRPC_PLUGIN = "/usr/bin/grpc_cpp_plugin"

def _import_root_in_repo(package, proto_root):
    """`proto_root` relative to its repository; fails unless `package` lies under it."""
    root = proto_root
    if root.startswith("external/"):
        root = "/".join(root.split("/")[2:])
    if root and not (package == root or package.startswith(root + "/")):
        fail("package %s is not under proto_root %s" % (package, proto_root))
    return root

def cc_proto_grpc_library(
        name,
        srcs,
        proto_root,
        deps = [],
        proto_deps = [],
        grpc = True,
        visibility = None):
    """Generates and compiles C++ messages (and gRPC stubs when `grpc`) for `srcs`.

    Args:
      name: the cc_library to create.
      srcs: .proto files in this package.
      proto_root: exec-root-relative import root of `srcs` ("proto", "external/system").
      deps: cc_proto_grpc_library targets whose messages `srcs` import.
      proto_deps: filegroups with the .proto files those imports read.
      grpc: whether to generate service stubs.
      visibility: of the cc_library.
    """
    outs = []
    for src in srcs:
        base = src[:-len(".proto")]
        outs += [base + ".pb.h", base + ".pb.cc"]
        if grpc:
            outs += [base + ".grpc.pb.h", base + ".grpc.pb.cc"]
    cmd = " ".join([
        _PROTOC,
        "--proto_path=" + proto_root,
        "--proto_path=external/system",
        "--cpp_out=$(GENDIR)/" + proto_root,
    ] + ([
        "--plugin=protoc-gen-grpc=" + _GRPC_PLUGIN,
        "--grpc_out=$(GENDIR)/" + proto_root,
    ] if grpc else []) + ["$(execpath %s)" % s for s in srcs])
    native.genrule(
        name = name + "_generate",
        srcs = srcs + proto_deps,
        outs = outs,
        cmd = cmd,
        message = "protoc " + name,
    )
    native.cc_library(
        name = name,
        srcs = [o for o in outs if o.endswith(".cc")],
        hdrs = [o for o in outs if o.endswith(".h")],
        # Generated code includes its imports by import path ("interco/v1/x.pb.h").
        strip_include_prefix = "/" + _import_root_in_repo(native.package_name(), proto_root),
        # Generated code is not ours to warn about.
        copts = ["-w"],
        deps = deps + ["@system//:protobuf"] + (["@system//:grpcpp"] if grpc else []),
        visibility = visibility,
    )
