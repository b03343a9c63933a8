// Wire-to-domain conversions of decimal fields: each field with a scale limit reports its
// own limit, also when a value has more places than a Decimal can hold.
#include "services/api/convert.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/api/ledger_convert.h"
#include "services/api/pricing_convert.h"
#include "services/common/field_error.h"

namespace interco::api {
namespace {

// "0." followed by `places` digits.
v1::Decimal Places(int places) {
  v1::Decimal decimal;
  decimal.set_value("0." + std::string(places - 1, '0') + "1");
  return decimal;
}

void SetDate(google::type::Date* date) {
  date->set_year(2024);
  date->set_month(6);
  date->set_day(28);
}

// A request that converts, but for the quantity.
v1::QuoteRequest GoodsQuote(v1::Decimal quantity) {
  v1::QuoteRequest request;
  request.mutable_seller()->set_entity_id("A");
  request.mutable_buyer()->set_entity_id("B");
  SetDate(request.mutable_date());
  request.set_transaction_type(v1::TRANSACTION_TYPE_GOODS);
  request.set_currency_code("EUR");
  *request.mutable_quantity() = std::move(quantity);
  return request;
}

void ExpectTooManyPlaces(const absl::Status& status, const std::string& field, int limit) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  ASSERT_TRUE(GetErrorDetail(status).has_value()) << status;
  EXPECT_EQ(GetErrorDetail(status)->field, field);
  EXPECT_EQ(GetErrorDetail(status)->reason, "INVALID_DECIMAL");
  EXPECT_NE(status.message().find(absl::StrCat("more than ", limit, " decimal places")),
            absl::string_view::npos)
      << status;
}

TEST(DecimalPlacesTest, QuantityNamesItsLimitOfSixAtNineteenPlacesToo) {
  for (int places : {7, 18, 19}) {
    ExpectTooManyPlaces(QuoteRequestFromProto(GoodsQuote(Places(places))).status(), "quantity", 6);
  }
}

TEST(DecimalPlacesTest, TransactionQuantityNamesItsLimitOfSix) {
  const v1::QuoteRequest quote = GoodsQuote(Places(19));
  v1::Transaction transaction;
  transaction.set_transaction_id("INV-1");
  *transaction.mutable_seller() = quote.seller();
  *transaction.mutable_buyer() = quote.buyer();
  *transaction.mutable_date() = quote.date();
  transaction.set_transaction_type(quote.transaction_type());
  transaction.set_currency_code(quote.currency_code());
  *transaction.mutable_quantity() = quote.quantity();
  ExpectTooManyPlaces(TransactionFromProto(transaction).status(), "quantity", 6);
}

TEST(DecimalPlacesTest, OwnershipSharesNameTheirLimitOfTwelve) {
  for (int places : {13, 19}) {
    v1::OwnershipEdge edge;
    *edge.mutable_equity_share() = Places(places);
    edge.mutable_voting_share()->set_value("0.5");
    SetDate(edge.mutable_validity()->mutable_valid_from());
    ExpectTooManyPlaces(EdgeFromProto(edge).status(), "equity_share", 12);
    *edge.mutable_voting_share() = Places(places);
    edge.mutable_equity_share()->set_value("0.5");
    ExpectTooManyPlaces(EdgeFromProto(edge).status(), "voting_share", 12);
  }
}

TEST(DecimalPlacesTest, FxRateNamesItsLimitOfTwelve) {
  for (int places : {13, 19}) {
    v1::FxRate rate;
    rate.set_base_currency("EUR");
    rate.set_quote_currency("USD");
    rate.set_type(v1::RATE_TYPE_SPOT);
    SetDate(rate.mutable_validity()->mutable_valid_from());
    *rate.mutable_rate() = Places(places);
    ExpectTooManyPlaces(FxRateFromProto(rate).status(), "rate", 12);
  }
}

TEST(DecimalPlacesTest, PolicyParametersAndComparablesNameTheirLimitOfTwelve) {
  v1::Policy policy;
  policy.set_policy_id("goods");
  SetDate(policy.mutable_pattern()->mutable_validity()->mutable_valid_from());
  policy.set_method(v1::PRICING_METHOD_COST_PLUS);
  (*policy.mutable_parameters())["markup"] = Places(19);
  ExpectTooManyPlaces(PolicyFromProto(policy).status(), "parameters[markup]", 12);
  policy.clear_parameters();
  *policy.add_comparables() = Places(19);
  ExpectTooManyPlaces(PolicyFromProto(policy).status(), "comparables[0]", 12);
}

}  // namespace
}  // namespace interco::api
