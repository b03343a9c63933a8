// The bad-input table's acquisition rows: the refusals of UpsertAcquisition
// (docs/GROUP_STRUCTURE.md, "Acquisitions"), of its read-backs, and of the edge ends and
// currency changes a recorded acquisition forbids, each with its code and the field at
// fault, against what SetUpAcquisitionCases leaves.
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/text_format.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "tests/bad_input_cases.h"
#include "tests/requests.h"

namespace interco::testing {
namespace {

constexpr grpc::StatusCode kInvalid = grpc::INVALID_ARGUMENT;
constexpr grpc::StatusCode kNotFound = grpc::NOT_FOUND;
constexpr grpc::StatusCode kFailed = grpc::FAILED_PRECONDITION;
constexpr grpc::StatusCode kExists = grpc::ALREADY_EXISTS;

// P (EUR) acquires B (USD), which it holds from 2024-01-01: valid as it stands.
constexpr absl::string_view kAcquisition =
    R"pb(request_id: "bad-acq"
         acquisition {
           holder_id: "P"
           held_id: "B"
           acquisition_date { year: 2024 month: 1 day: 1 }
           consideration { currency_code: "EUR" units: 900 }
           investment_account: "1500"
           nci_measurement: NCI_MEASUREMENT_FAIR_VALUE
           nci_fair_value { currency_code: "USD" units: 100 }
           fair_value_adjustments {
             account: "1000"
             amount { currency_code: "USD" units: 5 }
           }
         })pb";

// The acquisition the set-up records: P of A on 2024-03-01.
constexpr absl::string_view kSeed =
    R"pb(request_id: "seed-acq"
         acquisition {
           holder_id: "P"
           held_id: "A"
           acquisition_date { year: 2024 month: 3 day: 1 }
           consideration { currency_code: "EUR" units: 1000 }
           investment_account: "1500"
           nci_measurement: NCI_MEASUREMENT_PROPORTIONATE
         })pb";

// `base` with each `from` replaced by its `to`; a `from` not in it spoils the text, so the
// case fails to parse and says so.
std::vector<BadInputCase> UpsertCases() {
  const std::string a(kAcquisition);
  const char* upsert = "UpsertAcquisition";
  return {
      {"AcquisitionRequestIdMissing", upsert, With(a, R"("bad-acq")", R"("")"), kInvalid,
       "request_id"},
      {"AcquisitionRequestIdReused", upsert, With(a, R"("bad-acq")", R"("seed-acq")"), kExists,
       "request_id"},
      {"AcquisitionHolderUnknown", upsert, With(a, R"(holder_id: "P")", R"(holder_id: "NOPE")"),
       kNotFound, "acquisition.holder_id"},
      {"AcquisitionHeldUnknown", upsert, With(a, R"(held_id: "B")", R"(held_id: "NOPE")"),
       kNotFound, "acquisition.held_id"},
      {"AcquisitionOfItself", upsert, With(a, R"(held_id: "B")", R"(held_id: "P")"), kInvalid,
       "acquisition.held_id"},
      {"AcquisitionOfAnEntityNotHeld", upsert, With(a, R"(holder_id: "P")", R"(holder_id: "A")"),
       kFailed, "acquisition.held_id"},
      {"AcquisitionBeforeTheEdge", upsert, With(a, "year: 2024 month: 1", "year: 2023 month: 12"),
       kFailed, "acquisition.held_id"},
      {"AcquisitionMidMonth", upsert, With(a, "day: 1 }", "day: 15 }"), kInvalid,
       "acquisition.acquisition_date"},
      {"AcquisitionWithoutDate", upsert,
       With(a, "acquisition_date { year: 2024 month: 1 day: 1 }", ""), kInvalid,
       "acquisition.acquisition_date"},
      {"AcquisitionNegativeConsideration", upsert, With(a, "units: 900", "units: -900"), kInvalid,
       "acquisition.consideration"},
      // Issue 24: amounts within the booked range (services/common/booked_amount.h), so
      // that the consolidation's sums of them stay exact.
      {"AcquisitionConsiderationBeyondTheBookedRange", upsert,
       With(a, "units: 900", "units: 20000000000000000"), kInvalid, "acquisition.consideration"},
      {"AcquisitionNciFairValueBeyondTheBookedRange", upsert,
       With(a, "units: 100", "units: 20000000000000000"), kInvalid, "acquisition.nci_fair_value"},
      {"AcquisitionAdjustmentBeyondTheBookedRange", upsert,
       With(a, "units: 5", "units: 20000000000000000"), kInvalid,
       "acquisition.fair_value_adjustments[0].amount"},
      {"AcquisitionConsiderationBelowACent", upsert,
       With(a, "units: 900", "units: 900 nanos: 1000000"), kInvalid, "acquisition.consideration"},
      {"AcquisitionConsiderationNotTheHoldersCurrency", upsert,
       With(a, R"(currency_code: "EUR")", R"(currency_code: "USD")"), kInvalid,
       "acquisition.consideration.currency_code"},
      {"AcquisitionWithoutConsideration", upsert,
       With(a, R"(consideration { currency_code: "EUR" units: 900 })", ""), kInvalid,
       "acquisition.consideration"},
      {"AcquisitionInvestmentAccountNotInTheChart", upsert, With(a, R"("1500")", R"("9999")"),
       kNotFound, "acquisition.investment_account"},
      {"AcquisitionInvestmentAccountNotFlagged", upsert, With(a, R"("1500")", R"("1000")"), kFailed,
       "acquisition.investment_account"},
      {"AcquisitionWithoutNciMeasurement", upsert,
       With(a, "nci_measurement: NCI_MEASUREMENT_FAIR_VALUE", ""), kInvalid,
       "acquisition.nci_measurement"},
      {"AcquisitionNciFairValueBelowZero", upsert, With(a, "units: 100", "units: -100"), kInvalid,
       "acquisition.nci_fair_value"},
      {"AcquisitionNciFairValueMissing", upsert,
       With(a, R"(nci_fair_value { currency_code: "USD" units: 100 })", ""), kInvalid,
       "acquisition.nci_fair_value"},
      {"AcquisitionNciFairValueWithProportionateNci", upsert,
       With(a, "NCI_MEASUREMENT_FAIR_VALUE", "NCI_MEASUREMENT_PROPORTIONATE"), kInvalid,
       "acquisition.nci_fair_value"},
      {"AcquisitionHeldAmountsNotTheHeldEntitysCurrency", upsert,
       With(a, R"(currency_code: "USD")", R"(currency_code: "EUR")"), kInvalid,
       "acquisition.nci_fair_value.currency_code"},
      {"AcquisitionAdjustmentAccountNotInTheChart", upsert,
       With(a, R"(account: "1000")", R"(account: "9999")"), kNotFound,
       "acquisition.fair_value_adjustments[0].account"},
      {"AcquisitionAdjustmentToEquity", upsert, With(a, R"(account: "1000")", R"(account: "3000")"),
       kFailed, "acquisition.fair_value_adjustments[0].account"},
      {"AcquisitionAdjustmentAccountTwice", upsert,
       With(a, "fair_value_adjustments {",
            R"(fair_value_adjustments {
                 account: "1000"
                 amount { currency_code: "USD" units: 6 }
               }
               fair_value_adjustments {)"),
       kInvalid, "acquisition.fair_value_adjustments[1].account"},
      {"AcquisitionAdjustmentBelowACent", upsert, With(a, "units: 5", "units: 5 nanos: 1000000"),
       kInvalid, "acquisition.fair_value_adjustments[0].amount"},
  };
}

