#!/usr/bin/env bash
# Installs the Debian packages Interco needs to build, run and test; skips what is present.
# Idempotent. Used by scripts/run.sh and scripts/test.sh (and so by .ci/run).
# Needs root (or sudo) only when something is missing.
set -euo pipefail

# One line per package, with why we need it.
readonly PACKAGES=(
  bazel-bootstrap                    # Bazel 4.2.3, the only Bazel Debian ships
  g++                                # C++17 compiler
  pkg-config                         # link flags for every system library (bazel/system_libs.bzl)
  protobuf-compiler                  # protoc
  libprotobuf-dev                    # protobuf runtime and well-known types
  protobuf-compiler-grpc             # grpc_cpp_plugin
  libgrpc++-dev                      # gRPC C++, health checking and reflection
  grpc-proto                         # grpc/health/v1/health.proto and reflection protos
  golang-github-gogo-googleapis-dev  # google/rpc/*.proto and google/type/*.proto
  golang-etcd-server-dev             # etcd's API protos: the replication client (bazel/system_protos.BUILD)
  golang-github-gogo-protobuf-dev    # gogoproto/gogo.proto, which etcd's protos import
  etcd-server                        # etcd 3.4: the replicated log (issue 25); tests run a real cluster
  libabsl-dev                        # Abseil: Status, StatusOr, strings, time, flags, int128
  librocksdb-dev                     # the storage engine
  libzstd-dev                        # zstd: the replicated log's records are compressed
  libssl-dev                         # SHA-256 for the ledger hash chain
  openssl                            # the security tests make their certificates with it
  libspdlog-dev                      # logging
  nlohmann-json3-dev                 # JSON log lines and the access policy file
  prometheus-cpp-dev                 # Prometheus metrics and their HTTP endpoint
  libgtest-dev                       # tests
  libgmock-dev                       # tests
  libbenchmark-dev                   # micro-benchmarks
  libpq-dev                          # the benchmark's PostgreSQL baseline (client library)
  clang                              # fuzz targets: libFuzzer needs clang (scripts/fuzz.sh)
  libclang-rt-14-dev                 # libFuzzer, AddressSanitizer and UBSan runtimes
  libcli11-dev                       # the controllers' command-line tool: arguments
  libyaml-cpp-dev                    # the controllers' command-line tool: group files
  prometheus                         # promtool: checks and unit-tests deploy/prometheus/alerts.yaml
  graphviz                           # interco structure --format svg and the report's picture (dot)
  libxlsxwriter-dev                  # the CLI's workbooks (--format xlsx), via third_party/pkg_config
  chromium                           # tests open the HTML report in headless Chromium
  python3-openpyxl                   # tests read the CLI's workbooks back with openpyxl
  curl                               # README's tour reads the metrics with it (tests/readme_tour_e2e_test)
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
# Node.js and npm validate the Kubernetes manifests (scripts/validate_deploy.sh). Any
# node/npm on the PATH will do (some machines have NodeSource's, which conflicts with
# Debian's npm package); Debian's are installed only when there is none.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
# kustomize renders the manifests (`kubectl kustomize`, scripts/validate_deploy.sh). The
# machines here carry a kubectl 1.32 (kustomize v5); where there is none, Debian's
# kubernetes-client (kubectl 1.20, an older kustomize) renders the same overlays.
command -v kubectl >/dev/null || missing+=(kubernetes-client)

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#PACKAGES[@]} packages present, and node and npm"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || { echo "setup: FAILED: not root and no sudo; install as root: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get update -q; then
  echo "setup: FAILED: apt-get update did not succeed (is Debian's archive reachable?)" >&2
  exit 1
fi
if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; then
  echo "setup: FAILED: could not install: ${missing[*]}" >&2
  exit 1
fi
echo "setup: done"
