#include "services/ledger/functional_currency.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/ledger/period_type.h"

namespace interco::ledger {

absl::Status AdmitCurrencies(const group::GroupStructure& latest,
                             const std::vector<LedgerLine>& lines) {
  for (const LedgerLine& line : lines) {
    const group::LegalEntity* entity = latest.FindEntity(line.entity_id);
    if (entity == nullptr) continue;
    const std::string& in_force =
        entity->FunctionalCurrencyIn(absl::CivilMonth(line.period.FirstDay()));
    if (line.functional_currency == in_force) continue;
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            "the posting books ", line.entity_id, " in ", line.period.ToString(), " in ",
            line.functional_currency, ", but ", line.entity_id, "'s functional currency for ",
            line.period.ToString(), " is ", in_force, " (structure version ", latest.version(),
            "): it was priced before that change, so post it again; a line that a reversal or "
            "a period's roll-forward moves there cannot be booked in its old currency")),
        "FUNCTIONAL_CURRENCY_CHANGED");
  }
  return absl::OkStatus();
}

namespace {

// What one kind of book is called in refusals.
struct BookNames {
  const char* noun;           // "postings"
  const char* last;           // "its last posted one"
  const char* entity_reason;  // ENTITY_HAS_POSTINGS
  const char* period_reason;  // PERIOD_HAS_POSTINGS
};

absl::Status CheckBooks(const group::LegalEntity& current, const group::LegalEntity& upsert,
                        const CurrencyBooks& books, const BookNames& names) {
  if (!upsert.functional_currency_from.has_value()) {
    ASSIGN_OR_RETURN(const bool held, books.HasEntriesFrom(upsert.id, std::nullopt));
    if (!held) return absl::OkStatus();
    return FieldError(
        absl::StatusCode::kFailedPrecondition, "functional_currency", upsert.functional_currency,
        names.entity_reason,
        absl::StrCat("entity ", upsert.id, " has ", names.noun, " in ", current.functional_currency,
                     "; change its functional currency from a period after ", names.last,
                     " with functional_currency_effective_period (IAS 21.35-37)"));
  }
  const std::string from = group::MonthText(*upsert.functional_currency_from);
  // nullopt outside the calendar, where nothing can be booked (the structure then refuses
  // the period as out of range).
  const std::optional<Period> first = Period::Of(absl::CivilDay(*upsert.functional_currency_from));
  if (!first.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(const bool held, books.HasEntriesFrom(upsert.id, first));
  if (!held) return absl::OkStatus();
  return FieldError(absl::StatusCode::kFailedPrecondition, "functional_currency_effective_period",
                    from, names.period_reason,
                    absl::StrCat("entity ", upsert.id, " has ", names.noun, " in ", from,
                                 " or later; a change of functional currency applies "
                                 "prospectively, from a period after ",
                                 names.last));
}

}  // namespace

absl::Status CheckCurrencyChange(const group::GroupStructure& latest, const Journal& journal,
                                 const group::LegalEntity& upsert,
                                 const CurrencyBooks* trial_balances) {
  const group::LegalEntity* current = latest.FindEntity(upsert.id);
  if (current == nullptr || current->functional_currency == upsert.functional_currency) {
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(CheckBooks(
      *current, upsert, journal,
      {"postings", "its last posted one", "ENTITY_HAS_POSTINGS", "PERIOD_HAS_POSTINGS"}));
  if (trial_balances == nullptr) return absl::OkStatus();
  return CheckBooks(*current, upsert, *trial_balances,
                    {"imported trial balances", "its last one with a trial balance",
                     "ENTITY_HAS_TRIAL_BALANCES", "PERIOD_HAS_TRIAL_BALANCES"});
}

absl::StatusOr<group::StructureRegistry::Applied> UpsertEntity(
    group::StructureRegistry& registry, const Journal& journal, Sequencer& sequencer,
    const group::StructureChange& change, const CurrencyBooks* trial_balances) {
  absl::StatusOr<group::StructureRegistry::Applied> applied =
      absl::InternalError("not an entity upsert");
  const auto* upsert = std::get_if<group::LegalEntity>(&change.body);
  if (upsert == nullptr) return applied;
  sequencer.RunExclusive([&] {
    // Under the commit lock: what the journal holds now is all there is, and the next
    // drain's admission sees the structure this change publishes.
    // A retry is answered from the registry as the original was, whatever was posted since.
    const absl::Status allowed =
        registry.HasRequest(change.request_id)
            ? absl::OkStatus()
            : CheckCurrencyChange(*registry.Current(), journal, *upsert, trial_balances);
    applied = allowed.ok() ? registry.Apply(change) : allowed;
  });
  return applied;
}

}  // namespace interco::ledger
