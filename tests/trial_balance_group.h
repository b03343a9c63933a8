// The worked example of issue 17 for trial balance tests (docs/TRIAL_BALANCES.md): P (USD)
// holds 80% of S (USD) from 2024-01-01; a group chart of eight accounts; S keeps local
// accounts mapped to it, P books in the group chart itself.
#ifndef INTERCO_TESTS_TRIAL_BALANCE_GROUP_H_
#define INTERCO_TESTS_TRIAL_BALANCE_GROUP_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "grpcpp/grpcpp.h"
#include "interco/v1/trial_balance.pb.h"

namespace interco::testing {

// Upserts P, S, the edge, the chart and S's mapping (request ids "tbg-..."). The chart is
// at version 9 afterwards: eight accounts, then the mapping.
absl::Status SetUpTrialBalanceGroup(const std::shared_ptr<grpc::Channel>& channel);
// The chart and S's mapping alone, for a test that upserts P and S itself.
absl::Status SetUpTrialBalanceChart(const std::shared_ptr<grpc::Channel>& channel);

// An import request of `entity`'s trial balance for `period` in `currency`, lines as
// (account, balance), source system "ERP-<entity>".
v1::ImportTrialBalanceRequest TrialBalanceRequest(
    const std::string& request_id, const std::string& entity, const std::string& period,
    const std::string& currency, const std::vector<std::pair<std::string, std::string>>& lines);

// S at 2023-12-31 (net assets 1,100 just before the acquisition), S and P at 2024-12-31.
v1::ImportTrialBalanceRequest SubsidiaryOpening();
v1::ImportTrialBalanceRequest SubsidiaryYearEnd();
v1::ImportTrialBalanceRequest ParentYearEnd();

}  // namespace interco::testing

#endif  // INTERCO_TESTS_TRIAL_BALANCE_GROUP_H_
