#!/usr/bin/env bash
# The benchmark suite in one command (docs/BENCHMARKS.md):
#   bash scripts/benchmark.sh            # everything, about 25 minutes on 2 cores
#   bash scripts/benchmark.sh --short    # a quick check, under 3 minutes
# Builds with -c opt; starts a throwaway PostgreSQL on a Unix socket in a temporary
# directory (synchronous_commit=on); runs Interco through gRPC, raw RocksDB, the same bytes
# appended to a plain file with one fdatasync per group, and PostgreSQL with the same
# postings, restart times and consolidation (from the ledger's balances, and issue 17's
# capital consolidation of 1,000 entities' trial balances: bench/capital_consolidation_main.cc),
# and issue 23's groups (batches spread over 1, 10 and 100 groups of one server, the memory
# of 1,000 idle groups: bench/groups_main.cc), and issue 24's postings under continuous
# trial balance imports (bench/imports_main.cc), and issue 25's replicated mode on etcd
# against embedded mode (bench/replicated_main.cc); writes var/bench/results.json and
# var/bench/results.md, and puts the table into docs/BENCHMARKS.md. Then runs the Interco
# scenarios once more, each under `perf record` of the server (when perf works here), and
# summarizes the profiles in var/bench/perf/ (<scenario>.txt, .folded, where_time_goes.md).
set -euo pipefail
cd "$(dirname "$0")/.."
short=false
[[ "${1:-}" == "--short" ]] && short=true
scripts/setup.sh
if ! command -v /usr/lib/postgresql/15/bin/postgres >/dev/null; then
  echo "benchmark: installing PostgreSQL 15 for the baseline"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql-15
fi
if ! command -v perf >/dev/null; then
  echo "benchmark: installing linux-perf for the profiles"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends linux-perf ||
    echo "benchmark: no linux-perf; the profiles are skipped"
fi
bazel build -c opt //bench:interco_bench //bench:profile_summary //services:interco_server \
  //tests:consolidation_benchmark //bench:capital_consolidation //bench:groups //bench:imports \
  //bench:replicated
mkdir -p var/bench
work=$(mktemp -d /tmp/interco_bench.XXXXXX)
chmod 755 "$work"

# PostgreSQL refuses to run as root: its own user, data and socket in the work directory.
pg="$work/pg"
mkdir -p "$pg"
chown postgres "$pg"
as_postgres() { runuser -u postgres -- "$@"; }
as_postgres /usr/lib/postgresql/15/bin/initdb -D "$pg/data" --auth=trust -U postgres >/dev/null
as_postgres /usr/lib/postgresql/15/bin/pg_ctl -D "$pg/data" -l "$pg/log" -w start -o \
  "-k $pg -c listen_addresses='' -c synchronous_commit=on -c fsync=on -c shared_buffers=1GB \
   -c max_connections=300 -c max_wal_size=8GB -c checkpoint_timeout=30min" >/dev/null
