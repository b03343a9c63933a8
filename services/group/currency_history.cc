#include "services/group/currency_history.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"

namespace interco::group {
namespace {

constexpr char kEffectivePeriodField[] = "functional_currency_effective_period";

absl::Status Refused(const LegalEntity& upsert, absl::string_view reason,
                     absl::string_view message) {
  return FieldError(absl::StatusCode::kFailedPrecondition, kEffectivePeriodField,
                    MonthText(*upsert.functional_currency_from), reason, message);
}

std::string Since(const LegalEntity& entity) {
  return entity.functional_currency_from.has_value()
             ? absl::StrCat("since ", MonthText(*entity.functional_currency_from))
             : std::string("from the beginning");
}

}  // namespace

absl::StatusOr<LegalEntity> WithCurrencyChange(const LegalEntity* existing,
                                               const LegalEntity& upsert) {
  LegalEntity record = upsert;
  record.earlier_currencies.clear();  // Kept here, never taken from a caller.
  const bool dated = upsert.functional_currency_from.has_value();
  if (existing == nullptr) {
    if (dated) {
      return Refused(upsert, "NO_CURRENCY_TO_CHANGE",
                     absl::StrCat("entity ", upsert.id,
                                  " is new: its first functional currency applies from the "
                                  "beginning; leave the effective period empty"));
    }
    return record;
  }
  if (upsert.functional_currency == existing->functional_currency) {
    if (dated && upsert.functional_currency_from != existing->functional_currency_from) {
      return Refused(
          upsert, "CURRENCY_UNCHANGED",
          absl::StrCat(upsert.functional_currency, " is ", upsert.id, "'s functional currency ",
                       Since(*existing), "; an effective period comes only with a new currency"));
    }
    // A change of name, jurisdiction or parent of record: the history stays.
    record.functional_currency_from = existing->functional_currency_from;
    record.earlier_currencies = existing->earlier_currencies;
    return record;
  }
  if (!dated) return record;  // A correction from the beginning: no history.
  if (existing->functional_currency_from.has_value() &&
      *upsert.functional_currency_from <= *existing->functional_currency_from) {
    return Refused(
        upsert, "EFFECTIVE_PERIOD_NOT_AFTER_CURRENT",
        absl::StrCat(upsert.id, "'s functional currency is ", existing->functional_currency, " ",
                     Since(*existing), "; a change must start after that"));
  }
  record.earlier_currencies = existing->earlier_currencies;
  record.earlier_currencies.push_back(
      {existing->functional_currency_from, existing->functional_currency});
  return record;
}

}  // namespace interco::group
