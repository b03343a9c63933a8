#include "services/cli/wire.h"

#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "services/common/decimal.h"

namespace interco::cli {

absl::StatusOr<google::type::Date> ParseDate(absl::string_view text) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day) || absl::FormatCivilTime(day) != text) {
    return absl::InvalidArgumentError(absl::StrCat("\"", text, "\" is not a date (YYYY-MM-DD)"));
  }
  google::type::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

absl::StatusOr<google::type::Money> ParseMoney(absl::string_view amount,
                                               absl::string_view currency) {
  absl::StatusOr<Decimal> value = Decimal::Parse(amount, 9);
  if (!value.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("\"", amount, "\" is not an amount"));
  }
  const absl::int128 nano = 1000000000;
  const absl::int128 nanos_total = value->raw() / nano;
  const absl::int128 units = nanos_total / nano;
  if (units > absl::int128(INT64_MAX) || units < absl::int128(INT64_MIN)) {
    return absl::InvalidArgumentError(absl::StrCat("\"", amount, "\" is too large"));
  }
  google::type::Money money;
  money.set_currency_code(std::string(currency));
  money.set_units(static_cast<int64_t>(units));
  money.set_nanos(static_cast<int32_t>(nanos_total % nano));
  return money;
}

v1::Party ParseParty(absl::string_view text) {
  v1::Party party;
  if (absl::ConsumePrefix(&text, "dept:")) {
    party.set_department_id(std::string(text));
  } else if (absl::ConsumePrefix(&text, "emp:")) {
    party.set_employee_id(std::string(text));
  } else if (absl::ConsumePrefix(&text, "ext:")) {
    party.set_external_id(std::string(text));
  } else {
    party.set_entity_id(std::string(text));
  }
  return party;
}

absl::StatusOr<v1::TransactionType> ParseTransactionType(absl::string_view text) {
  v1::TransactionType type;
  // Files name the value without its enum's prefix: GOODS, SERVICES, ...
  if (!v1::TransactionType_Parse(absl::StrCat("TRANSACTION_TYPE_", text), &type) ||
      type == v1::TRANSACTION_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError(absl::StrCat("\"", text, "\" is not a transaction type"));
  }
  return type;
}

absl::StatusOr<v1::InventoryOnHand> ParseInventory(absl::string_view text) {
  const std::vector<std::string> parts = absl::StrSplit(text, ':');
  if (parts.size() != 4 || parts[0].empty() || parts[1].empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\" is not SELLER:BUYER:AMOUNT:CURRENCY (e.g. A:B:1250.50:USD)"));
  }
  absl::StatusOr<google::type::Money> profit = ParseMoney(parts[2], parts[3]);
  if (!profit.ok()) return profit.status();
  v1::InventoryOnHand inventory;
  inventory.set_seller_id(parts[0]);
  inventory.set_buyer_id(parts[1]);
  *inventory.mutable_unrealised_profit() = *std::move(profit);
  return inventory;
}

google::type::Money Negated(google::type::Money money) {
  money.set_units(-money.units());
  money.set_nanos(-money.nanos());
  return money;
}

std::string Unprefixed(absl::string_view name, absl::string_view prefix) {
  absl::ConsumePrefix(&name, prefix);
  return std::string(name);
}

std::string MoneyText(const google::type::Money& money) {
  const absl::int128 raw =
      absl::int128(money.units()) * 1000000000000000000 + absl::int128(money.nanos()) * 1000000000;
  return Decimal::FromRaw(raw).ToString();
}

std::string RequestId(absl::string_view prefix, absl::string_view suffix) {
  std::string id = absl::StrCat(prefix, ":", suffix);
  for (char& c : id) {
    if (!absl::ascii_isalnum(c) && c != '.' && c != '_' && c != ':' && c != '-') c = '_';
  }
  return id.substr(0, 128);
}

std::string FreshRequestId(absl::string_view what) {
  std::random_device random;
  return RequestId(what, absl::StrFormat("%08x%08x", random(), random()));
}

std::string DateText(const google::type::Date& date) {
  if (date.year() == 0) return "";  // unset: an open-ended validity
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

std::string SideText(v1::Side side) {
  return side == v1::SIDE_DEBIT ? "debit" : side == v1::SIDE_CREDIT ? "credit" : "?";
}

}  // namespace interco::cli
