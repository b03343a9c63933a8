#!/usr/bin/env bash
# Writes storage/testdata/v2_single_group: the data directory of the last release before
# groups (commit 1f4f264, one group, its RocksDB database at the top of --data_dir) after the
# README tour's history, loaded with that release's own server and CLI; then prints the
# figures tests/previous_release_e2e_test.cc checks (WRITTEN_BY.md records them).
#
# Run from the root of a worktree of 1f4f264 (the examples/ paths are relative to it):
#   bazel build //services:interco_server //services/cli:interco
#   bash /path/to/write.sh OUT_DIR
# BUF names the buf binary (default: npx buf, npm package @bufbuild/buf).
set -euo pipefail
out=${1:?usage: write.sh OUT_DIR}
server=$PWD/bazel-bin/services/interco_server
cli=$PWD/bazel-bin/services/cli/interco
buf=${BUF:-npx buf}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT

"$server" --listen=127.0.0.1:0 --metrics_listen=127.0.0.1:0 --data_dir="$work/data" \
  >"$work/stdout" 2>"$work/stderr" &
pid=$!
for _ in $(seq 200); do grep -q '^listening on ' "$work/stdout" && break; sleep 0.1; done
address=$(sed -n 's/^listening on //p' "$work/stdout")
[ -n "$address" ] || { cat "$work/stderr"; exit 1; }
export INTERCO_SERVER=$address
interco() { echo "\$ interco $*" >&2; "$cli" "$@"; }
# `cmd || expect_one`: the examples hold one bad row each on purpose, so those commands
# exit 1 (some rows refused); any other code is a failure.
expect_one() { local code=$?; [ "$code" -eq 1 ] || exit "$code"; }
icurl() {
  $buf curl --protocol grpc --http2-prior-knowledge -d "$2" "http://$address/interco.v1.$1"
}

# Structure (entities, departments, an employee, ownership edges), four policies, rates.
interco load examples/group.yaml
# Postings (its row 9 is not a date), then manual journal entries (its last is refused).
interco post examples/june.csv || expect_one
interco journal examples/opening.csv || expect_one
# The group chart, the mappings, June's trial balances, acquisitions, their history.
interco tb accounts examples/chart_accounts.csv
interco tb mappings examples/chart_mappings.csv
interco tb import examples/trial_balances.csv
interco acquisitions load examples/acquisitions.csv
interco tb import examples/trial_balances_history.csv
interco load examples/rates_history.yaml
# A corrected trial balance of P for June: version 2 of it (cash 500 more, payables too).
awk -F, 'NR == 1 || ($1 == "P" && $2 == "2024-06")' examples/trial_balances.csv |
  sed -e 's/,1000,1990000.00$/,1000,1990500.00/' -e 's/,2000,-150000.00$/,2000,-150500.00/' \
    >"$work/p_june_corrected.csv"
interco tb import "$work/p_june_corrected.csv"
# A reversal and a period close with roll-forward.
interco reverse --sequence 7 --date 2024-06-30
interco close --entity A --period 2024-06 --roll-forward

# The figures the test checks.
interco head
interco verify
icurl LedgerService/GetLedgerHead '{}'
icurl LedgerService/VerifyLedger '{}'
icurl TrialBalanceService/GetTrialBalance '{"entity_id":"P","period":"2024-06"}'
icurl TrialBalanceService/GetTrialBalance '{"entity_id":"P","period":"2024-06","version":1}'

# A clean stop, then the database's files without its logs and lock.
kill -TERM "$pid"
wait "$pid"
pid=
rm -rf "$out"
mkdir -p "$out"
for file in "$work/data"/*; do
  name=$(basename "$file")
  case "$name" in LOG* | LOCK) continue ;; esac
  [ -f "$file" ] || { echo "unexpected: $file is not a file" >&2; exit 1; }
  cp "$file" "$out/"
done
du -sh "$out"
