// The gRPC methods of the protos, as protoc compiles them: protoc writes a
// FileDescriptorSet (--descriptor_set_out) and @bufbuild/protobuf decodes it, so what is
// checked is what the code generators see, comments and formatting notwithstanding.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";

// Where Debian installs the protos ours import (as bazel/system_libs.bzl's _PROTO_TREES).
const SYSTEM_PROTO_PATHS = [
  "/usr/share/gocode/src/github.com/gogo/googleapis",  // golang-github-gogo-googleapis-dev
  "/usr/share/grpc-proto",                             // grpc-proto
];

// "/package.Service/Method" for every rpc in `files` (paths under `protoPath`, the
// directory imports are relative to). Throws with protoc's message if they do not compile.
export function rpcMethodsOf(protoPath, files) {
  // A file, not /dev/stdout: Node's pipes are sockets, which protoc cannot open.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "interco-protos-"));
  const out = path.join(dir, "descriptors.binpb");
  let bytes;
  try {
    execFileSync(
        "protoc",
        [`--proto_path=${protoPath}`, ...SYSTEM_PROTO_PATHS.map((p) => `--proto_path=${p}`),
         `--descriptor_set_out=${out}`, ...files],
        { cwd: protoPath, stdio: ["ignore", "ignore", "pipe"] });
    bytes = fs.readFileSync(out);
  } catch (error) {
    throw new Error(`protoc could not compile ${files.join(" ")}: ${error.stderr ?? error.message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const set = fromBinary(FileDescriptorSetSchema, new Uint8Array(bytes));
  const methods = new Set();
  for (const file of set.file) {
    for (const service of file.service) {
      for (const method of service.method) {
        methods.add(`/${file.package}.${service.name}/${method.name}`);
      }
    }
  }
  return methods;
}

// Every RPC of proto/interco/v1.
export function intercoMethods(root) {
  const protoPath = path.resolve(root, "proto");
  const files = fs.readdirSync(path.join(protoPath, "interco/v1"))
                    .filter((f) => f.endsWith(".proto"))
                    .map((f) => `interco/v1/${f}`);
  return rpcMethodsOf(protoPath, files);
}

// The standard services a client may call on the server: health, and server reflection
// in both versions. The server (gRPC 1.51) serves v1alpha only, but clients such as
// `buf curl` ask v1 first and fall back to v1alpha only on UNIMPLEMENTED: the mesh must
// let v1 through to the server, or its 403 ends the client's attempt.
export function standardMethods() {
  return rpcMethodsOf("/usr/share/grpc-proto", ["grpc/health/v1/health.proto",
                                                "grpc/reflection/v1/reflection.proto",
                                                "grpc/reflection/v1alpha/reflection.proto"]);
}
