// ImportMemoryProbe: issue 24's probe of what unfinished import streams make the server
// hold. `streams` clients at once each open StreamImportTrialBalance for A's 2024-06 trial
// balance and send `bytes_per_stream` in messages of about 1 MiB (lines with long account
// names, refused only once the import is checked), never closing their side; meanwhile the
// server's resident memory is sampled. Then every stream is cancelled.
#ifndef INTERCO_BENCH_IMPORT_MEMORY_PROBE_H_
#define INTERCO_BENCH_IMPORT_MEMORY_PROBE_H_

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace interco::bench {

struct ImportMemoryResult {
  int streams = 0;
  int64_t bytes_per_stream = 0;
  int64_t rss_before_kb = -1;  // VmRSS before the first stream opened.
  int64_t rss_peak_kb = -1;    // The largest VmRSS sampled (every 50 ms).
  double seconds_to_peak = 0;
  // How the streams ended on the server's side: "SENT" for those that sent everything and
  // were still open, else the status code's name of the refusal.
  std::map<std::string, int> outcomes;
};

absl::StatusOr<ImportMemoryResult> RunImportMemoryProbe(const std::string& address,
                                                        pid_t server_pid, int streams,
                                                        int64_t bytes_per_stream);

}  // namespace interco::bench

#endif  // INTERCO_BENCH_IMPORT_MEMORY_PROBE_H_
