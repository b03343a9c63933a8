#!/usr/bin/env bash
# Builds every fuzz target with clang, libFuzzer, ASan and UBSan, and runs each for
# SECONDS (default 20) from its seed corpus. Prints "//pkg:target_libfuzzer PASSED|FAILED"
# per target (the shape of Bazel's summary lines, so scripts/test.sh counts them) and exits
# non-zero if any target found a fault or did not build. A crashing input is kept in
# $FUZZ_ARTIFACTS (default: a temporary directory, printed).
#   scripts/fuzz.sh 600      # ten minutes per target
set -uo pipefail
cd "$(dirname "$0")/.."
readonly seconds=${1:-20}
readonly targets=(
  //services/common:decimal_fuzz
  //services/cli:csv_fuzz
  //storage:codec_fuzz
  //services/api:request_fuzz
)
# The seed corpus of each target, by target.
declare -A corpus=(
  [//services/common:decimal_fuzz]=services/common/testdata/decimal_corpus
  [//services/cli:csv_fuzz]=services/cli/testdata/csv_corpus
  [//storage:codec_fuzz]=storage/testdata/codec_corpus
  [//services/api:request_fuzz]=
)

# A second Bazel server with its own output base: switching CC in the main one would
# reconfigure the toolchain and rebuild everything on every switch.
output_base="${HOME}/.cache/bazel/interco_libfuzzer_$(pwd | md5sum | cut -c1-8)"
fuzz_bazel=(bazel --output_base="$output_base")
# The linker warns about every sanitizer symbol; failures still print in full.
build_flags=(--config=libfuzzer --symlink_prefix=/ --output_filter=^$)
if ! "${fuzz_bazel[@]}" build "${build_flags[@]}" "${targets[@]/%/_libfuzzer}"; then
  for target in "${targets[@]}"; do echo "${target}_libfuzzer FAILED (did not build)"; done
  exit 1
fi
bin_dir=$("${fuzz_bazel[@]}" info "${build_flags[@]}" bazel-bin 2>/dev/null)
artifacts=${FUZZ_ARTIFACTS:-$(mktemp -d)}
failed=0
summary=()
for target in "${targets[@]}"; do
  package=${target#//}; package=${package%%:*}; name=${target##*:}
  work="$artifacts/$name"
  mkdir -p "$work/corpus"
  seeds=${corpus[$target]}
  [[ -n "$seeds" ]] && cp "$seeds"/* "$work/corpus/"
  echo "fuzz: $target for ${seconds}s"
  if "$bin_dir/$package/${name}_libfuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 \
      -timeout=10 -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" \
      >"$work/log" 2>&1; then
    summary+=("${target}_libfuzzer PASSED ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$') runs in ${seconds}s)")
  else
    failed=1
    summary+=("${target}_libfuzzer FAILED (fault kept in $work; log: $work/log)")
    tail -30 "$work/log"
  fi
done
"${fuzz_bazel[@]}" shutdown 2>/dev/null
printf '%s\n' "${summary[@]}"
exit "$failed"
