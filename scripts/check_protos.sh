#!/usr/bin/env bash
# Checks the wire contract with buf (proto/buf.yaml): `buf lint`, and `buf breaking` against
# the last release's protos stored as an image in proto/baseline/ (docs/CHANGELOG.md says
# how to move the baseline at a release). Installs the pinned @bufbuild/buf of scripts/buf
# from the npm registry when missing, as validate_deploy.sh does. Prints one summary line
# per check in the shape of Bazel's, so that scripts/test.sh counts them; exits non-zero
# on any violation.
#
#   scripts/check_protos.sh                 # lint and breaking
#   scripts/check_protos.sh --image FILE    # only writes the current protos' image to FILE
set -uo pipefail
cd "$(dirname "$0")/.."
readonly lint_target="//proto:buf_lint"
readonly breaking_target="//proto:buf_breaking"
readonly baseline=proto/baseline/interco-v1.binpb
# Debian's include paths (scripts/setup.sh installs the packages): imports are read in
# place, never copied into the repository.
readonly includes=(-Iproto -I/usr/share/gocode/src/github.com/gogo/googleapis
                   -I/usr/share/grpc-proto -I/usr/include)

# An image of proto/interco/v1 with its imports and comments (buf needs both), in $1.
build_image() {
  protoc "${includes[@]}" --include_imports --include_source_info -o "$1" \
    proto/interco/v1/*.proto
}

if [[ "${1:-}" == "--image" ]]; then
  build_image "$2"
  exit
fi

fail_both() {
  echo "${lint_target} FAILED ($1)"
  echo "${breaking_target} FAILED ($1)"
  exit 1
}

if [[ ! -x scripts/buf/node_modules/.bin/buf ]] ||
   [[ scripts/buf/package-lock.json -nt scripts/buf/node_modules ]]; then
  # The system's CA bundle, for a registry reached through a TLS-inspecting proxy.
  ca=()
  [[ -r /etc/ssl/certs/ca-certificates.crt ]] && ca=(--cafile=/etc/ssl/certs/ca-certificates.crt)
  (cd scripts/buf && npm ci --no-audit --no-fund --loglevel=error "${ca[@]}") ||
    fail_both "npm ci could not install scripts/buf's packages"
fi
readonly buf=scripts/buf/node_modules/.bin/buf

image=$(mktemp --suffix=.binpb)
trap 'rm -f "$image"' EXIT
build_image "$image" || fail_both "protoc could not build proto/interco/v1"

rc=0
if "$buf" lint "$image" --config proto/buf.yaml --path interco; then
  echo "${lint_target} PASSED"
else
  echo "${lint_target} FAILED"
  rc=1
fi
if "$buf" breaking "$image" --config proto/buf.yaml --path interco \
     --against "$baseline" --against-config proto/buf.yaml; then
  echo "${breaking_target} PASSED"
else
  echo "${breaking_target} FAILED (against ${baseline}, the last release's protos)"
  rc=1
fi
exit "$rc"
