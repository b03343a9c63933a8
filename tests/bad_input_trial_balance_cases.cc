// The bad-input table's trial balance rows: the refusals of docs/TRIAL_BALANCES.md (chart
// upserts, mappings, imports and their read-backs), each with its code and the field at
// fault, against the chart and trial balance SetUpTrialBalanceCases leaves.
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/text_format.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "tests/bad_input_cases.h"
#include "tests/requests.h"

namespace interco::testing {
namespace {

constexpr grpc::StatusCode kInvalid = grpc::INVALID_ARGUMENT;
constexpr grpc::StatusCode kNotFound = grpc::NOT_FOUND;
constexpr grpc::StatusCode kFailed = grpc::FAILED_PRECONDITION;
constexpr grpc::StatusCode kExists = grpc::ALREADY_EXISTS;

// A's (EUR, no mapping: it books in the group chart) June 2024, balanced.
constexpr absl::string_view kImport =
    R"pb(request_id: "bad-tb"
         entity_id: "A"
         period: "2024-06"
         currency_code: "EUR"
         source_system: "ERP-A"
         lines {
           account: "1000"
           balance { value: "100.00" }
         }
         lines {
           account: "3000"
           balance { value: "-100.00" }
         })pb";
constexpr absl::string_view kAccount =
    R"pb(request_id: "bad-account"
         account {
           account_id: "1200"
           name: "Receivables"
           account_class: ACCOUNT_CLASS_ASSET
           statement_line: "BS.ASSETS.RECEIVABLES"
           elimination_family: ELIMINATION_FAMILY_NONE
         })pb";
constexpr absl::string_view kMapping =
    R"pb(request_id: "bad-mapping"
         mapping {
           entity_id: "B"
           valid_from { year: 2024 month: 7 day: 1 }
           mappings { local_account: "B-CASH" group_account: "1000" }
         })pb";

// `base` with each `from` replaced by its `to`; a `from` not in it spoils the text, so the
// case fails to parse and says so.
// Ends the set-up with the call's error.
#define RETURN_IF_FAILED(call)                                                           \
  if (const grpc::Status status = (call); !status.ok()) {                                \
    return absl::InternalError(absl::StrCat("set-up failed: ", status.error_message())); \
  }

// A's import with `n` lines (balances all zero, so only the count is wrong).
std::string ImportWithLines(int n) {
  std::string text = R"pb(request_id: "bad-tb-long"
                          entity_id: "A"
                          period: "2024-06"
                          currency_code: "EUR"
                          source_system: "ERP-A")pb";
  for (int i = 0; i < n; ++i) {
    absl::StrAppend(&text, " lines { account: \"L", i, "\" balance { value: \"0\" } }");
  }
  return text;
}

std::vector<BadInputCase> ImportCases() {
  const std::string import(kImport);
  return {
      {"TbRequestIdMissing", "ImportTrialBalance", With(import, R"("bad-tb")", R"("")"), kInvalid,
       "request_id"},
      {"TbRequestIdReused", "ImportTrialBalance", With(import, R"("bad-tb")", R"("seed-tb")"),
       kExists, "request_id"},
      {"TbEntityUnknown", "ImportTrialBalance", With(import, R"("A")", R"("NOPE")"), kNotFound,
       "entity_id"},
      {"TbCurrencyNotFunctional", "ImportTrialBalance", With(import, R"("EUR")", R"("USD")"),
       kInvalid, "currency_code"},
      // Issue 24: 10^19 was accepted here and refused only by the consolidation (OVERFLOW);
      // the booked range (services/common/booked_amount.h) refuses it at the door.
      {"TbBalanceBeyondTheBookedRange", "ImportTrialBalance",
       With(With(import, R"("100.00")", R"("10000000000000000000.00")"), R"("-100.00")",
            R"("-10000000000000000000.00")"),
       kInvalid, "lines[0].balance"},
      {"TbPeriodMalformed", "ImportTrialBalance", With(import, "2024-06", "2024-13"), kInvalid,
       "period"},
      {"TbPeriodClosed", "ImportTrialBalance", With(import, "2024-06", "2024-05"), kFailed,
       "period"},
      {"TbSourceSystemMalformed", "ImportTrialBalance", With(import, "ERP-A", "ERP A"), kInvalid,
       "source_system"},
      {"TbNoLines", "ImportTrialBalance",
       R"pb(request_id: "bad-tb"
            entity_id: "A"
            period: "2024-06"
            currency_code: "EUR"
            source_system: "ERP-A")pb",
       kInvalid, "lines"},
      {"TbTooManyLines", "ImportTrialBalance", ImportWithLines(100001), kInvalid, "lines"},
      {"TbAccountTwice", "ImportTrialBalance", With(import, R"("3000")", R"("1000")"), kInvalid,
       "lines[1].account"},
      {"TbAccountNotInTheChart", "ImportTrialBalance", With(import, R"("3000")", R"("9999")"),
       kNotFound, "lines[1].account"},
      {"TbAccountNotInTheMapping", "ImportTrialBalance",
       With(With(import, R"("A")", R"("B")"), R"("EUR")", R"("USD")"), kNotFound,
       "lines[0].account"},
      {"TbTooManyPlaces", "ImportTrialBalance", With(import, "100.00", "100.001"), kInvalid,
       "lines[0].balance"},
      {"TbBalanceMalformed", "ImportTrialBalance", With(import, "100.00", "1e2"), kInvalid,
       "lines[0].balance"},
      {"TbNotBalanced", "ImportTrialBalance", With(import, R"("-100.00")", R"("-99.00")"), kInvalid,
       "lines"},
  };
}

