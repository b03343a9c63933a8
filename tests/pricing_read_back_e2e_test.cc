// End to end: what PolicyService wrote reads back equal, with the pricing version that
// wrote it; period closes answer their version; a quote states its arm's-length range in
// the indicator's terms; each ledger line names the quote it was priced by.
#include <string>
#include <vector>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "interco/v1/transfer_pricing.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

using google::protobuf::util::MessageDifferencer;
using P = v1::PolicyService::Stub;

// Cost plus with five comparable markups: the US interquartile range is 4.3% to 6.25%.
v1::UpsertPolicyRequest ServicesPolicy(const std::string& id, const std::string& request_id) {
  v1::UpsertPolicyRequest request;
  request.set_request_id(request_id);
  v1::Policy* policy = request.mutable_policy();
  policy->set_policy_id(id);
  policy->mutable_pattern()->set_transaction_type(v1::TRANSACTION_TYPE_SERVICES);
  policy->mutable_pattern()->set_seller_id("A");
  policy->mutable_pattern()->set_category(id);
  *policy->mutable_pattern()->mutable_validity()->mutable_valid_from() = Date(2024, 1, 1);
  policy->set_method(v1::PRICING_METHOD_COST_PLUS);
  for (const char* markup : {"0.04", "0.043", "0.05", "0.0625", "0.07"}) {
    policy->add_comparables()->set_value(markup);
  }
  policy->set_range_strategy(v1::RANGE_STRATEGY_US_INTERQUARTILE);
  return request;
}

v1::UpsertFxRateRequest Rate(const std::string& request_id, const char* quote, v1::RateType type,
                             google::type::Date from, const char* rate) {
  v1::UpsertFxRateRequest request;
  request.set_request_id(request_id);
  request.mutable_rate()->set_base_currency("EUR");
  request.mutable_rate()->set_quote_currency(quote);
  request.mutable_rate()->set_type(type);
  *request.mutable_rate()->mutable_validity()->mutable_valid_from() = from;
  if (type != v1::RATE_TYPE_SPOT) {  // A month's rate.
    *request.mutable_rate()->mutable_validity()->mutable_valid_to() =
        Date(from.year(), from.month() + 1, 1);
  }
  request.mutable_rate()->mutable_rate()->set_value(rate);
  return request;
}

class PricingReadBackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = ServerProcess::Start(
        {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("pricing_read_back")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    // P holds A and B; policy "goods" (pricing version 1) and EUR/USD SPOT (version 2).
    ASSERT_TRUE(SetUpTradingGroup(server_->Channel()).ok());
    stub_ = v1::PolicyService::NewStub(server_->Channel());
  }

  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (P::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response) {
    return testing::Call(*stub_, method, request, response);
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<P> stub_;
};

TEST_F(PricingReadBackTest, PoliciesReadBackAsWrittenAndListInPages) {
  std::vector<v1::UpsertPolicyResponse> written(3);
  for (int i = 0; i < 3; ++i) {
    const std::string id = "svc-" + std::to_string(i);
    ASSERT_TRUE(Call(&P::UpsertPolicy, ServicesPolicy(id, "p-" + id), &written[i]).ok());
  }
  v1::GetPolicyRequest get;
  get.set_policy_id("svc-1");
  v1::VersionedPolicy read;
  ASSERT_TRUE(Call(&P::GetPolicy, get, &read).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(read.policy(), written[1].policy()));
  EXPECT_EQ(read.policy_version(), written[1].policy_version());

  v1::ListPoliciesRequest list;
  list.set_page_size(3);
  v1::ListPoliciesResponse first;
  ASSERT_TRUE(Call(&P::ListPolicies, list, &first).ok());
  ASSERT_EQ(first.policies_size(), 3);
  EXPECT_EQ(first.policies(0).policy().policy_id(), "goods");
  EXPECT_EQ(first.policies(0).policy_version(), 1);
  list.set_page_token(first.next_page_token());
  v1::ListPoliciesResponse second;
  ASSERT_TRUE(Call(&P::ListPolicies, list, &second).ok());
  ASSERT_EQ(second.policies_size(), 1);
  EXPECT_EQ(second.policies(0).policy().policy_id(), "svc-2");
  EXPECT_EQ(second.policies(0).policy_version(), written[2].policy_version());
  EXPECT_EQ(second.next_page_token(), "");

  get.set_policy_id("svc-9");
  const grpc::Status status = Call(&P::GetPolicy, get, &read);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ViolatedField(status), "policy_id");
}