stop_all() {
  as_postgres /usr/lib/postgresql/15/bin/pg_ctl -D "$pg/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop_all EXIT

consolidation_json=()
sizes=(10000 100000 1000000)
$short && sizes=(10000)
for n in "${sizes[@]}"; do
  TEST_TMPDIR="$work" bazel-bin/tests/consolidation_benchmark "$work/consolidation_$n.json" "$n" \
    | tail -4
  consolidation_json+=("$work/consolidation_$n.json")
done

disk=$(df -h --output=source,size,avail "$work" | tail -1 | tr -s ' ')
machine="date=$(date -u +%Y-%m-%d),cores=$(nproc),memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
machine+=",cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo | tr ',' ' ')"
machine+=",disk=${disk} (source size free)"
args=(--work_dir="$work" --pg_conninfo="host=$pg user=postgres dbname=postgres"
      --results="$PWD/var/bench/results.json" --markdown="$PWD/var/bench/results.md"
      --consolidation_json="$(IFS=,; echo "${consolidation_json[*]}")" --machine="$machine")
$short && args+=(--short_mode)
INTERCO_SERVER_BINARY="$PWD/bazel-bin/services/interco_server" TEST_TMPDIR="$work" \
  bazel-bin/bench/interco_bench "${args[@]}"

# Capital consolidation (issue 17): a generated group's trial balances and postings loaded
# into the real server, then RunConsolidation on the trial-balance basis, cold, warm and
# after a new trial balance version; adds its figures to results.json and results.md. Full:
# 1,000 entities x 500 accounts x 12 months (6M trial balance lines) and 1M postings, about
# 2 minutes; short: 100 x 100 x 12 and 20,000 postings, seconds. Its profile (perf, when it
# works here) is a pass of its own after the measured runs.
capital_consolidation() {
  local dir="$PWD/var/bench/capital"
  rm -rf "$dir" && mkdir -p "$dir"
  local capital=(--json="$dir/capital_consolidation.json" --results="$PWD/var/bench/results.json"
                 --markdown="$PWD/var/bench/results.md")
  $short && capital+=(--short_mode)
  if perf record -q -e cpu-clock -o /dev/null true >/dev/null 2>&1; then
    capital+=(--perf_data="$dir/capital_consolidation.data")
  fi
  INTERCO_SERVER_BINARY="$PWD/bazel-bin/services/interco_server" TEST_TMPDIR="$work" \
    bazel-bin/bench/capital_consolidation "${capital[@]}"
  if [[ -s "$dir/capital_consolidation.data" ]]; then
    # Where the time goes: self time by function, then inclusive time (children counted).
    local tidy=(sed -E '/^#/d; /^$/d; s/ +- +- *$//; s/ +$//')
    { echo "# self time by function (perf report --no-children), % of the server's samples"
      perf report -i "$dir/capital_consolidation.data" --no-children --sort symbol --stdio \
        -g none --percent-limit 0.5 2>/dev/null | "${tidy[@]}"
      echo "# inclusive time (perf report --children): children, self"
      perf report -i "$dir/capital_consolidation.data" --children --sort symbol --stdio \
        -g none --percent-limit 1 2>/dev/null | "${tidy[@]}"
    } > "$dir/capital_consolidation.txt"
    echo "capital consolidation profile: $dir/capital_consolidation.txt"
  fi
}
capital_consolidation || echo "benchmark: capital consolidation failed; the other figures stand"

# Groups (issue 23): batches of 100 spread over 1, 10 and 100 groups of one server (lines/s,
# server CPU per posting and latency against one group's), then the memory, threads and open
# files of 1,000 idle groups, open and closed by idle time, and the start-up time with them
# in the catalog; adds its figures to results.json (key "groups") and results.md. Full:
# 5 rounds of 10 s per count, about 8 minutes; short: one round of 3 s and 100 idle groups.
# Its profiles (perf, when it works here) are a load per count of groups of their own.
groups_benchmark() {
  local dir="$PWD/var/bench/groups"
  rm -rf "$dir" && mkdir -p "$dir"
  local groups=(--json="$dir/groups.json" --results="$PWD/var/bench/results.json"
                --markdown="$PWD/var/bench/results.md")
  $short && groups+=(--short_mode)
  if perf record -q -e cpu-clock -o /dev/null true >/dev/null 2>&1; then
    groups+=(--perf_dir="$dir")
  fi
  INTERCO_SERVER_BINARY="$PWD/bazel-bin/services/interco_server" TEST_TMPDIR="$work" \
    bazel-bin/bench/groups "${groups[@]}"
  # Where the time goes, as for the posting scenarios: DIR/groups-<N>.txt and .folded, and
  # the stages in microseconds per posting for each count in DIR/where_time_goes.md.
  local profiled=false
  for data in "$dir"/groups-*.data; do
    [[ -s "$data" ]] || continue
    perf script -i "$data" --no-inline -F comm,tid,period,ip,sym,dso 2>/dev/null \
      > "${data%.data}.script"
    profiled=true
  done
  if $profiled; then
    bazel-bin/bench/profile_summary --perf_dir="$dir" --results="$PWD/var/bench/results.json"
  fi
}
groups_benchmark || echo "benchmark: groups failed; the other figures stand"

# A benchmark binary bench/NAME that writes var/bench/NAME/NAME.json and appends its
# table to results.md.
json_benchmark() {
  local name=$1 dir="$PWD/var/bench/$1"
  rm -rf "$dir" && mkdir -p "$dir"
  local flags=(--json="$dir/$name.json" --markdown="$PWD/var/bench/results.md")
  $short && flags+=(--short_mode)
  INTERCO_SERVER_BINARY="$PWD/bazel-bin/services/interco_server" TEST_TMPDIR="$work" \
    "bazel-bin/bench/$name" "${flags[@]}"
}

# Postings under continuous imports (issue 24): the same posting load alone and while
# 20,000-line trial balances are imported back to back in its group, the ratio of the two
# (target >= 0.80); writes var/bench/imports/imports.json and appends its table to
# results.md. Full: 3 rounds of 2 x 10 s, about 1.5 minutes; short: one round of 2 x 3 s.
json_benchmark imports || echo "benchmark: imports failed; the other figures stand"

# Replicated mode (issue 25): batches of 100 and 1,000 at the owner of a 3-pod deployment on
# a 3-member etcd cluster against one embedded server, batches of 100 through a follower
# (forwarded), etcd's CPU and bytes per posting, and the failover time over kill -9 cycles;
# writes var/bench/replicated/replicated.json and appends its table to results.md. Full:
# 3 rounds of 10 s per load and 10 failovers, about 4 minutes; short: 1 round of 3 s, 3.
json_benchmark replicated || echo "benchmark: replicated mode failed; the other figures stand"

# docs/BENCHMARKS.md holds the latest full run between its two markers.
if ! $short; then
  awk -v table="$PWD/var/bench/results.md" '
    /<!-- results:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- results:end -->/ { skip = 0 }
    !skip' docs/BENCHMARKS.md > docs/BENCHMARKS.md.new && mv docs/BENCHMARKS.md.new docs/BENCHMARKS.md
  echo "docs/BENCHMARKS.md updated"
fi

# The profiles: a run of their own, since perf takes CPU from the machine the figures
# above are measured on. Stage shares are scaled by the CPU per posting of the run above.
profile_interco() {
  local dir="$PWD/var/bench/perf" hz=499
  $short && hz=999  # Fewer postings: sample more often.
  if ! perf record -q -e cpu-clock -o /dev/null true >/dev/null 2>&1; then
    echo "benchmark: perf cannot record here (no perf events); profiles skipped"
    return 0
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  local profiled=(--work_dir="$work/profiled" --only=interco --perf_dir="$dir"
                  --perf_frequency_hz="$hz" --results="$PWD/var/bench/profiled.json"
                  --markdown="$PWD/var/bench/profiled.md")
  $short && profiled+=(--short_mode)
  INTERCO_SERVER_BINARY="$PWD/bazel-bin/services/interco_server" TEST_TMPDIR="$work" \
    bazel-bin/bench/interco_bench "${profiled[@]}"
  for data in "$dir"/*.data; do
    perf script -i "$data" --no-inline -F comm,tid,period,ip,sym,dso 2>/dev/null \
      > "${data%.data}.script"
  done
  bazel-bin/bench/profile_summary --perf_dir="$dir" --results="$PWD/var/bench/results.json"
}
# Last, so that a profiling failure leaves the figures above in place.
profile_interco || echo "benchmark: profiling failed; the figures above stand"
