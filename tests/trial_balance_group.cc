#include "tests/trial_balance_group.h"

#include "google/protobuf/text_format.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "tests/requests.h"

namespace interco::testing {
namespace {

template <typename Message>
Message Parsed(const std::string& text) {
  Message message;
  if (!google::protobuf::TextFormat::ParseFromString(text, &message)) message.Clear();
  return message;
}

constexpr const char* kAccounts[] = {
    R"pb(account_id: "1000"
         name: "Cash"
         account_class: ACCOUNT_CLASS_ASSET
         statement_line: "BS.ASSETS.CASH"
         elimination_family: ELIMINATION_FAMILY_NONE)pb",
    R"pb(account_id: "1500"
         name: "Investment in subsidiaries"
         account_class: ACCOUNT_CLASS_ASSET
         statement_line: "BS.ASSETS.INVESTMENTS"
         elimination_family: ELIMINATION_FAMILY_INVESTMENT_EQUITY
         investment_in_held_entity: true)pb",
    R"pb(account_id: "3000"
         name: "Share capital"
         account_class: ACCOUNT_CLASS_EQUITY
         statement_line: "BS.EQUITY.SHARE_CAPITAL"
         elimination_family: ELIMINATION_FAMILY_INVESTMENT_EQUITY)pb",
    R"pb(account_id: "3100"
         name: "Retained earnings"
         account_class: ACCOUNT_CLASS_EQUITY
         statement_line: "BS.EQUITY.RETAINED_EARNINGS"
         elimination_family: ELIMINATION_FAMILY_INVESTMENT_EQUITY)pb",
    R"pb(account_id: "3200"
         name: "Dividends declared"
         account_class: ACCOUNT_CLASS_EQUITY
         statement_line: "BS.EQUITY.DIVIDENDS"
         elimination_family: ELIMINATION_FAMILY_DIVIDEND
         dividends_declared: true)pb",
    R"pb(account_id: "4000"
         name: "Revenue"
         account_class: ACCOUNT_CLASS_INCOME
         statement_line: "IS.REVENUE"
         elimination_family: ELIMINATION_FAMILY_NONE)pb",
    R"pb(account_id: "4900"
         name: "Dividend income"
         account_class: ACCOUNT_CLASS_INCOME
         statement_line: "IS.DIVIDEND_INCOME"
         elimination_family: ELIMINATION_FAMILY_DIVIDEND
         dividend_income: true)pb",
    R"pb(account_id: "5000"
         name: "Operating expenses"
         account_class: ACCOUNT_CLASS_EXPENSE
         statement_line: "IS.OPERATING_EXPENSES"
         elimination_family: ELIMINATION_FAMILY_NONE)pb",
};

}  // namespace

v1::ImportTrialBalanceRequest TrialBalanceRequest(
    const std::string& request_id, const std::string& entity, const std::string& period,
    const std::string& currency, const std::vector<std::pair<std::string, std::string>>& lines) {
  v1::ImportTrialBalanceRequest request;
  request.set_request_id(request_id);
  request.set_entity_id(entity);
  request.set_period(period);
  request.set_currency_code(currency);
  request.set_source_system("ERP-" + entity);
  for (const auto& [account, balance] : lines) {
    v1::TrialBalanceLine* line = request.add_lines();
    line->set_account(account);
    line->mutable_balance()->set_value(balance);
  }
  return request;
}

absl::Status SetUpTrialBalanceGroup(const std::shared_ptr<grpc::Channel>& channel) {
  auto structure = v1::GroupStructureService::NewStub(channel);
  v1::UpsertEntityResponse entity;
  for (const char* id : {"P", "S"}) {
    const grpc::Status status = Call(*structure, &v1::GroupStructureService::Stub::UpsertEntity,
                                     EntityRequest(id, std::string("tbg-") + id, "USD"), &entity);
    if (!status.ok()) return absl::InternalError(status.error_message());
  }
  v1::AddOwnershipEdgeResponse edge;
  grpc::Status status = Call(*structure, &v1::GroupStructureService::Stub::AddOwnershipEdge,
                             EdgeRequest("P", "S", "0.8", "tbg-edge"), &edge);
  if (!status.ok()) return absl::InternalError(status.error_message());
  return SetUpTrialBalanceChart(channel);
}

absl::Status SetUpTrialBalanceChart(const std::shared_ptr<grpc::Channel>& channel) {
  auto chart = v1::TrialBalanceService::NewStub(channel);
  grpc::Status status;
  int n = 0;
  for (const char* text : kAccounts) {
    v1::UpsertGroupAccountRequest request;
    request.set_request_id("tbg-account-" + std::to_string(++n));
    *request.mutable_account() = Parsed<v1::GroupAccount>(text);
    v1::UpsertGroupAccountResponse response;
    status = Call(*chart, &v1::TrialBalanceService::Stub::UpsertGroupAccount, request, &response);
    if (!status.ok()) return absl::InternalError(status.error_message());
  }
  const auto mapping = Parsed<v1::UpsertChartMappingRequest>(R"pb(
    request_id: "tbg-mapping-S"
    mapping {
      entity_id: "S"
      valid_from { year: 2023 month: 1 day: 1 }
      mappings { local_account: "S-CASH" group_account: "1000" }
      mappings { local_account: "S-CAPITAL" group_account: "3000" }
      mappings { local_account: "S-RESERVES" group_account: "3100" }
      mappings { local_account: "S-DIVIDENDS" group_account: "3200" }
      mappings { local_account: "S-SALES" group_account: "4000" }
      mappings { local_account: "S-COSTS" group_account: "5000" }
    })pb");
  v1::UpsertChartMappingResponse mapped;
  status = Call(*chart, &v1::TrialBalanceService::Stub::UpsertChartMapping, mapping, &mapped);
  if (!status.ok()) return absl::InternalError(status.error_message());
  return absl::OkStatus();
}

v1::ImportTrialBalanceRequest SubsidiaryOpening() {
  return TrialBalanceRequest(
      "tb-S-2023-12", "S", "2023-12", "USD",
      {{"S-CASH", "1100.00"}, {"S-CAPITAL", "-500.00"}, {"S-RESERVES", "-600.00"}});
}

v1::ImportTrialBalanceRequest SubsidiaryYearEnd() {
  return TrialBalanceRequest("tb-S-2024-12", "S", "2024-12", "USD",
                             {{"S-CASH", "1250.00"},
                              {"S-CAPITAL", "-500.00"},
                              {"S-RESERVES", "-600.00"},
                              {"S-DIVIDENDS", "50.00"},
                              {"S-SALES", "-700.00"},
                              {"S-COSTS", "500.00"}});
}

v1::ImportTrialBalanceRequest ParentYearEnd() {
  return TrialBalanceRequest("tb-P-2024-12", "P", "2024-12", "USD",
                             {{"1000", "1340.00"},
                              {"1500", "1000.00"},
                              {"3000", "-2000.00"},
                              {"4000", "-900.00"},
                              {"4900", "-40.00"},
                              {"5000", "600.00"}});
}

}  // namespace interco::testing
