// An acquisition: how and when a holder obtained its stake in a held entity, the facts that
// capital consolidation needs beside the ownership edge (IFRS 3): the date, the
// consideration, how the non-controlling interest is measured, and the fair-value
// adjustments to the held entity's book values at that date.
//
// One acquisition per (holder, held): an upsert of the same pair replaces the record (a
// correction); step acquisitions are not modelled. Periods are months: the acquisition date
// is the first day of a month, and the held entity's trial balance of the month before is
// its pre-acquisition balance sheet.
//
// An acquisition is a structure change (model.h's ChangeBody): each accepted upsert is one
// structure version. GroupStructure::Apply checks it against the structure
// (validation.h's ValidateAcquisition for the fields alone) and keeps it true afterwards:
// the holder holds the held entity on acquisition_date, and the functional currencies in
// force on that date, which give the amounts their meaning, never change. The chart's part
// (investment_account, the adjustments' accounts) is checked when it is written, by
// UpsertAcquisition (acquisition_upsert.h). Read them with GroupStructure::FindAcquisition
// and acquisitions().
#ifndef INTERCO_SERVICES_GROUP_ACQUISITION_H_
#define INTERCO_SERVICES_GROUP_ACQUISITION_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/common/decimal.h"

namespace interco::group {

// How the non-controlling interest is measured at the acquisition date (IFRS 3.19).
enum class NciMeasurement {
  // At its proportionate share of the identifiable net assets: no goodwill for the NCI.
  kProportionate = 1,
  // At a fair value the controller states (`Acquisition::nci_fair_value`).
  kFairValue = 2,
};

// A difference between fair value and book value of one of the held entity's accounts at
// the acquisition date, in its functional currency, debit positive (an asset worth more
// than its book value is positive).
struct FairValueAdjustment {
  std::string account;  // A group account of class asset or liability.
  Decimal amount;
  friend bool operator==(const FairValueAdjustment& a, const FairValueAdjustment& b) {
    return a.account == b.account && a.amount == b.amount;
  }
};

struct Acquisition {
  std::string holder_id;
  std::string held_id;
  // The first day of a month; the holder holds the held entity on it (an ownership edge).
  absl::CivilDay acquisition_date;
  // What the holder paid, >= 0, in the holder's functional currency on that date, with at
  // most its minor units.
  Decimal consideration;
  std::string consideration_currency;
  // The holder's group account (flagged investment_in_held_entity) that carries the
  // investment at cost, eliminated against the held entity's equity.
  std::string investment_account;
  NciMeasurement nci_measurement = NciMeasurement::kProportionate;
  // Only with kFairValue: the fair value of the NCI, >= 0, in the held entity's functional
  // currency on acquisition_date, with at most its minor units.
  std::optional<Decimal> nci_fair_value;
  // At most kMaxFairValueAdjustments, each account once, amounts with at most the held
  // entity's minor units.
  std::vector<FairValueAdjustment> fair_value_adjustments;

  friend bool operator==(const Acquisition& a, const Acquisition& b) {
    return a.holder_id == b.holder_id && a.held_id == b.held_id &&
           a.acquisition_date == b.acquisition_date && a.consideration == b.consideration &&
           a.consideration_currency == b.consideration_currency &&
           a.investment_account == b.investment_account && a.nci_measurement == b.nci_measurement &&
           a.nci_fair_value == b.nci_fair_value &&
           a.fair_value_adjustments == b.fair_value_adjustments;
  }
};

inline constexpr size_t kMaxFairValueAdjustments = 1000;

}  // namespace interco::group

#endif  // INTERCO_SERVICES_GROUP_ACQUISITION_H_
