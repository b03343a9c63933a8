// The bad-input table: requests to every service that must be refused with a specific
// status code (and, where one field is at fault, a BadRequest violation naming it), and
// must write nothing. Requests are protobuf text format, so the table reads as data.
#ifndef INTERCO_TESTS_BAD_INPUT_CASES_H_
#define INTERCO_TESTS_BAD_INPUT_CASES_H_

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/grpcpp.h"

namespace interco::testing {

struct BadInputCase {
  std::string name;     // A test name: letters, digits and underscores.
  std::string method;   // The RPC's short name, e.g. "PostTransaction".
  std::string request;  // The request in text format.
  grpc::StatusCode code;
  std::string field;  // The field the first violation names; "" when none is expected.
  // The x-interco-group header the call sends, '|' between values when it sends several;
  // "": none (the group "default").
  std::string group = "";
};

// The cases assume the group of bad_input_e2e_test.cc: entities P, A (EUR) and B (USD),
// P holding all of A and B from 2024-01-01; department A-IT and employee E1 of A; a goods
// cost-plus policy "goods"; EUR/USD rates; one posting (sequence 1, request id
// "seed-1"); A's 2024-05 closed; a group chart of accounts 1000 (asset, request id
// "seed-account-1000") and 3000 (equity), B's mapping of B-CASH and B-EQUITY from
// 2024-01-01, and A's June 2024 trial balance (request id "seed-tb"); account 1500 flagged
// investment_in_held_entity and P's acquisition of A on 2024-03-01 (request id
// "seed-acq").
const std::vector<BadInputCase>& BadInputCases();

// `base` with each `from` replaced by its `to`, for writing a case as a change to a valid
// request. A `from` that does not occur is a mistake in the table; the result then does not
// parse, and the case fails saying so.
std::string With(absl::string_view base,
                 std::initializer_list<std::pair<absl::string_view, absl::string_view>> swaps);
std::string With(absl::string_view base, absl::string_view from, absl::string_view to);

// The read-back cases (bad_input_read_cases.cc), part of BadInputCases().
std::vector<BadInputCase> ReadBackCases();

// The trial balance cases (bad_input_trial_balance_cases.cc), part of BadInputCases().
std::vector<BadInputCase> TrialBalanceCases();
// Upserts what they assume on the group above: the chart, B's mapping, A's June 2024.
absl::Status SetUpTrialBalanceCases(const std::shared_ptr<grpc::Channel>& channel);

// The group cases (bad_input_group_cases.cc): the header every call may carry and the
// AdminService group methods; part of BadInputCases().
std::vector<BadInputCase> GroupCases();

// The acquisition cases (bad_input_acquisition_cases.cc), part of BadInputCases().
std::vector<BadInputCase> AcquisitionCases();
// Upserts what they assume, after SetUpTrialBalanceCases: account 1500, the seed acquisition.
absl::Status SetUpAcquisitionCases(const std::shared_ptr<grpc::Channel>& channel);

}  // namespace interco::testing

#endif  // INTERCO_TESTS_BAD_INPUT_CASES_H_
