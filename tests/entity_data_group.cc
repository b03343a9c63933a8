#include "tests/entity_data_group.h"

#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "tests/requests.h"
#include "tests/trading_group.h"

namespace interco::testing {

grpc::Status SetUpEntityDataGroup(const std::shared_ptr<grpc::Channel>& admin) {
  using TbS = v1::TrialBalanceService::Stub;
  absl::Status trading = SetUpTradingGroup(admin);
  if (!trading.ok()) return grpc::Status(grpc::INTERNAL, std::string(trading.message()));
  auto structure = v1::GroupStructureService::NewStub(admin);
  auto chart = v1::TrialBalanceService::NewStub(admin);
  auto policies = v1::PolicyService::NewStub(admin);
  auto ledger = v1::LedgerService::NewStub(admin);
  std::vector<std::function<grpc::Status()>> steps = {
      [&] {
        v1::UpsertEntityResponse out;
        return Call(*structure, &v1::GroupStructureService::Stub::UpsertEntity,
                    EntityRequest("Z", "e-Z"), &out);
      },
      [&] {
        v1::AddOwnershipEdgeResponse out;
        return Call(*structure, &v1::GroupStructureService::Stub::AddOwnershipEdge,
                    EdgeRequest("P", "Z", "1", "edge-Z"), &out);
      }};
  for (const auto& [id, account_class, investment] :
       {std::tuple{"1000", v1::ACCOUNT_CLASS_ASSET, false},
        {"1500", v1::ACCOUNT_CLASS_ASSET, true},
        {"3000", v1::ACCOUNT_CLASS_EQUITY, false}}) {
    steps.push_back([&, id = id, account_class = account_class, investment = investment] {
      v1::UpsertGroupAccountRequest request;
      request.set_request_id(std::string("account-") + id);
      v1::GroupAccount* account = request.mutable_account();
      account->set_account_id(id);
      account->set_name(std::string("Account ") + id);
      account->set_account_class(account_class);
      account->set_statement_line(investment ? "BS.ASSETS.INVESTMENTS" : "BS.OTHER");
      account->set_elimination_family(investment ? v1::ELIMINATION_FAMILY_INVESTMENT_EQUITY
                                                 : v1::ELIMINATION_FAMILY_NONE);
      account->set_investment_in_held_entity(investment);
      v1::UpsertGroupAccountResponse out;
      return Call(*chart, &TbS::UpsertGroupAccount, request, &out);
    });
  }
  for (const auto& [entity, currency] : {std::pair{"A", "EUR"}, {"B", "USD"}, {"Z", "EUR"}}) {
    const std::string e = entity, c = currency;
    steps.push_back([&, e] {
      v1::UpsertChartMappingRequest request;
      request.set_request_id("mapping-" + e);
      request.mutable_mapping()->set_entity_id(e);
      *request.mutable_mapping()->mutable_valid_from() = Date(2024, 1, 1);
      for (const auto& [local, group] : {std::pair{"CASH", "1000"}, {"CAPITAL", "3000"}}) {
        v1::LocalAccountMapping* line = request.mutable_mapping()->add_mappings();
        line->set_local_account(e + "-" + local);
        line->set_group_account(group);
      }
      v1::UpsertChartMappingResponse out;
      return Call(*chart, &TbS::UpsertChartMapping, request, &out);
    });
    for (const char* amount : {"100", "200"}) {
      if (e == "Z" && std::string(amount) == "200") continue;
      steps.push_back([&, e, c, amount] {
        v1::ImportTrialBalanceRequest request;
        request.set_request_id("tb-" + e + "-" + amount);
        request.set_entity_id(e);
        request.set_period("2024-06");
        request.set_currency_code(c);
        request.set_source_system("ERP-" + e);
        for (const auto& [local, sign] : {std::pair{"CASH", ""}, {"CAPITAL", "-"}}) {
          v1::TrialBalanceLine* line = request.add_lines();
          line->set_account(e + "-" + local);
          line->mutable_balance()->set_value(std::string(sign) + amount);
        }
        v1::ImportTrialBalanceResponse out;
        return Call(*chart, &TbS::ImportTrialBalance, request, &out);
      });
    }
    steps.push_back([&, e] {
      v1::UpsertAcquisitionRequest request;
      request.set_request_id("acquisition-" + e);
      v1::Acquisition* acquisition = request.mutable_acquisition();
      acquisition->set_holder_id("P");
      acquisition->set_held_id(e);
      *acquisition->mutable_acquisition_date() = Date(2024, 1, 1);
      acquisition->mutable_consideration()->set_currency_code("EUR");
      acquisition->mutable_consideration()->set_units(100);
      acquisition->set_investment_account("1500");
      acquisition->set_nci_measurement(v1::NCI_MEASUREMENT_PROPORTIONATE);
      v1::UpsertAcquisitionResponse out;
      return Call(*structure, &v1::GroupStructureService::Stub::UpsertAcquisition, request, &out);
    });
    if (e == "Z") continue;
    steps.push_back([&, e] {
      v1::UpsertAccountMapRequest request;
      request.set_request_id("map-" + e);
      request.set_entity_id(e);
      v1::AccountMapping* mapping = request.add_mappings();
      mapping->set_transaction_type(v1::TRANSACTION_TYPE_GOODS);
      mapping->set_seller_debit(e + "-IC-RECEIVABLE");
      mapping->set_seller_credit(e + "-IC-REVENUE");
      mapping->set_buyer_debit(e + "-IC-INVENTORY");
      mapping->set_buyer_credit(e + "-IC-PAYABLE");
      v1::UpsertAccountMapResponse out;
      return Call(*policies, &v1::PolicyService::Stub::UpsertAccountMap, request, &out);
    });
  }
  for (const auto& [id, seller, buyer] : {std::tuple{"e-AB", "A", "B"}, {"e-BZ", "B", "Z"}}) {
    steps.push_back([&, id = id, seller = seller, buyer = buyer] {
      v1::PostTransactionResponse out;
      return Call(*ledger, &v1::LedgerService::Stub::PostTransaction,
                  GoodsPosting(id, seller, buyer), &out);
    });
  }
  for (size_t i = 0; i < steps.size(); ++i) {
    const grpc::Status status = steps[i]();
    if (!status.ok()) {
      return grpc::Status(status.error_code(),
                          absl::StrCat("step ", i, ": ", status.error_message()));
    }
  }
  return grpc::Status::OK;
}

namespace {

template <typename Stub, typename Request, typename Response, typename Ids>
EntityRead Read(std::unique_ptr<Stub> (*new_stub)(const std::shared_ptr<grpc::ChannelInterface>&,
                                                  const grpc::StubOptions&),
                grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                std::function<void(const std::string&, Request*)> fill, Ids ids) {
  return [=](const std::shared_ptr<grpc::Channel>& channel, const std::string& entity,
             std::set<std::string>* seen) {
    Request request;
    fill(entity, &request);
    Response response;
    const grpc::Status status =
        Call(*new_stub(channel, grpc::StubOptions()), method, request, &response);
    if (status.ok()) ids(response, seen);
    return status;
  };
}

}  // namespace

std::map<std::string, EntityRead> EntityReads() {
  using Tb = v1::TrialBalanceService;
  using Gs = v1::GroupStructureService;
  using Ld = v1::LedgerService;
  using Pl = v1::PolicyService;
  return {
      {"GetTrialBalance",
       Read(&Tb::NewStub, &Tb::Stub::GetTrialBalance,
            std::function([](const std::string& e, v1::GetTrialBalanceRequest* r) {
              r->set_entity_id(e);
              r->set_period("2024-06");
            }),
            [](const v1::TrialBalanceVersion& r, auto* seen) { seen->insert(r.entity_id()); })},
      {"ListTrialBalances",
       Read(&Tb::NewStub, &Tb::Stub::ListTrialBalances,
            std::function(
                [](const std::string& e, v1::ListTrialBalancesRequest* r) { r->set_entity_id(e); }),
            [](const v1::ListTrialBalancesResponse& r, auto* seen) {
              for (const auto& tb : r.trial_balances()) seen->insert(tb.entity_id());
            })},
      {"ListTrialBalanceLines",
       Read(&Tb::NewStub, &Tb::Stub::ListTrialBalanceLines,
            std::function([](const std::string& e, v1::ListTrialBalanceLinesRequest* r) {
              r->set_entity_id(e);
              r->set_period("2024-06");
            }),
            [](const v1::ListTrialBalanceLinesResponse& r, auto* seen) {
              for (const auto& line : r.lines()) seen->insert(line.account().substr(0, 1));
            })},
      {"GetChartMapping",
       Read(&Tb::NewStub, &Tb::Stub::GetChartMapping,
            std::function([](const std::string& e, v1::GetChartMappingRequest* r) {
              r->set_entity_id(e);
              *r->mutable_valid_from() = Date(2024, 1, 1);
            }),
            [](const v1::VersionedChartMapping& r, auto* seen) {
              seen->insert(r.mapping().entity_id());
            })},
      {"ListChartMappings",
       Read(&Tb::NewStub, &Tb::Stub::ListChartMappings,
            std::function(
                [](const std::string& e, v1::ListChartMappingsRequest* r) { r->set_entity_id(e); }),
            [](const v1::ListChartMappingsResponse& r, auto* seen) {
              for (const auto& m : r.mappings()) seen->insert(m.mapping().entity_id());
            })},
      {"GetAcquisition", Read(&Gs::NewStub, &Gs::Stub::GetAcquisition,
                              std::function([](const std::string& e, v1::GetAcquisitionRequest* r) {
                                r->set_holder_id("P");
                                r->set_held_id(e);
                              }),
                              [](const v1::VersionedAcquisition& r, auto* seen) {
                                seen->insert(r.acquisition().held_id());
                              })},
      {"GetAccountMap",
       Read(&Pl::NewStub, &Pl::Stub::GetAccountMap,
            std::function(
                [](const std::string& e, v1::GetAccountMapRequest* r) { r->set_entity_id(e); }),
            [](const v1::VersionedAccountMap& r, auto* seen) { seen->insert(r.entity_id()); })},
      {"ListEntries", Read(&Ld::NewStub, &Ld::Stub::ListEntries,
                           std::function([](const std::string& e, v1::ListEntriesRequest* r) {
                             r->set_entity_id(e);
                           }),
                           [](const v1::ListEntriesResponse& r, auto* seen) {
                             for (const auto& entry : r.entries())
                               seen->insert(std::to_string(entry.sequence()));
                           })},
  };
}

namespace {

// A list read page by page (one record a page, so that paging is exercised too), without
// an entity filter.
template <typename Stub, typename Request, typename Response, typename Ids>
EntityRead EveryPage(std::unique_ptr<Stub> (*new_stub)(
                         const std::shared_ptr<grpc::ChannelInterface>&, const grpc::StubOptions&),
                     grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                     Ids ids) {
  constexpr int kPagesMax = 100;
  return [=](const std::shared_ptr<grpc::Channel>& channel, const std::string&,
             std::set<std::string>* seen) {
    auto stub = new_stub(channel, grpc::StubOptions());
    Request request;
    request.set_page_size(1);
    for (int page = 0; page < kPagesMax; ++page) {
      Response response;
      const grpc::Status status = Call(*stub, method, request, &response);
      if (!status.ok()) return status;
      ids(response, seen);
      if (response.next_page_token().empty()) return grpc::Status::OK;
      request.set_page_token(response.next_page_token());
    }
    return grpc::Status(grpc::INTERNAL, "more pages than the test's group has records");
  };
}

}  // namespace

std::map<std::string, EntityRead> UnfilteredEntityLists() {
  using Tb = v1::TrialBalanceService;
  using Gs = v1::GroupStructureService;
  using Pl = v1::PolicyService;
  return {
      {"ListTrialBalances", EveryPage(&Tb::NewStub, &Tb::Stub::ListTrialBalances,
                                      [](const v1::ListTrialBalancesResponse& r, auto* seen) {
                                        for (const auto& tb : r.trial_balances()) {
                                          seen->insert(tb.entity_id() + " v" +
                                                       std::to_string(tb.version()));
                                        }
                                      })},
      {"ListChartMappings", EveryPage(&Tb::NewStub, &Tb::Stub::ListChartMappings,
                                      [](const v1::ListChartMappingsResponse& r, auto* seen) {
                                        for (const auto& m : r.mappings()) {
                                          seen->insert(m.mapping().entity_id());
                                        }
                                      })},
      {"ListAcquisitions", EveryPage(&Gs::NewStub, &Gs::Stub::ListAcquisitions,
                                     [](const v1::ListAcquisitionsResponse& r, auto* seen) {
                                       for (const auto& a : r.acquisitions()) {
                                         seen->insert(a.acquisition().held_id());
                                       }
                                     })},
      {"ListAccountMaps", EveryPage(&Pl::NewStub, &Pl::Stub::ListAccountMaps,
                                    [](const v1::ListAccountMapsResponse& r, auto* seen) {
                                      for (const auto& m : r.account_maps()) {
                                        seen->insert(m.entity_id());
                                      }
                                    })},
  };
}

}  // namespace interco::testing