TEST_F(PricingReadBackTest, FxRatesReadBackByPairTypeAndDay) {
  v1::UpsertFxRateResponse average;
  ASSERT_TRUE(Call(&P::UpsertFxRate,
                   Rate("fx-avg", "USD", v1::RATE_TYPE_AVERAGE, Date(2024, 6, 1), "1.09"), &average)
                  .ok());
  v1::UpsertFxRateResponse jpy;
  ASSERT_TRUE(Call(&P::UpsertFxRate,
                   Rate("fx-jpy", "JPY", v1::RATE_TYPE_SPOT, Date(2024, 6, 28), "171.5"), &jpy)
                  .ok());
  v1::GetFxRateRequest get;
  get.set_base_currency("EUR");
  get.set_quote_currency("USD");
  get.set_type(v1::RATE_TYPE_AVERAGE);
  *get.mutable_valid_from() = Date(2024, 6, 1);
  v1::VersionedFxRate read;
  ASSERT_TRUE(Call(&P::GetFxRate, get, &read).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(read.rate(), average.rate()));
  EXPECT_EQ(read.pricing_version(), average.pricing_version());

  v1::ListFxRatesRequest list;
  list.set_page_size(2);
  std::vector<std::string> seen;
  for (int pages = 0; pages < 5; ++pages) {
    v1::ListFxRatesResponse page;
    ASSERT_TRUE(Call(&P::ListFxRates, list, &page).ok());
    for (const v1::VersionedFxRate& item : page.rates()) {
      seen.push_back(item.rate().quote_currency() + "/" + v1::RateType_Name(item.rate().type()) +
                     "@" + std::to_string(item.pricing_version()));
    }
    list.set_page_token(page.next_page_token());
    if (list.page_token().empty()) break;
  }
  // JPY sorts before USD; AVERAGE before SPOT. The trading group's SPOT is version 2.
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "JPY/RATE_TYPE_SPOT@" + std::to_string(jpy.pricing_version()),
                      "USD/RATE_TYPE_AVERAGE@" + std::to_string(average.pricing_version()),
                      "USD/RATE_TYPE_SPOT@2"}));

  *get.mutable_valid_from() = Date(2024, 5, 1);
  grpc::Status status = Call(&P::GetFxRate, get, &read);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ViolatedField(status), "valid_from");
  get.set_type(v1::RATE_TYPE_UNSPECIFIED);
  status = Call(&P::GetFxRate, get, &read);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "type");
}

TEST_F(PricingReadBackTest, AccountMapsReadBackInTypeOrder) {
  v1::UpsertAccountMapRequest request;
  request.set_request_id("map-A");
  request.set_entity_id("A");
  for (const v1::TransactionType type :
       {v1::TRANSACTION_TYPE_SERVICES, v1::TRANSACTION_TYPE_GOODS}) {
    v1::AccountMapping* mapping = request.add_mappings();
    mapping->set_transaction_type(type);
    mapping->set_seller_debit("1310 IC receivable " + v1::TransactionType_Name(type));
    mapping->set_seller_credit("4010 IC revenue");
    mapping->set_buyer_debit("5010 IC cost");
    mapping->set_buyer_credit("2310 IC payable");
  }
  v1::UpsertAccountMapResponse written;
  ASSERT_TRUE(Call(&P::UpsertAccountMap, request, &written).ok());

  v1::GetAccountMapRequest get;
  get.set_entity_id("A");
  v1::VersionedAccountMap read;
  ASSERT_TRUE(Call(&P::GetAccountMap, get, &read).ok());
  EXPECT_EQ(read.entity_id(), "A");
  EXPECT_EQ(read.pricing_version(), written.policy_version());
  ASSERT_EQ(read.mappings_size(), 2);
  EXPECT_TRUE(MessageDifferencer::Equals(read.mappings(0), request.mappings(1)));  // GOODS.
  EXPECT_TRUE(MessageDifferencer::Equals(read.mappings(1), request.mappings(0)));

  v1::ListAccountMapsResponse maps;
  ASSERT_TRUE(Call(&P::ListAccountMaps, v1::ListAccountMapsRequest(), &maps).ok());
  ASSERT_EQ(maps.account_maps_size(), 1);
  EXPECT_TRUE(MessageDifferencer::Equals(maps.account_maps(0), read));

  get.set_entity_id("B");  // B uses the default accounts.
  const grpc::Status status = Call(&P::GetAccountMap, get, &read);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ViolatedField(status), "entity_id");
}