// What the seed acquisition (P of A on 2024-03-01) forbids, and the read-backs' refusals.
std::vector<BadInputCase> GuardAndReadCases() {
  return {
      {"EdgeEndedBeforeAnAcquisition", "EndOwnershipEdge",
       R"pb(request_id: "bad-end-acq"
            holder_id: "P"
            held_id: "A"
            valid_from { year: 2024 month: 1 day: 1 }
            valid_to { year: 2024 month: 2 day: 1 })pb",
       kFailed, "valid_to"},
      {"CurrencyChangedUnderAnAcquisition", "UpsertEntity",
       R"pb(request_id: "bad-entity-acq"
            entity { entity_id: "P" name: "Entity P" jurisdiction: "DE" functional_currency: "USD" })pb",
       kFailed, "entity.functional_currency"},
      {"GetAcquisitionNoneRecorded", "GetAcquisition", R"pb(holder_id: "P" held_id: "B")pb",
       kNotFound, "held_id"},
      {"GetAcquisitionUnknownHolder", "GetAcquisition", R"pb(holder_id: "NOPE" held_id: "A")pb",
       kNotFound, "holder_id"},
      {"GetAcquisitionBeyondTheLatestVersion", "GetAcquisition",
       R"pb(holder_id: "P" held_id: "A" as_of_structure_version: 999)pb", kNotFound,
       "as_of_structure_version"},
      {"AcquisitionsPageSizeNegative", "ListAcquisitions", "page_size: -1", kInvalid, "page_size"},
      {"AcquisitionsPageTokenForged", "ListAcquisitions", R"pb(page_token: "%%")pb", kInvalid,
       "page_token"},
  };
}

}  // namespace

std::vector<BadInputCase> AcquisitionCases() {
  std::vector<BadInputCase> cases = UpsertCases();
  const std::vector<BadInputCase> more = GuardAndReadCases();
  cases.insert(cases.end(), more.begin(), more.end());
  return cases;
}

absl::Status SetUpAcquisitionCases(const std::shared_ptr<grpc::Channel>& channel) {
  v1::UpsertGroupAccountRequest account;
  google::protobuf::TextFormat::ParseFromString(
      R"pb(request_id: "seed-account-1500"
           account {
             account_id: "1500"
             name: "Investments"
             account_class: ACCOUNT_CLASS_ASSET
             statement_line: "BS.ASSETS.INVESTMENTS"
             elimination_family: ELIMINATION_FAMILY_INVESTMENT_EQUITY
             investment_in_held_entity: true
           })pb",
      &account);
  v1::UpsertGroupAccountResponse account_written;
  grpc::Status status =
      Call(*v1::TrialBalanceService::NewStub(channel),
           &v1::TrialBalanceService::Stub::UpsertGroupAccount, account, &account_written);
  if (!status.ok()) return absl::InternalError("set-up failed: " + status.error_message());
  v1::UpsertAcquisitionRequest seed;
  google::protobuf::TextFormat::ParseFromString(std::string(kSeed), &seed);
  v1::UpsertAcquisitionResponse seeded;
  status = Call(*v1::GroupStructureService::NewStub(channel),
                &v1::GroupStructureService::Stub::UpsertAcquisition, seed, &seeded);
  if (!status.ok()) return absl::InternalError("set-up failed: " + status.error_message());
  return absl::OkStatus();
}

}  // namespace interco::testing
