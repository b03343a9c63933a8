#!/usr/bin/env bash
# Validates deploy/k8s offline (deploy/validate/validate.mjs): installs the pinned npm
# packages of deploy/validate from the npm registry when missing, then renders and checks
# the base and both overlays. Prints one summary line in the shape of Bazel's, so that
# scripts/test.sh counts it.
set -uo pipefail
cd "$(dirname "$0")/.."
readonly target="//deploy:k8s_manifests_validation"
if [[ ! -d deploy/validate/node_modules ]] ||
   [[ deploy/validate/package-lock.json -nt deploy/validate/node_modules ]]; then
  # The system's CA bundle, so that a registry reached through a TLS-inspecting proxy
  # whose CA the machine trusts is trusted by npm too.
  ca=()
  [[ -r /etc/ssl/certs/ca-certificates.crt ]] && ca=(--cafile=/etc/ssl/certs/ca-certificates.crt)
  if ! (cd deploy/validate && npm ci --no-audit --no-fund --loglevel=error "${ca[@]}"); then
    echo "${target} FAILED (npm ci could not install deploy/validate's packages)"
    exit 1
  fi
fi
if node deploy/validate/validate.mjs .; then
  echo "${target} PASSED"
else
  echo "${target} FAILED"
  exit 1
fi
