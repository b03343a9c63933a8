// GroupStructure's acquisitions: applying one, and the rules that keep every stored one true
// when an edge ends or an entity's functional currency changes.
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/iso_codes.h"
#include "services/common/status_macros.h"
#include "services/group/structure.h"
#include "services/group/validation.h"

namespace interco::group {
namespace {

// INVALID_ARGUMENT naming `field` if `amount` has more decimals than `currency` (an
// entity's functional currency, so a known one) has minor units.
absl::Status CheckPlaces(absl::string_view field, Decimal amount, const std::string& currency) {
  const std::optional<int> minor_units = CurrencyMinorUnits(currency);
  if (!minor_units.has_value() || amount.Round(*minor_units) == amount) return absl::OkStatus();
  return InvalidField(field, amount.ToString(), "TOO_MANY_PLACES",
                      absl::StrCat("more decimal places than ", currency, ", the held entity's ",
                                   "functional currency, has (", *minor_units, ")"));
}

std::string PairText(const Acquisition& acquisition) {
  return absl::StrCat(acquisition.holder_id, " -> ", acquisition.held_id);
}

}  // namespace

const Acquisition* GroupStructure::FindAcquisition(absl::string_view holder_id,
                                                   absl::string_view held_id) const {
  const auto it = acquisitions_.find({std::string(holder_id), std::string(held_id)});
  return it == acquisitions_.end() ? nullptr : &it->second;
}

absl::StatusOr<ChangeBody> GroupStructure::ApplyAcquisition(const Acquisition& acquisition) {
  RETURN_IF_ERROR(ValidateAcquisition(acquisition));
  const LegalEntity* holder = FindEntity(acquisition.holder_id);
  if (holder == nullptr) {
    return FieldError(absl::StatusCode::kNotFound, "holder_id", acquisition.holder_id, "UNKNOWN_ID",
                      "no legal entity with this id");
  }
  const LegalEntity* held = FindEntity(acquisition.held_id);
  if (held == nullptr) {
    return FieldError(absl::StatusCode::kNotFound, "held_id", acquisition.held_id, "UNKNOWN_ID",
                      "no legal entity with this id");
  }
  const absl::CivilDay day = acquisition.acquisition_date;
  bool held_on_day = false;
  for (const OwnershipEdge& edge : edges_) {
    held_on_day |= edge.holder_id == acquisition.holder_id && edge.held_id == acquisition.held_id &&
                   edge.ActiveOn(day);
  }
  if (!held_on_day) {
    return FieldError(
        absl::StatusCode::kFailedPrecondition, "held_id", acquisition.held_id, "NOT_HELD",
        absl::StrCat(acquisition.holder_id, " holds no stake in ", acquisition.held_id, " on ",
                     DayText(day), "; add the ownership edge first"));
  }
  const absl::CivilMonth month(day);
  const std::string& holder_currency = holder->FunctionalCurrencyIn(month);
  if (acquisition.consideration_currency != holder_currency) {
    return InvalidField(
        "consideration_currency", acquisition.consideration_currency, "NOT_FUNCTIONAL_CURRENCY",
        absl::StrCat("must be ", acquisition.holder_id, "'s functional currency on ", DayText(day),
                     ", ", holder_currency));
  }
  const std::string& held_currency = held->FunctionalCurrencyIn(month);
  if (acquisition.nci_fair_value.has_value()) {
    RETURN_IF_ERROR(CheckPlaces("nci_fair_value", *acquisition.nci_fair_value, held_currency));
  }
  for (size_t i = 0; i < acquisition.fair_value_adjustments.size(); ++i) {
    RETURN_IF_ERROR(CheckPlaces(absl::StrCat("fair_value_adjustments[", i, "].amount"),
                                acquisition.fair_value_adjustments[i].amount, held_currency));
  }
  acquisitions_[{acquisition.holder_id, acquisition.held_id}] = acquisition;
  return acquisition;
}

absl::Status GroupStructure::CheckAcquisitionsStillHeld(const OwnershipEdge& ended) const {
  const Acquisition* acquisition = FindAcquisition(ended.holder_id, ended.held_id);
  if (acquisition == nullptr) return absl::OkStatus();
  const absl::CivilDay day = acquisition->acquisition_date;
  for (const OwnershipEdge& edge : edges_) {
    if (edge.holder_id != ended.holder_id || edge.held_id != ended.held_id) continue;
    const bool is_ended = edge.valid_from == ended.valid_from;
    if ((is_ended ? ended : edge).ActiveOn(day)) return absl::OkStatus();
  }
  return FieldError(
      absl::StatusCode::kFailedPrecondition, "valid_to", DayText(*ended.valid_to),
      "ENDS_BEFORE_ACQUISITION",
      absl::StrCat("the acquisition ", PairText(*acquisition), " is dated ", DayText(day),
                   " and needs an edge on that day; correct the ", "acquisition first"));
}

absl::Status GroupStructure::CheckAcquisitionCurrencies(const LegalEntity* current,
                                                        const LegalEntity& upsert,
                                                        const LegalEntity& record) const {
  if (current == nullptr) return absl::OkStatus();
  for (const auto& [key, acquisition] : acquisitions_) {
    if (key.first != record.id && key.second != record.id) continue;
    const absl::CivilMonth month(acquisition.acquisition_date);
    const std::string& before = current->FunctionalCurrencyIn(month);
    if (before == record.FunctionalCurrencyIn(month)) continue;
    // The acquisition's amounts are in the currency then in force: they would change meaning.
    const std::string message = absl::StrCat(
        "the acquisition ", PairText(acquisition), " of ", DayText(acquisition.acquisition_date),
        " states its amounts in ", before, ", ", record.id,
        "'s functional currency then; a change of functional currency applies from a period "
        "after its acquisitions");
    if (!upsert.functional_currency_from.has_value()) {
      return FieldError(absl::StatusCode::kFailedPrecondition, "functional_currency",
                        upsert.functional_currency, "ENTITY_HAS_ACQUISITIONS", message);
    }
    return FieldError(absl::StatusCode::kFailedPrecondition, "functional_currency_effective_period",
                      MonthText(*upsert.functional_currency_from), "PERIOD_HAS_ACQUISITIONS",
                      message);
  }
  return absl::OkStatus();
}

}  // namespace interco::group
