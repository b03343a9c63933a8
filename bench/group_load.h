// GroupLoad: batches of postings spread over several groups (tenants) of one server for a
// fixed time, as ERPs each posting to their own group would. `in_flight` calls are open at
// once over all groups; call slot k always posts to group k mod N (round-robin), and starts
// its next call when the last one answers. The same connections carry every group's calls
// (the group is named per call in x-interco-group), so a load over 1, 10 or 100 groups
// differs only in the groups it names.
//
// Measured: only the calls that complete inside the measured window (after a warm-up the
// load runs through untimed), and the server's CPU, disk writes and peak resident memory
// over that window (bench/process_meter.h).
#ifndef INTERCO_BENCH_GROUP_LOAD_H_
#define INTERCO_BENCH_GROUP_LOAD_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/figures.h"

namespace interco::bench {

struct GroupLoadOptions {
  std::string address;   // HOST:PORT of the server.
  pid_t server_pid = 0;  // For CPU, disk and memory; 0: not measured.
  // The groups posted to, each set up as tests/trading_group.h's group (A sells to B).
  std::vector<std::string> groups;
  int in_flight = 100;   // Calls open at once over all groups; >= groups.size().
  int batch_size = 100;  // Postings per BatchPostTransactions call (per item, not atomic).
  int connections = 8;   // Connections the calls share, whatever the number of groups.
  absl::Duration warm_up = absl::Seconds(3);
  absl::Duration measured = absl::Seconds(10);
  // Starts every request id, so that loads on one server never repeat an id.
  std::string request_prefix;
};

struct GroupLoadResult {
  // System "interco", scenario "groups", in_flight and batch_size as asked; postings,
  // lines, latencies (per batch), errors by code and the server figures of the window.
  Figures figures;
  int groups = 0;
  // Postings each group booked in the window, in the order of options.groups.
  std::vector<int64_t> postings_by_group;
};

// Runs the load. INVALID_ARGUMENT for no group, fewer slots than groups, or a size out of
// range; otherwise the figures, errors included (a call that failed is counted by code,
// a posting refused inside a batch as "item CODE").
absl::StatusOr<GroupLoadResult> RunGroupLoad(const GroupLoadOptions& options);

}  // namespace interco::bench

#endif  // INTERCO_BENCH_GROUP_LOAD_H_
