// The range of an amount the books accept, one rule for every door through which an amount
// enters them: a trial balance's lines, a posting's lines (priced or a manual journal
// entry), an acquisition's consideration, NCI fair value and fair-value adjustments. Plain
// C++; constants and pure functions, thread-safe.
//
// Why 10^16 units: Decimal (decimal.h) is exact to +/-1.7 x 10^20 units (a 128-bit integer
// with 18 fraction digits). A consolidation adds, for each group account, every entity's
// translated balance and, for that balance, at most an elimination, a non-controlling
// interest and a translation difference of no larger magnitude: four terms per balance.
// With every amount and every record's total within 10^16, 4,000 entities' totals at a rate
// of 1 (or 400 at a rate of 10) fit in Decimal's range with room to spare, so whatever is
// accepted at the door can be consolidated; only a group beyond that, or rates far above 1,
// meets the consolidation's own OVERFLOW, which names the total that left the range. And
// 10^16 is still above the largest balance sheet in any currency (the biggest groups that
// report in IDR or VND total a few 10^15).
#ifndef INTERCO_SERVICES_COMMON_BOOKED_AMOUNT_H_
#define INTERCO_SERVICES_COMMON_BOOKED_AMOUNT_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/common/decimal.h"

namespace interco {

// The largest magnitude of one amount, and of one record's total, in whole units.
inline constexpr int64_t kBookedUnitsMax = 10'000'000'000'000'000;  // 10^16

// kBookedUnitsMax as a Decimal.
inline Decimal BookedAmountMax() { return Decimal::FromUnits(kBookedUnitsMax); }

// OK when |amount| <= 10^16; otherwise INVALID_ARGUMENT, reason AMOUNT_OUT_OF_RANGE, naming
// `field` and the amount.
absl::Status CheckBookedAmount(absl::string_view field, Decimal amount);

// OK when |total| <= 10^16; otherwise INVALID_ARGUMENT, reason TOTAL_OUT_OF_RANGE, naming
// `field` and the total's figure: "<what>: <total>, beyond ...". `what` says which total
// ("the debits of A in EUR up to lines[3].amount").
absl::Status CheckBookedTotal(absl::string_view field, absl::string_view what, Decimal total);

}  // namespace interco

#endif  // INTERCO_SERVICES_COMMON_BOOKED_AMOUNT_H_
