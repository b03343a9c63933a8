// The group's reference data as plain values: legal entities, departments, employees and
// effective-dated ownership edges, and the changes that create structure versions.
#ifndef INTERCO_SERVICES_GROUP_MODEL_H_
#define INTERCO_SERVICES_GROUP_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "absl/time/civil_time.h"
#include "services/common/decimal.h"

namespace interco::group {

struct LegalEntity {
  std::string id;
  std::string name;
  std::string jurisdiction;         // ISO 3166-1 alpha-2.
  std::string functional_currency;  // ISO 4217.
  std::string parent_of_record_id;  // Optional; informational.
  friend bool operator==(const LegalEntity& a, const LegalEntity& b) {
    return a.id == b.id && a.name == b.name && a.jurisdiction == b.jurisdiction &&
           a.functional_currency == b.functional_currency &&
           a.parent_of_record_id == b.parent_of_record_id;
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

using ChangeBody = std::variant<LegalEntity, Department, Employee, OwnershipEdge, EndEdge>;

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

// A short description for version listings: "upsert entity A", "add edge P -> A".
std::string Describe(const ChangeBody& body);

}  // namespace interco::group

#endif  // INTERCO_SERVICES_GROUP_MODEL_H_
