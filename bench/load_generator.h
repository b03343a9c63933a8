// The load generator: drives the real interco_server over loopback through gRPC's callback
// API on several channels (connections), keeping a fixed number of calls in flight, and
// measures throughput, latency percentiles, errors by code, and the server process's CPU
// time and peak resident memory (from /proc).
#ifndef INTERCO_BENCH_LOAD_GENERATOR_H_
#define INTERCO_BENCH_LOAD_GENERATOR_H_

#include <sys/types.h>

#include <string>

#include "bench/figures.h"

namespace interco::bench {

struct Target {
  std::string address;  // HOST:PORT of a server with tests/trading_group.h's group.
  pid_t pid = 0;        // The server process, for CPU and memory.
};

// `total` PostTransaction calls, `in_flight` at a time. Request ids start with `prefix`.
Figures RunUnary(const Target& target, int in_flight, int total, const std::string& prefix);

// `batches` BatchPostTransactions calls of `size` postings (per item, not atomic),
// `in_flight` at a time.
Figures RunBatches(const Target& target, int in_flight, int size, int batches,
                   const std::string& prefix);

// `streams` StreamPostTransactions calls at once, each of `per_stream` postings; latency is
// per stream (its results arrive together at its end).
Figures RunStreams(const Target& target, int streams, int per_stream, const std::string& prefix);

}  // namespace interco::bench

#endif  // INTERCO_BENCH_LOAD_GENERATOR_H_
