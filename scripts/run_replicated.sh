#!/usr/bin/env bash
# Replicated mode on one machine, for trying it: a 3-member etcd cluster and three Interco
# servers on loopback, each with its own data directory under var/replicated/.
#
#   scripts/run_replicated.sh start    set up, build, start everything (in the background)
#   scripts/run_replicated.sh status   which pod serves the default group, and each pod's pid
#   scripts/run_replicated.sh owner    the address of the pod serving the default group
#   scripts/run_replicated.sh restart-pod N   start pod-N again on its data directory
#   scripts/run_replicated.sh stop     stop the servers (SIGTERM) and etcd
#
# Servers listen on 127.0.0.1:20061-20063 (pod-0..pod-2; metrics on 9471-9473), etcd on
# 127.0.0.1:2381-2383 (peers 2391-2393): all below Linux's ephemeral ports (32768 and up),
# which the connections between them use, so that none of them can be taken already. Logs: var/replicated/*.log. INTERCO_BIN_DIR: use the interco_server and
# interco binaries there instead of building (the test of this script does). VAR_DIR: put
# everything there instead of var/replicated.
set -euo pipefail
cd "$(dirname "$0")/.."
var=${VAR_DIR:-var/replicated}
bin=${INTERCO_BIN_DIR:-var/bin}
etcd_clients=(2381 2382 2383)
etcd_peers=(2391 2392 2393)
pods=(20061 20062 20063)
metrics=(9471 9472 9473)

endpoints() {
  local out=() p
  for p in "${etcd_clients[@]}"; do out+=("127.0.0.1:$p"); done
  (IFS=,; echo "${out[*]}")
}

start_etcd() {
  local cluster="" i
  for i in 0 1 2; do cluster+="${cluster:+,}etcd-$i=http://127.0.0.1:${etcd_peers[$i]}"; done
  for i in 0 1 2; do
    # --max-request-bytes above the log's record size (1.4 MiB); a lower --snapshot-count
    # bounds the raft log each member keeps in memory (docs/OPERATIONS.md, replicated mode).
    etcd --name "etcd-$i" --data-dir "$var/etcd-$i" \
      --listen-client-urls "http://127.0.0.1:${etcd_clients[$i]}" \
      --advertise-client-urls "http://127.0.0.1:${etcd_clients[$i]}" \
      --listen-peer-urls "http://127.0.0.1:${etcd_peers[$i]}" \
      --initial-advertise-peer-urls "http://127.0.0.1:${etcd_peers[$i]}" \
      --initial-cluster "$cluster" --initial-cluster-token interco-replicated \
      --max-request-bytes 2097152 --snapshot-count 10000 \
      --quota-backend-bytes 8589934592 --auto-compaction-mode periodic \
      --auto-compaction-retention 1h >"$var/etcd-$i.log" 2>&1 &
    echo $! >"$var/etcd-$i.pid"
  done
}

start_pod() {
  local i=$1
  "$bin/interco_server" --listen="127.0.0.1:${pods[$i]}" --data_dir="$var/pod-$i" \
    --metrics_listen="127.0.0.1:${metrics[$i]}" \
    --etcd_endpoints="$(endpoints)" --pod_name="pod-$i" \
    >"$var/pod-$i.out" 2>"$var/pod-$i.log" &
  echo $! >"$var/pod-$i.pid"
}

# Whether pod $1 has printed its "listening on" line within 30 s.
listening() {
  local tries
  for tries in $(seq 300); do
    grep -q "listening on" "$var/pod-$1.out" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# The pod serving the default group: its index, or nothing after 30 s.
# (Any pod answers a read, forwarding it to the owner: the owner is the one whose metrics
# say it owns a group. Read with bash's /dev/tcp: no curl on a fresh Debian.)
owns() {
  local reply
  reply=$( (exec 3<>"/dev/tcp/127.0.0.1/${metrics[$1]}" &&
            printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3 && cat <&3) 2>/dev/null) || return 1
  [[ $reply == *$'\ninterco_replication_groups_owned 1'* ]]
}

owner() {
  local tries i
  for tries in $(seq 300); do
    for i in 0 1 2; do
      if owns "$i"; then
        echo "$i"
        return 0
      fi
    done
    sleep 0.1
  done
  return 1
}

case "${1:-start}" in
  start)
    if [[ -z "${INTERCO_BIN_DIR:-}" ]]; then
      scripts/setup.sh
      bazel build -c opt //services:interco_server //services/cli:interco
      mkdir -p var/bin
      install -m 755 bazel-bin/services/interco_server bazel-bin/services/cli/interco var/bin/
    fi
    mkdir -p "$var"
    start_etcd
    # pod-0 first, so that it is the one that claims the default group (as soon as etcd has
    # a quorum), then the two that follow it.
    start_pod 0
    o=$(owner) || { echo "no pod serves the default group; see $var/*.log" >&2; exit 1; }
    for i in 1 2; do start_pod "$i"; done
    for i in 1 2; do listening "$i" || { echo "pod-$i did not start; see $var/pod-$i.log" >&2; exit 1; }; done
    echo "etcd at $(endpoints); pods at 127.0.0.1:${pods[0]},${pods[1]},${pods[2]}; pod-$o serves the default group"
    ;;
  status)
    for i in 0 1 2; do
      pid=$(cat "$var/pod-$i.pid" 2>/dev/null || true)
      if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then state="pid $pid"; else state="down"; fi
      echo "pod-$i 127.0.0.1:${pods[$i]} $state"
    done
    o=$(owner) && echo "pod-$o serves the default group"
    ;;
  owner)
    o=$(owner) || { echo "no pod serves the default group" >&2; exit 1; }
    echo "127.0.0.1:${pods[$o]}"
    ;;
  restart-pod)
    start_pod "$2"
    listening "$2" || { echo "pod-$2 did not start; see $var/pod-$2.log" >&2; exit 1; }
    ;;
  stop)
    stopping=()
    for f in "$var"/pod-*.pid "$var"/etcd-*.pid; do
      [[ -f "$f" ]] && kill "$(cat "$f")" 2>/dev/null && stopping+=("$(cat "$f")")
      rm -f "$f"
    done
    # Gone before this returns (30 s at most each): their ports, locks and files are free
    # for a start or a clean-up after it.
    for pid in "${stopping[@]}"; do
      for tries in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    ;;
  *)
    echo "usage: $0 start|status|owner|restart-pod N|stop" >&2
    exit 2
    ;;
esac
