#include "services/pricing/fx.h"

#include <algorithm>
#include <cassert>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/iso_codes.h"
#include "services/common/status_macros.h"
#include "services/group/model.h"

namespace interco::pricing {
namespace {

// Currency codes are three ASCII letters (validated before a rate is stored; a lookup
// with anything else simply finds nothing), so a pair and a type fit in 56 bits.
uint64_t Code(absl::string_view currency) {
  uint64_t code = 0;
  for (size_t i = 0; i < 3; ++i) {
    code = (code << 8) | (i < currency.size() ? static_cast<uint8_t>(currency[i]) : 0);
  }
  return currency.size() == 3 ? code : 0;
}

uint64_t Key(absl::string_view base, absl::string_view quote, RateType type) {
  return (Code(base) << 32) | (Code(quote) << 8) | static_cast<uint64_t>(type);
}

}  // namespace

int FxStaleness::DaysMax(RateType type) const {
  switch (type) {
    case RateType::kSpot:
      return spot_days_max;
    case RateType::kAverage:
      return average_days_max;
    case RateType::kClosing:
      return closing_days_max;
  }
  return 0;
}

FxTable::FxTable(FxStaleness staleness) : staleness_(staleness) {
  for (RateType type : {RateType::kSpot, RateType::kAverage, RateType::kClosing}) {
    assert(staleness_.DaysMax(type) >= 0 && staleness_.DaysMax(type) <= kMaxStaleDays);
  }
}

const char* RateTypeName(RateType type) {
  switch (type) {
    case RateType::kSpot:
      return "SPOT";
    case RateType::kAverage:
      return "AVERAGE";
    case RateType::kClosing:
      return "CLOSING";
  }
  return "UNKNOWN";
}

absl::Status ValidateFxRate(const FxRate& rate) {
  for (const auto& [field, code] :
       {std::pair{"base_currency", &rate.base}, std::pair{"quote_currency", &rate.quote}}) {
    if (!CurrencyMinorUnits(*code).has_value()) {
      return InvalidField(field, *code, "UNKNOWN_CURRENCY", "not an active ISO 4217 currency code");
    }
  }
  if (rate.base == rate.quote) {
    return InvalidField("quote_currency", rate.quote, "SAME_CURRENCY",
                        "must differ from base_currency");
  }
  if (rate.rate <= Decimal()) {
    return InvalidField("rate", rate.rate.ToString(), "NON_POSITIVE_RATE", "must be above zero");
  }
  if (rate.rate.Round(kMaxRatePlaces) != rate.rate) {
    return InvalidField("rate", rate.rate.ToString(), "INVALID_DECIMAL",
                        absl::StrCat("more than ", kMaxRatePlaces, " decimal places"));
  }
  if (rate.valid_to <= rate.valid_from) {
    return InvalidField("validity.valid_to", group::DayText(rate.valid_to), "EMPTY_VALIDITY",
                        "must be after valid_from");
  }
  if (rate.type == RateType::kSpot && rate.valid_to != rate.valid_from + 1) {
    return InvalidField("validity.valid_to", group::DayText(rate.valid_to), "SPOT_NOT_ONE_DAY",
                        "a SPOT rate holds for one day: leave valid_to unset");
  }
  return absl::OkStatus();
}

absl::Status FxTable::Upsert(const FxRate& rate) {
  if (absl::Status valid = ValidateFxRate(rate); !valid.ok()) return valid;
  std::vector<FxRate>& series = rates_[Key(rate.base, rate.quote, rate.type)];
  for (FxRate& existing : series) {
    if (existing.valid_from == rate.valid_from) {
      existing = rate;
      return absl::OkStatus();
    }
    if (existing.valid_from < rate.valid_to && rate.valid_from < existing.valid_to) {
      return FieldError(
          absl::StatusCode::kFailedPrecondition, "validity.valid_from",
          group::DayText(rate.valid_from), "OVERLAPPING_RATE",
          absl::StrCat("overlaps the ", RateTypeName(rate.type), " rate ", rate.base, "/",
                       rate.quote, " valid from ", group::DayText(existing.valid_from)));
    }
  }
  series.push_back(rate);
  std::sort(series.begin(), series.end(),
            [](const FxRate& a, const FxRate& b) { return a.valid_from < b.valid_from; });
  return absl::OkStatus();
}

const FxRate* FxTable::Lookup(absl::string_view base, absl::string_view quote, RateType type,
                              absl::CivilDay day) const {
  const auto it = rates_.find(Key(base, quote, type));
  if (it == rates_.end()) return nullptr;
  const std::vector<FxRate>& series = it->second;
  auto after = std::upper_bound(series.begin(), series.end(), day,
                                [](absl::CivilDay d, const FxRate& r) { return d < r.valid_from; });
  if (after == series.begin()) return nullptr;
  // Rates of one pair and type do not overlap, so the latest to start is the only one
  // that can cover `day`, within its validity or as a stale rate after it.
  const FxRate& candidate = *(after - 1);
  return day < candidate.valid_to + staleness_.DaysMax(type) ? &candidate : nullptr;
}

absl::StatusOr<std::optional<Conversion>> FxTable::Leg(absl::string_view from, absl::string_view to,
                                                       RateType type, absl::CivilDay day) const {
  if (from == to) return Conversion{Decimal::FromUnits(1), "same currency", day};
  const FxRate* direct = Lookup(from, to, type, day);
  const FxRate* inverse = Lookup(to, from, type, day);
  if (direct != nullptr && (inverse == nullptr || direct->valid_from >= inverse->valid_from)) {
    return Conversion{direct->rate, absl::StrCat("direct ", from, "/", to), direct->valid_from};
  }
  if (inverse != nullptr) {
    // Rates are positive with at most 12 places (ValidateFxRate), so at least 10^-12 and the
    // inverse at most 10^12; but no upper bound is set, and Div refuses a divisor of 1e19
    // or more, whose inverse would round to (almost) nothing anyway.
    const std::optional<Decimal> inverted = Decimal::Div(Decimal::FromUnits(1), inverse->rate);
    if (!inverted.has_value()) {
      return WithReason(
          absl::OutOfRangeError(absl::StrCat(
              "the ", RateTypeName(type), " rate ", to, "/", from, " ", inverse->rate.ToString(),
              " valid from ", group::DayText(inverse->valid_from),
              " is too large to invert exactly; add a ", from, "/", to, " rate instead")),
          "FX_RATE_OUT_OF_RANGE");
    }
    return Conversion{*inverted, absl::StrCat("inverse of ", to, "/", from), inverse->valid_from};
  }
  return std::nullopt;
}

absl::StatusOr<Conversion> FxTable::Find(absl::string_view from, absl::string_view to,
                                         RateType type, absl::CivilDay day,
                                         absl::string_view pivot) const {
  ASSIGN_OR_RETURN(std::optional<Conversion> leg, Leg(from, to, type, day));
  // A rate of the day cannot be bettered.
  if (leg.has_value() && leg->rate_date == day) return *leg;
  if (!pivot.empty() && pivot != from && pivot != to) {
    ASSIGN_OR_RETURN(const std::optional<Conversion> first, Leg(from, pivot, type, day));
    ASSIGN_OR_RETURN(const std::optional<Conversion> second, Leg(pivot, to, type, day));
    if (first.has_value() && second.has_value()) {
      std::optional<Decimal> rate = Decimal::Mul(first->rate, second->rate);
      const absl::CivilDay rate_date = std::min(first->rate_date, second->rate_date);
      if (rate.has_value() && (!leg.has_value() || rate_date > leg->rate_date)) {
        return Conversion{*rate, absl::StrCat(first->method, " then ", second->method), rate_date};
      }
    }
  }
  if (leg.has_value()) return *leg;
  const int days_max = staleness_.DaysMax(type);
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          "no ", RateTypeName(type), " rate for ", from, "/", to, " on ", group::DayText(day),
          days_max == 0 ? "" : absl::StrCat(" or in the ", days_max, " days before"),
          " (direct, inverse", pivot.empty() ? "" : absl::StrCat(", or through ", pivot), ")")),
      "FX_RATE_MISSING");
}

size_t FxTable::size() const {
  size_t total = 0;
  for (const auto& [key, series] : rates_) total += series.size();
  return total;
}

}  // namespace interco::pricing
