// The group's reference data as plain values: legal entities, departments, employees,
// effective-dated ownership edges and acquisitions (acquisition.h), and the changes that
// create structure versions.
#ifndef INTERCO_SERVICES_GROUP_MODEL_H_
#define INTERCO_SERVICES_GROUP_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/common/decimal.h"
#include "services/group/acquisition.h"

namespace interco::group {

// A functional currency and the first period (month) in which it applies; unset `from`:
// from the beginning.
struct CurrencySpell {
  std::optional<absl::CivilMonth> from;
  std::string currency;
  friend bool operator==(const CurrencySpell& a, const CurrencySpell& b) {
    return a.from == b.from && a.currency == b.currency;
  }
};

struct LegalEntity {
  std::string id;
  std::string name;
  std::string jurisdiction;         // ISO 3166-1 alpha-2.
  std::string functional_currency;  // ISO 4217. The latest one (see below).
  std::string parent_of_record_id;  // Optional; informational.
  // On an upsert: the first period in which `functional_currency` applies, for a change of
  // functional currency made prospectively (IAS 21.35-37); unset for an entity's first
  // currency or a correction from the beginning. On a stored entity: the start of the
  // latest currency, unset if it has applied from the beginning.
  std::optional<absl::CivilMonth> functional_currency_from;
  // The currencies in force before the latest one, oldest first, each until the next
  // one's start. Kept by GroupStructure (see WithCurrencyChange); empty on an upsert.
  std::vector<CurrencySpell> earlier_currencies;

  // The functional currency in force in `period`: a ledger line of this entity in that
  // period is stated in it.
  const std::string& FunctionalCurrencyIn(absl::CivilMonth period) const;

  friend bool operator==(const LegalEntity& a, const LegalEntity& b) {
    return a.id == b.id && a.name == b.name && a.jurisdiction == b.jurisdiction &&
           a.functional_currency == b.functional_currency &&
           a.parent_of_record_id == b.parent_of_record_id &&
           a.functional_currency_from == b.functional_currency_from &&
           a.earlier_currencies == b.earlier_currencies;
  }
};

struct Department {
  std::string id;
  std::string entity_id;
  std::string name;
  friend bool operator==(const Department& a, const Department& b) {
    return a.id == b.id && a.entity_id == b.entity_id && a.name == b.name;
  }
};

struct Employee {
  std::string id;
  std::string entity_id;
  std::string name;
  friend bool operator==(const Employee& a, const Employee& b) {
    return a.id == b.id && a.entity_id == b.entity_id && a.name == b.name;
  }
};

// `holder` holds `equity_share` of the capital and `voting_share` of the votes of `held`
// on every day in [valid_from, valid_to); an unset valid_to is open-ended.
struct OwnershipEdge {
  std::string holder_id;
  std::string held_id;
  Decimal equity_share;
  Decimal voting_share;
  absl::CivilDay valid_from;
  std::optional<absl::CivilDay> valid_to;
  bool explicit_control = false;
  bool cross_holding = false;

  bool ActiveOn(absl::CivilDay day) const {
    return valid_from <= day && (!valid_to.has_value() || day < *valid_to);
  }
  // True if the two validity intervals share at least one day.
  bool Overlaps(const OwnershipEdge& other) const {
    return (!valid_to.has_value() || other.valid_from < *valid_to) &&
           (!other.valid_to.has_value() || valid_from < *other.valid_to);
  }
  friend bool operator==(const OwnershipEdge& a, const OwnershipEdge& b) {
    return a.holder_id == b.holder_id && a.held_id == b.held_id &&
           a.equity_share == b.equity_share && a.voting_share == b.voting_share &&
           a.valid_from == b.valid_from && a.valid_to == b.valid_to &&
           a.explicit_control == b.explicit_control && a.cross_holding == b.cross_holding;
  }
};

// Ends the open edge (holder, held, valid_from): valid_to becomes the first day on which
// it no longer applies.
struct EndEdge {
  std::string holder_id;
  std::string held_id;
  absl::CivilDay valid_from;
  absl::CivilDay valid_to;
  friend bool operator==(const EndEdge& a, const EndEdge& b) {
    return a.holder_id == b.holder_id && a.held_id == b.held_id && a.valid_from == b.valid_from &&
           a.valid_to == b.valid_to;
  }
};

// An Acquisition upserts the one acquisition of its (holder, held) pair: a later one
// replaces it (a correction).
using ChangeBody =
    std::variant<LegalEntity, Department, Employee, OwnershipEdge, EndEdge, Acquisition>;

// One accepted mutation: structure version N is the result of the first N changes.
struct StructureChange {
  std::string request_id;
  ChangeBody body;
  friend bool operator==(const StructureChange& a, const StructureChange& b) {
    return a.request_id == b.request_id && a.body == b.body;
  }
};

// "2024-06-30". Faster than absl::FormatCivilTime for years 1000-9999 (it falls back to
// it otherwise); Classify formats a date for every reason it writes.
std::string DayText(absl::CivilDay day);

// "2024-06" for a month of the years 1000-9999 (the API accepts 1900-9999).
std::string MonthText(absl::CivilMonth month);

// A short description for version listings: "upsert entity A", "add ownership edge P -> A
// from 2024-01-01", "upsert acquisition P -> A".
std::string Describe(const ChangeBody& body);

}  // namespace interco::group

#endif  // INTERCO_SERVICES_GROUP_MODEL_H_
