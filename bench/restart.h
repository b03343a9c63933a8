// Restart time: a data directory holding a ledger of a given number of lines (appended
// through the real LedgerStore in synced batches), then the real server started on it,
// timed from exec to the first health check answering SERVING.
#ifndef INTERCO_BENCH_RESTART_H_
#define INTERCO_BENCH_RESTART_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/figures.h"

namespace interco::bench {

// Appends postings of four lines until `lines` are in the ledger at `directory` (fresh).
absl::Status FillLedger(const std::string& directory, int64_t lines);

// Starts the server on `directory` `runs` times, with `extra_flags` besides the address, the
// directory and the log level; the figures hold the start-up times.
absl::StatusOr<Figures> RunRestart(const std::string& directory, int64_t lines, int runs,
                                   const std::vector<std::string>& extra_flags = {});

}  // namespace interco::bench

#endif  // INTERCO_BENCH_RESTART_H_
