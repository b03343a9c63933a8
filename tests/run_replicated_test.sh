#!/usr/bin/env bash
# Runs the README's replicated-mode tour (scripts/run_replicated.sh) with the built binaries:
# three servers and a 3-member etcd on loopback; the owner is killed and another pod serves
# the same ledger, verified, with nothing posted twice.
set -euo pipefail
root=$PWD
# Under the test's own temporary directory (Bazel removes it), never /tmp: each run leaves
# three servers' and etcd's data behind, some 400 MB.
bin=$(mktemp -d "${TEST_TMPDIR:-/tmp}/bin.XXXXXX")
cp "$root/services/interco_server" "$root/services/cli/interco" "$bin/"
work=$(mktemp -d "${TEST_TMPDIR:-/tmp}/replicated.XXXXXX")
export INTERCO_BIN_DIR=$bin VAR_DIR=$work/var
cleanup() { bash "$root/scripts/run_replicated.sh" stop || true; rm -rf "$bin" "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$VAR_DIR"/*.log; do echo "== $f" >&2; tail -20 "$f" >&2; done; exit 1; }

out=$(bash "$root/scripts/run_replicated.sh" start)
[[ $out == *"pod-0 serves the default group"* ]] || fail "start: $out"
cli() { "$bin/interco" --server="$1" "${@:2}"; }
out=$(cli 127.0.0.1:20061 load "$root/examples/group.yaml")
[[ $out == "loaded 26 of 26 items from"* ]] || fail "load: $out"
out=$(cli 127.0.0.1:20061 post "$root/examples/june.csv" 2>/dev/null || true)
[[ $out == *"7 new, 0 already there (22 lines)"* ]] || fail "post: $out"
# pod-1 forwards a read to the owner once its first look at the group is done (a few ms
# after it listens).
for tries in $(seq 50); do
  set +e
  out=$(cli 127.0.0.1:20062 head 2>&1)
  code=$?
  set -e
  [[ $code == 0 ]] && break
  sleep 0.1
done
[[ $code == 0 && $out == "ledger head: sequence 7, hash "* ]] ||
  fail "head at a follower: exit $code: $out"
kill -9 "$(cat "$VAR_DIR/pod-0.pid")"
owner=$(bash "$root/scripts/run_replicated.sh" owner) || fail "no new owner"
[[ $owner == 127.0.0.1:20062 || $owner == 127.0.0.1:20063 ]] || fail "owner $owner"
out=$(cli "$owner" verify)
[[ $out == "ledger verified: 7 entries, hash chain and balances intact"* ]] || fail "verify: $out"
out=$(cli "$owner" post "$root/examples/june.csv" 2>/dev/null || true)
[[ $out == *"0 new, 7 already there (22 lines)"* ]] || fail "post again: $out"
echo "PASS: the owner killed, $owner serves the same 7 entries"
