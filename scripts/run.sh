#!/usr/bin/env bash
# Sets up, builds and starts the Interco server in the foreground on 127.0.0.1:50051 with its
# data in ./var/interco. Extra arguments are passed to the server (e.g. --listen=0.0.0.0:50051).
# The server and the `interco` CLI are installed into ./var/bin first, a path that does not
# change when a later build (of another configuration) repoints bazel-bin.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
bazel build -c opt //services:interco_server //services/cli:interco
mkdir -p var/interco var/bin
install -m 755 bazel-bin/services/interco_server bazel-bin/services/cli/interco var/bin/
exec var/bin/interco_server --listen=127.0.0.1:50051 --data_dir=var/interco "$@"
