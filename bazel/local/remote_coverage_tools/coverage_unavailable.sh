#!/bin/sh
# Bazel's coverage tools are downloaded on demand, which these machines cannot do.
echo "coverage is not supported in this offline build (see bazel/local/README.md)" >&2
exit 1
