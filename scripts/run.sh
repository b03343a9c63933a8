#!/usr/bin/env bash
# Sets up, builds and starts the Interco server in the foreground on 127.0.0.1:50051 with its
# data in ./var/interco. Extra arguments are passed to the server (e.g. --listen=0.0.0.0:50051).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
bazel build -c opt //services:interco_server
mkdir -p var/interco
exec bazel-bin/services/interco_server --listen=127.0.0.1:50051 --data_dir=var/interco "$@"
