#!/usr/bin/env bash
# Sets up, builds the benchmarks with optimisation and runs them. Figures are printed and
# written as JSON to var/bench/. See docs/BENCHMARKS.md for recorded results.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p var/bench
bazel build -c opt //services/group:classifier_benchmark
bazel-bin/services/group/classifier_benchmark \
  --benchmark_out="$PWD/var/bench/classifier_benchmark.json" --benchmark_out_format=json "$@"
echo "results: var/bench/classifier_benchmark.json"
