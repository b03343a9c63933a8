// FX rates, effective-dated and typed, and conversion between currencies.
//
// A rate says: one unit of `base` is worth `rate` units of `quote` on every day of
// [valid_from, valid_to). SPOT rates hold for one day; AVERAGE and CLOSING rates for their
// period. A lookup on a day takes the latest rate of the pair and type that starts on or
// before it, if the day is in its validity or at most the type's staleness window
// (FxStaleness) after it: markets publish no SPOT rate on weekends and holidays, so
// Friday's rate is the rate of the Sunday after it. The conversion reports the date of the
// rate it used (for a route of two legs, the older leg's).
//
// Conversion from X to Y on a day, for a rate type, considers these routes:
//   1. X == Y: rate 1;
//   2. the direct rate X/Y;
//   3. the inverse of Y/X;
//   4. triangulation through the pivot currency P (the group's currency): X->P then P->Y,
//      each leg direct or inverse as above.
// The freshest route wins; among equally fresh routes the first in this order. So a group
// that publishes both directions gets exactly the rate it published, and a rate of the day
// is never passed over for an older one. Value type; not thread-safe for writes.
#ifndef INTERCO_SERVICES_PRICING_FX_H_
#define INTERCO_SERVICES_PRICING_FX_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/common/decimal.h"

namespace interco::pricing {

enum class RateType { kSpot, kAverage, kClosing };

const char* RateTypeName(RateType type);

struct FxRate {
  std::string base;
  std::string quote;
  RateType type = RateType::kSpot;
  absl::CivilDay valid_from;
  absl::CivilDay valid_to;  // Exclusive. For SPOT, valid_from + 1.
  Decimal rate;             // > 0, at most 12 decimal places.

  friend bool operator==(const FxRate& a, const FxRate& b) {
    return a.base == b.base && a.quote == b.quote && a.type == b.type &&
           a.valid_from == b.valid_from && a.valid_to == b.valid_to && a.rate == b.rate;
  }
};

// How an amount was converted: `rate` units of the target per unit of the source.
struct Conversion {
  Decimal rate;
  std::string method;  // "same currency", "direct EUR/USD", "inverse of USD/EUR", ...
  absl::CivilDay rate_date;
};

inline constexpr int kMaxRatePlaces = 12;

// How many days after the end of its validity a rate may still be used when no later rate
// of its pair and type exists. Zero: only on the days of its validity. AVERAGE and CLOSING
// rates belong to their period, and translating one period at another's rate would
// misstate the accounts without anyone noticing, so the server keeps them at zero.
struct FxStaleness {
  int spot_days_max = 0;
  int average_days_max = 0;
  int closing_days_max = 0;

  int DaysMax(RateType type) const;
};

// The server's default for SPOT: covers a weekend plus a two-day holiday (Good Friday and
// Easter Monday: Thursday's rate on Tuesday is five days old).
inline constexpr int kDefaultSpotStaleDaysMax = 5;
inline constexpr int kMaxStaleDays = 31;

// INVALID_ARGUMENT naming the field: unknown or equal currencies, rate <= 0 or with more
// than 12 places, valid_to not after valid_from, a SPOT rate longer than one day.
absl::Status ValidateFxRate(const FxRate& rate);

class FxTable {
 public:
  // `staleness` must hold values in [0, kMaxStaleDays].
  explicit FxTable(FxStaleness staleness = {});

  // Adds `rate`, or replaces the rate of the same pair and type starting the same day (a
  // correction). FAILED_PRECONDITION if it overlaps another rate of that pair and type.
  absl::Status Upsert(const FxRate& rate);

  // Converts from `from` to `to` as described above. FAILED_PRECONDITION (reason
  // FX_RATE_MISSING) naming the pair, type, date and staleness window when no route
  // exists; OUT_OF_RANGE (reason FX_RATE_OUT_OF_RANGE) when a route needs the inverse of a
  // rate too large to invert (1e19 or more).
  absl::StatusOr<Conversion> Find(absl::string_view from, absl::string_view to, RateType type,
                                  absl::CivilDay day, absl::string_view pivot) const;

  size_t size() const;
  const FxStaleness& staleness() const { return staleness_; }

 private:
  const FxRate* Lookup(absl::string_view base, absl::string_view quote, RateType type,
                       absl::CivilDay day) const;
  // The fresher of direct and inverse (direct when equally fresh), or nullopt.
  // OUT_OF_RANGE (reason FX_RATE_OUT_OF_RANGE) when the inverse is needed and the stored
  // rate is too large to invert (1e19 or more).
  absl::StatusOr<std::optional<Conversion>> Leg(absl::string_view from, absl::string_view to,
                                                RateType type, absl::CivilDay day) const;

  FxStaleness staleness_;
  // Base, quote and type packed into one integer (see fx.cc) -> rates sorted by
  // valid_from, non-overlapping. An integer key keeps lookups free of allocation.
  absl::flat_hash_map<uint64_t, std::vector<FxRate>> rates_;
};

}  // namespace interco::pricing

#endif  // INTERCO_SERVICES_PRICING_FX_H_