TEST_F(PricingReadBackTest, ClosingAndReopeningAnswerTheirVersionAndReadBack) {
  v1::ClosePeriodRequest close;
  close.set_request_id("close-A-05");
  close.set_entity_id("A");
  close.set_period("2024-05");
  close.set_roll_forward(true);
  v1::ClosePeriodResponse closed;
  ASSERT_TRUE(Call(&P::ClosePeriod, close, &closed).ok());
  EXPECT_EQ(closed.pricing_version(), 3);  // After the trading group's policy and rate.
  v1::ClosePeriodResponse retried;
  ASSERT_TRUE(Call(&P::ClosePeriod, close, &retried).ok());
  EXPECT_EQ(retried.pricing_version(), 3);
  close.set_request_id("close-B-05");
  close.set_entity_id("B");
  close.set_roll_forward(false);
  ASSERT_TRUE(Call(&P::ClosePeriod, close, &closed).ok());
  EXPECT_EQ(closed.pricing_version(), 4);

  v1::GetClosedPeriodRequest get;
  get.set_entity_id("A");
  get.set_period("2024-05");
  v1::ClosedPeriod read;
  ASSERT_TRUE(Call(&P::GetClosedPeriod, get, &read).ok());
  EXPECT_EQ(read.entity_id(), "A");
  EXPECT_EQ(read.period(), "2024-05");
  EXPECT_TRUE(read.roll_forward());
  EXPECT_EQ(read.pricing_version(), 3);

  v1::ListClosedPeriodsRequest list;
  list.set_page_size(1);
  v1::ListClosedPeriodsResponse page;
  ASSERT_TRUE(Call(&P::ListClosedPeriods, list, &page).ok());
  ASSERT_EQ(page.closed_periods_size(), 1);
  EXPECT_TRUE(MessageDifferencer::Equals(page.closed_periods(0), read));
  // A token of the unfiltered list does not page B's list.
  v1::ListClosedPeriodsRequest only_b;
  only_b.set_entity_id("B");
  only_b.set_page_token(page.next_page_token());
  v1::ListClosedPeriodsResponse b_page;
  grpc::Status status = Call(&P::ListClosedPeriods, only_b, &b_page);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "page_token");
  only_b.clear_page_token();
  ASSERT_TRUE(Call(&P::ListClosedPeriods, only_b, &b_page).ok());
  ASSERT_EQ(b_page.closed_periods_size(), 1);
  EXPECT_EQ(b_page.closed_periods(0).entity_id(), "B");
  EXPECT_FALSE(b_page.closed_periods(0).roll_forward());

  v1::ReopenPeriodRequest reopen;
  reopen.set_request_id("reopen-A-05");
  reopen.set_entity_id("A");
  reopen.set_period("2024-05");
  v1::ReopenPeriodResponse reopened;
  ASSERT_TRUE(Call(&P::ReopenPeriod, reopen, &reopened).ok());
  EXPECT_EQ(reopened.pricing_version(), 5);
  status = Call(&P::GetClosedPeriod, get, &read);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ViolatedField(status), "period");
  get.set_entity_id("Z");
  status = Call(&P::GetClosedPeriod, get, &read);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ViolatedField(status), "entity_id");
  get.set_period("2024-13");
  status = Call(&P::GetClosedPeriod, get, &read);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "period");
}

