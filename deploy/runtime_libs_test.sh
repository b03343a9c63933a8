#!/usr/bin/env bash
# No Docker engine exists on these machines, so the runtime image is checked from what it
# is made of: every shared library the binaries load (ldd) must come from a Debian package
# that deploy/runtime-packages.txt lists (or that debian:12-slim always has), and the
# Dockerfile's runtime stage must install that list.
# Usage: runtime_libs_test.sh DOCKERFILE PACKAGE_LIST BINARY...
set -uo pipefail
dockerfile=$1 list=$2
shift 2
# In every Debian image: the C and C++ runtimes.
readonly base_image=(libc6 libgcc-s1 libstdc++6 zlib1g)
mapfile -t listed < <(grep -v '^#' "$list" | grep -v '^$')
problems=0
if ! sed -n '/^FROM .* AS runtime/,$p' "$dockerfile" | grep -q 'runtime-packages.txt'; then
  echo "FAIL: the runtime stage of $dockerfile does not install $(basename "$list")"
  problems=1
fi
checked=0
# Bazel's own shared objects (fastbuild builds link them) are part of the binary; skip them.
mapfile -t libraries < <(for binary in "$@"; do ldd "$binary"; done |
  awk '$2 == "=>" && $3 ~ /^\// {print $3}' | grep -v -e _solib -e bazel-out | sort -u)
for lib in "${libraries[@]}"; do
  real=$(readlink -f "$lib")
  package=$(dpkg -S "$real" 2>/dev/null | head -1 | cut -d: -f1)
  [[ -z "$package" ]] && package=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1)
  if [[ -z "$package" ]]; then
    echo "FAIL: the binaries load $lib, which no Debian package owns"
    problems=1
    continue
  fi
  checked=$((checked + 1))
  if [[ " ${listed[*]} ${base_image[*]} " != *" $package "* ]]; then
    echo "FAIL: the binaries load $lib from $package, which the runtime image lacks"
    problems=1
  fi
done
((checked > 0)) || { echo "FAIL: ldd found no libraries"; problems=1; }
((problems == 0)) && echo "ok: ${checked} libraries, every one from a package the image installs"
exit "$problems"
