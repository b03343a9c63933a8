// Groups (tenants) for the groups benchmark, through the real API: their ids, their creation
// (AdminService.CreateGroup), tests/trading_group.h's group set up in each, and a cheap call
// in each (GetLedgerHead), which opens a group the server holds closed. Every call goes to
// one server at `address` over one connection, one call at a time, and names its group in
// x-interco-group. Each function returns at the first failure, naming the group.
#ifndef INTERCO_BENCH_GROUP_SETUP_H_
#define INTERCO_BENCH_GROUP_SETUP_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace interco::bench {

// `count` ids "<prefix>0000", "<prefix>0001", ... (valid group ids for a lower-case prefix).
std::vector<std::string> GroupIds(const std::string& prefix, int count);

// Creates each group; the milliseconds each CreateGroup took, in the order of `ids`.
// Request ids are "<request_prefix><id>".
absl::StatusOr<std::vector<double>> CreateGroups(const std::string& address,
                                                 const std::vector<std::string>& ids,
                                                 const std::string& request_prefix);

// SetUpTradingGroup (entities P, A, B, the goods policy, a EUR/USD rate) in each group.
absl::Status SetUpGroups(const std::string& address, const std::vector<std::string>& ids);

// One GetLedgerHead in each group; the milliseconds each took, in the order of `ids`.
absl::StatusOr<std::vector<double>> TouchGroups(const std::string& address,
                                                const std::vector<std::string>& ids);

}  // namespace interco::bench

#endif  // INTERCO_BENCH_GROUP_SETUP_H_
