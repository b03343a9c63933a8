#!/usr/bin/env bash
# Sets up, builds the benchmarks with optimisation and runs them. Figures are printed and
# written as JSON to var/bench/. See docs/BENCHMARKS.md for recorded results.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p var/bench
readonly BENCHMARKS=(services/group:classifier_benchmark services/pricing:quote_benchmark)
bazel build -c opt "${BENCHMARKS[@]/#/\/\/}"
for target in "${BENCHMARKS[@]}"; do
  name=${target#*:}
  "bazel-bin/${target/://}" \
    --benchmark_out="$PWD/var/bench/${name}.json" --benchmark_out_format=json "$@"
  echo "results: var/bench/${name}.json"
done
# Consolidation of a 100-entity group over a ledger of 1M postings (about a minute).
bazel build -c opt //tests:consolidation_benchmark
TEST_TMPDIR="$(mktemp -d)" bazel-bin/tests/consolidation_benchmark \
  "$PWD/var/bench/consolidation_benchmark.json" 1000000
# The ledger through gRPC on the real server (fsync-bound: the disk sets the pace).
bazel build -c opt //tests:ledger_load //services:interco_server
INTERCO_SERVER_BINARY="$PWD/bazel-bin/services/interco_server" TEST_TMPDIR="$(mktemp -d)" \
  bazel-bin/tests/ledger_load "$PWD/var/bench/ledger_load.json"