std::vector<BadInputCase> ChartCases() {
  const std::string account(kAccount);
  const std::string mapping(kMapping);
  return {
      {"AccountRequestIdReused", "UpsertGroupAccount",
       With(account, R"("bad-account")", R"("seed-account-1000")"), kExists, "request_id"},
      {"AccountClassChanged", "UpsertGroupAccount",
       With(With(account, R"("1200")", R"("1000")"), "ACCOUNT_CLASS_ASSET",
            "ACCOUNT_CLASS_LIABILITY"),
       kFailed, "account.account_class"},
      {"AccountInvestmentFlagOnIncome", "UpsertGroupAccount",
       With(With(account, "ACCOUNT_CLASS_ASSET", "ACCOUNT_CLASS_INCOME"),
            "elimination_family: ELIMINATION_FAMILY_NONE",
            "elimination_family: ELIMINATION_FAMILY_NONE investment_in_held_entity: true"),
       kInvalid, "account.investment_in_held_entity"},
      {"MappingToAnAccountOutsideTheChart", "UpsertChartMapping",
       With(mapping, R"(group_account: "1000")", R"(group_account: "9999")"), kNotFound,
       "mapping.mappings[0].group_account"},
      {"MappingOfAnUnknownEntity", "UpsertChartMapping", With(mapping, R"("B")", R"("NOPE")"),
       kNotFound, "mapping.entity_id"},
      // Issue 24: a C1 control (U+0085) and a bidirectional override (U+202E), which the
      // byte check let through; text-format escapes of their UTF-8 bytes.
      {"MappingLocalAccountWithNextLine", "UpsertChartMapping",
       With(mapping, R"("B-CASH")", R"("B-CASH\302\205")"), kInvalid,
       "mapping.mappings[0].local_account"},
      {"MappingLocalAccountWithRightToLeftOverride", "UpsertChartMapping",
       With(mapping, R"("B-CASH")", R"("\342\200\256B-CASH")"), kInvalid,
       "mapping.mappings[0].local_account"},
  };
}

std::vector<BadInputCase> TrialBalanceReadCases() {
  return {
      {"GetGroupAccountUnknown", "GetGroupAccount", R"pb(account_id: "9999")pb", kNotFound,
       "account_id"},
      {"GetTrialBalanceNoneImported", "GetTrialBalance", R"pb(entity_id: "B" period: "2024-06")pb",
       kNotFound, "period"},
      {"TrialBalanceLinesPageTokenForged", "ListTrialBalanceLines",
       R"pb(entity_id: "A" period: "2024-06" page_token: "%%")pb", kInvalid, "page_token"},
  };
}

}  // namespace

std::vector<BadInputCase> TrialBalanceCases() {
  std::vector<BadInputCase> cases = ImportCases();
  for (auto part : {ChartCases(), TrialBalanceReadCases()}) {
    cases.insert(cases.end(), part.begin(), part.end());
  }
  return cases;
}

absl::Status SetUpTrialBalanceCases(const std::shared_ptr<grpc::Channel>& channel) {
  using Stub = v1::TrialBalanceService::Stub;
  const auto stub = v1::TrialBalanceService::NewStub(channel);
  for (const char* text : {R"pb(account_id: "1000"
                                name: "Cash"
                                account_class: ACCOUNT_CLASS_ASSET
                                statement_line: "BS.ASSETS.CASH"
                                elimination_family: ELIMINATION_FAMILY_NONE)pb",
                           R"pb(account_id: "3000"
                                name: "Share capital"
                                account_class: ACCOUNT_CLASS_EQUITY
                                statement_line: "BS.EQUITY.CAPITAL"
                                elimination_family: ELIMINATION_FAMILY_INVESTMENT_EQUITY)pb"}) {
    v1::UpsertGroupAccountRequest request;
    google::protobuf::TextFormat::ParseFromString(text, request.mutable_account());
    request.set_request_id("seed-account-" + request.account().account_id());
    v1::UpsertGroupAccountResponse response;
    RETURN_IF_FAILED(Call(*stub, &Stub::UpsertGroupAccount, request, &response));
  }
  v1::UpsertChartMappingRequest mapping;
  google::protobuf::TextFormat::ParseFromString(
      R"pb(request_id: "seed-mapping-B"
           mapping {
             entity_id: "B"
             valid_from { year: 2024 month: 1 day: 1 }
             mappings { local_account: "B-CASH" group_account: "1000" }
             mappings { local_account: "B-EQUITY" group_account: "3000" }
           })pb",
      &mapping);
  v1::UpsertChartMappingResponse mapped;
  RETURN_IF_FAILED(Call(*stub, &Stub::UpsertChartMapping, mapping, &mapped));
  v1::ImportTrialBalanceRequest import;
  google::protobuf::TextFormat::ParseFromString(
      With(kImport, {{R"("bad-tb")", R"("seed-tb")"}, {"100.00", "50.00"}}), &import);
  v1::ImportTrialBalanceResponse imported;
  RETURN_IF_FAILED(Call(*stub, &Stub::ImportTrialBalance, import, &imported));
  return absl::OkStatus();
}

}  // namespace interco::testing
