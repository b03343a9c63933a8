// The embedded-mode writer rule: one process owns the RocksDB data directory, so one pod
// of a deployment may serve the ledger. On Kubernetes that is not enforced by RocksDB's
// LOCK: each StatefulSet replica gets its own volume from volumeClaimTemplates, so a second
// replica would open an empty data directory of its own, become Ready, and the Service
// would split postings between two ledgers. The deployment names the one writer
// (--single_writer_pod) and every other pod refuses to start.
#ifndef INTERCO_SERVICES_SINGLE_WRITER_GUARD_H_
#define INTERCO_SERVICES_SINGLE_WRITER_GUARD_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace interco {

// Returns OK when `single_writer_pod` is empty (no guard: local runs and tests) or equals
// `pod_name`, this process's pod. Otherwise FAILED_PRECONDITION with a one-line message
// that names both, says why and what to do: when `pod_name` differs (another replica) and
// when it is empty (the pod's name is unknown, so it cannot be shown to be the writer).
// Pure and thread-safe; the caller decides to exit before opening the data directory.
absl::Status CheckSingleWriter(absl::string_view single_writer_pod, absl::string_view pod_name);

}  // namespace interco

#endif  // INTERCO_SERVICES_SINGLE_WRITER_GUARD_H_
