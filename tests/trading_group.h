// A small trading group set up through the real API, for ledger tests and load programs:
// P (EUR) holds 100% of A (EUR) and B (USD); goods are priced cost plus 8%; EUR/USD SPOT
// 1.1 on 2024-06-30.
#ifndef INTERCO_TESTS_TRADING_GROUP_H_
#define INTERCO_TESTS_TRADING_GROUP_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "grpcpp/grpcpp.h"
#include "interco/v1/ledger.pb.h"

namespace interco::testing {

absl::Status SetUpTradingGroup(const std::shared_ptr<grpc::Channel>& channel);

// AVERAGE and CLOSING EUR/USD rates of 1.1 for 2024, so that the group can be consolidated.
absl::Status AddConsolidationRates(const std::shared_ptr<grpc::Channel>& channel);

// A goods sale from `seller` to `buyer` on 2024-06-30: 2 units at cost `cost` EUR.
v1::PostTransactionRequest GoodsPosting(const std::string& request_id, const char* seller = "A",
                                        const char* buyer = "B", int64_t cost = 100);

}  // namespace interco::testing

#endif  // INTERCO_TESTS_TRADING_GROUP_H_
