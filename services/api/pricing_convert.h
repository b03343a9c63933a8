// Conversions between the wire types and the pricing domain: money, policies, FX rates,
// quote requests and quotes. From-wire functions validate and name the field.
#ifndef INTERCO_SERVICES_API_PRICING_CONVERT_H_
#define INTERCO_SERVICES_API_PRICING_CONVERT_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/type/money.pb.h"
#include "interco/v1/policy.pb.h"
#include "interco/v1/transfer_pricing.pb.h"
#include "services/common/decimal.h"
#include "services/pricing/fx.h"
#include "services/pricing/policy.h"
#include "services/pricing/quote.h"

namespace interco::api {

// google.type.Money's rules: |nanos| < 10^9, units and nanos of one sign. `currency`, when
// not empty, is the code the amount must be in (else INVALID_ARGUMENT naming
// "<field>.currency_code").
absl::StatusOr<Decimal> MoneyFromProto(const google::type::Money& money, absl::string_view field,
                                       absl::string_view currency);
// Rounds half-even to 9 places (nanos). INVALID_ARGUMENT naming `field` if the units do not
// fit 64 bits.
absl::StatusOr<google::type::Money> MoneyToProto(Decimal amount, absl::string_view currency,
                                                 absl::string_view field);
// The same, written into `*out` (which may live on an arena: the reply is built in place).
// On error `*out` is left unspecified.
absl::Status MoneyToProto(Decimal amount, absl::string_view currency, absl::string_view field,
                          google::type::Money* out);

absl::StatusOr<pricing::Policy> PolicyFromProto(const v1::Policy& policy);
v1::Policy PolicyToProto(const pricing::Policy& policy);
absl::StatusOr<pricing::FxRate> FxRateFromProto(const v1::FxRate& rate);
v1::FxRate FxRateToProto(const pricing::FxRate& rate);

// INVALID_ARGUMENT naming `field` for an unspecified or unknown type.
absl::StatusOr<pricing::TransactionType> TransactionTypeFromProto(v1::TransactionType type,
                                                                  absl::string_view field);

v1::TransactionType TransactionTypeToProto(pricing::TransactionType type);
// INVALID_ARGUMENT naming `field` for an unspecified or unknown rate type.
absl::StatusOr<pricing::RateType> RateTypeFromProto(v1::RateType type, absl::string_view field);
absl::StatusOr<pricing::QuoteRequest> QuoteRequestFromProto(const v1::QuoteRequest& request);
absl::StatusOr<v1::QuoteResponse> QuoteToProto(const pricing::Quote& quote);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_PRICING_CONVERT_H_
