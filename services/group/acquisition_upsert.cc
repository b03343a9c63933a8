#include "services/group/acquisition_upsert.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/request_id.h"
#include "services/common/status_macros.h"
#include "services/group/validation.h"

namespace interco::group {
namespace {

absl::Status CheckChart(const Acquisition& acquisition, const ChartAccounts& chart) {
  const std::optional<ChartAccountFacts> investment = chart.Find(acquisition.investment_account);
  if (!investment.has_value()) {
    return FieldError(absl::StatusCode::kNotFound, "investment_account",
                      acquisition.investment_account, "UNKNOWN_ACCOUNT",
                      "not an account of the group chart");
  }
  if (!investment->investment_in_held_entity) {
    return FieldError(absl::StatusCode::kFailedPrecondition, "investment_account",
                      acquisition.investment_account, "NOT_AN_INVESTMENT_ACCOUNT",
                      "the group chart does not flag this account investment_in_held_entity");
  }
  for (size_t i = 0; i < acquisition.fair_value_adjustments.size(); ++i) {
    const std::string& account = acquisition.fair_value_adjustments[i].account;
    const std::string field = absl::StrCat("fair_value_adjustments[", i, "].account");
    const std::optional<ChartAccountFacts> facts = chart.Find(account);
    if (!facts.has_value()) {
      return FieldError(absl::StatusCode::kNotFound, field, account, "UNKNOWN_ACCOUNT",
                        "not an account of the group chart");
    }
    if (!facts->asset_or_liability) {
      return FieldError(absl::StatusCode::kFailedPrecondition, field, account,
                        "NOT_ASSET_OR_LIABILITY",
                        "a fair-value adjustment is to an asset or a liability of the held "
                        "entity");
    }
  }
  return absl::OkStatus();
}

// The held-side amounts are kept without a currency: they are in the held entity's
// functional currency on the date, so a caller's other currency is refused, not converted.
// An unknown held entity is left to GroupStructure::Apply.
absl::Status CheckHeldCurrency(const AcquisitionUpsert& upsert, const GroupStructure& current) {
  const Acquisition& acquisition = upsert.acquisition;
  const LegalEntity* held = current.FindEntity(acquisition.held_id);
  if (held == nullptr || upsert.held_amounts_currency.empty()) return absl::OkStatus();
  const std::string& in_force =
      held->FunctionalCurrencyIn(absl::CivilMonth(acquisition.acquisition_date));
  if (upsert.held_amounts_currency == in_force) return absl::OkStatus();
  const char* field = acquisition.nci_fair_value.has_value()
                          ? "nci_fair_value.currency_code"
                          : "fair_value_adjustments[0].amount.currency_code";
  return InvalidField(field, upsert.held_amounts_currency, "NOT_FUNCTIONAL_CURRENCY",
                      absl::StrCat("must be ", acquisition.held_id, "'s functional currency on ",
                                   DayText(acquisition.acquisition_date), ", ", in_force));
}

absl::StatusOr<StructureRegistry::Applied> CheckAndApply(StructureRegistry& registry,
                                                         const ChartAccounts& chart,
                                                         const AcquisitionUpsert& upsert) {
  StructureChange change{upsert.request_id, upsert.acquisition};
  // A retry is answered as the original was, whatever the chart says now.
  if (registry.HasRequest(upsert.request_id)) return registry.Apply(change);
  RETURN_IF_ERROR(ValidateAcquisition(upsert.acquisition));
  RETURN_IF_ERROR(CheckChart(upsert.acquisition, chart));
  RETURN_IF_ERROR(CheckHeldCurrency(upsert, *registry.Current()));
  return registry.Apply(change);
}

}  // namespace

absl::StatusOr<StructureRegistry::Applied> UpsertAcquisition(StructureRegistry& registry,
                                                             const ChartAccounts& chart,
                                                             const AcquisitionUpsert& upsert,
                                                             const RunExclusive& exclusive) {
  RETURN_IF_ERROR(ValidateRequestId(upsert.request_id));
  if (!exclusive) return CheckAndApply(registry, chart, upsert);
  absl::StatusOr<StructureRegistry::Applied> applied = absl::InternalError("not run");
  exclusive([&] { applied = CheckAndApply(registry, chart, upsert); });
  return applied;
}

}  // namespace interco::group
