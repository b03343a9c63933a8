// Small conversions from text (files, flags) to wire values, for the command-line tool.
#ifndef INTERCO_SERVICES_CLI_WIRE_H_
#define INTERCO_SERVICES_CLI_WIRE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/type/date.pb.h"
#include "google/type/money.pb.h"
#include "interco/v1/common.pb.h"
#include "interco/v1/consolidation.pb.h"
#include "interco/v1/ledger.pb.h"
#include "interco/v1/transfer_pricing.pb.h"

namespace interco::cli {

// "2024-06-30".
absl::StatusOr<google::type::Date> ParseDate(absl::string_view text);
// An exact decimal amount and a currency code.
absl::StatusOr<google::type::Money> ParseMoney(absl::string_view amount,
                                               absl::string_view currency);
// "A" is an entity; "dept:X", "emp:X" and "ext:X" a department, employee or outsider.
v1::Party ParseParty(absl::string_view text);
// GOODS, SERVICES, ROYALTY, LOAN_INTEREST, COST_ALLOCATION, EMPLOYEE_SALE.
absl::StatusOr<v1::TransactionType> ParseTransactionType(absl::string_view text);
// "SELLER:BUYER:AMOUNT:CURRENCY": intercompany profit still in the buyer's inventory, in the
// buyer's functional currency.
absl::StatusOr<v1::InventoryOnHand> ParseInventory(absl::string_view text);
// google.type.Money as a decimal string: "-12.5".
std::string MoneyText(const google::type::Money& money);
// -money (google.type.Money keeps units and nanos of one sign).
google::type::Money Negated(google::type::Money money);
// An enum value's name without its enum's prefix (AIP-126), as tables and files show it:
// Unprefixed("CONSOLIDATION_METHOD_FULL", "CONSOLIDATION_METHOD_") is "FULL". A name without
// the prefix is returned whole.
std::string Unprefixed(absl::string_view name, absl::string_view prefix);
// "2024-06-30"; "" for an unset date (year 0).
std::string DateText(const google::type::Date& date);
// "debit" or "credit" ("?" for an unspecified side).
std::string SideText(v1::Side side);
// A request id made of `prefix` and `suffix`: characters outside [A-Za-z0-9._:-] become '_'.
std::string RequestId(absl::string_view prefix, absl::string_view suffix);
// A request id of its own for each run of a command that toggles state (close and reopen,
// create and delete a group): `what` and 64 random bits. A repeat of the same run's id would
// repeat the first answer and change nothing.
std::string FreshRequestId(absl::string_view what);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_WIRE_H_