TEST_F(PricingReadBackTest, BadPageTokensAreInvalidArgumentInEveryPricingList) {
  const grpc::Status statuses[] = {
      [&] {
        v1::ListPoliciesRequest r;
        r.set_page_token("!!");
        v1::ListPoliciesResponse out;
        return Call(&P::ListPolicies, r, &out);
      }(),
      [&] {
        v1::ListFxRatesRequest r;
        r.set_page_token("cDEKZnhfcmF0ZXMKRVVS");  // "p1\nfx_rates\nEUR": too few key parts.
        v1::ListFxRatesResponse out;
        return Call(&P::ListFxRates, r, &out);
      }(),
      [&] {
        v1::ListAccountMapsRequest r;
        r.set_page_token("cDEKcG9saWNpZXMKZ29vZHM");  // A token of the policy list.
        v1::ListAccountMapsResponse out;
        return Call(&P::ListAccountMaps, r, &out);
      }(),
  };
  for (const grpc::Status& status : statuses) {
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT) << status.error_message();
    EXPECT_EQ(ViolatedField(status), "page_token");
  }
}

TEST_F(PricingReadBackTest, AQuoteStatesItsRangeAsMarkupsAndAsPrices) {
  ASSERT_TRUE(Call(&P::UpsertPolicy, ServicesPolicy("consulting", "p-c"),
                   std::make_unique<v1::UpsertPolicyResponse>().get())
                  .ok());
  v1::QuoteRequest request;
  request.mutable_seller()->set_entity_id("A");
  request.mutable_buyer()->set_entity_id("B");
  *request.mutable_date() = Date(2024, 6, 30);
  request.set_transaction_type(v1::TRANSACTION_TYPE_SERVICES);
  request.set_category("consulting");
  request.mutable_quantity()->set_value("1");
  request.set_currency_code("EUR");
  (*request.mutable_inputs())["cost"].set_currency_code("EUR");
  (*request.mutable_inputs())["cost"].set_units(100);
  v1::QuoteResponse quote;
  auto pricing = v1::TransferPricingService::NewStub(server_->Channel());
  ASSERT_TRUE(
      testing::Call(*pricing, &v1::TransferPricingService::Stub::Quote, request, &quote).ok());
  EXPECT_EQ(quote.indicator_range().indicator(), "markup");
  EXPECT_EQ(quote.indicator_range().low().value(), "0.043");
  EXPECT_EQ(quote.indicator_range().median().value(), "0.05");
  EXPECT_EQ(quote.indicator_range().high().value(), "0.0625");
  EXPECT_EQ(quote.range_low().units(), 104);
  EXPECT_EQ(quote.range_low().nanos(), 300000000);
  EXPECT_EQ(quote.range_high().units(), 106);
  EXPECT_EQ(quote.range_high().nanos(), 250000000);
}

TEST_F(PricingReadBackTest, EachLedgerLineNamesThePolicyVersionAndQuoteItWasPricedBy) {
  auto ledger = v1::LedgerService::NewStub(server_->Channel());
  v1::PostTransactionResponse posted;
  ASSERT_TRUE(testing::Call(*ledger, &v1::LedgerService::Stub::PostTransaction,
                            GoodsPosting("post-1"), &posted)
                  .ok());
  ASSERT_FALSE(posted.lines().empty());
  for (const v1::LedgerLine& line : posted.lines()) {
    EXPECT_EQ(line.policy_id(), "goods");
    EXPECT_EQ(line.policy_version(), posted.quote().policy_version());
    EXPECT_EQ(line.policy_version(), 1);
    EXPECT_TRUE(MessageDifferencer::Equals(line.quoted_unit_price(), posted.quote().unit_price()));
    EXPECT_EQ(line.quoted_unit_price().units(), 108);  // Cost 100 plus 8%.
    EXPECT_EQ(line.quantity().value(), "2");
  }
  v1::GetEntryRequest get;
  get.set_sequence(posted.sequence());
  v1::LedgerEntry entry;
  ASSERT_TRUE(testing::Call(*ledger, &v1::LedgerService::Stub::GetEntry, get, &entry).ok());
  ASSERT_EQ(entry.lines_size(), posted.lines_size());
  for (int i = 0; i < entry.lines_size(); ++i) {
    EXPECT_TRUE(MessageDifferencer::Equals(entry.lines(i), posted.lines(i)));
  }
}

}  // namespace
}  // namespace interco::testing
