#include "services/pricing/pricing_book.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/group/model.h"
#include "services/group/validation.h"
#include "services/ledger/period.h"

namespace interco::pricing {

std::string Describe(const PricingBody& body) {
  if (const Policy* policy = std::get_if<Policy>(&body)) {
    return absl::StrCat("upsert policy ", policy->id);
  }
  if (const PeriodStatus* status = std::get_if<PeriodStatus>(&body)) {
    return absl::StrCat(status->closed ? "close " : "reopen ", status->period.ToString(), " of ",
                        status->entity_id);
  }
  if (const auto* map = std::get_if<ledger::EntityAccountMap>(&body)) {
    return absl::StrCat("upsert account map of ", map->entity_id);
  }
  const FxRate& rate = std::get<FxRate>(body);
  return absl::StrCat("upsert ", RateTypeName(rate.type), " rate ", rate.base, "/", rate.quote,
                      " from ", group::DayText(rate.valid_from));
}

PricingBook::PricingBook(const PricingBook& other)
    : version_(other.version_),
      policies_(other.policies_),
      fx_(other.fx_),
      fx_rates_(other.fx_rates_),
      closed_periods_(other.closed_periods_),
      account_maps_(other.account_maps_) {
  // Governing entries point into policies_: rebuild them against this copy.
  for (const auto& [id, governing] : other.governing_) {
    governing_[id] = {&policies_.at(id), governing.policy_version, governing.range};
  }
}

absl::Status PricingBook::CheckConflicts(const Policy& policy) const {
  for (const auto& [id, other] : policies_) {
    if (id == policy.id) continue;
    if (other.priority == policy.priority &&
        other.pattern.Specificity() == policy.pattern.Specificity() &&
        CouldBothMatch(other.pattern, policy.pattern)) {
      return FieldError(absl::StatusCode::kFailedPrecondition, "priority",
                        absl::StrCat(policy.priority), "POLICY_CONFLICT",
                        absl::StrCat("conflicts with policy ", id,
                                     ": both could govern one transaction, equally specific and "
                                     "with the same priority; change the priority or narrow "
                                     "the pattern"));
    }
  }
  return absl::OkStatus();
}

bool PricingBook::IsClosed(absl::string_view entity_id, ledger::Period period) const {
  return closed_periods_.count({std::string(entity_id), period}) > 0;
}

std::optional<ledger::Period> PricingBook::RollForward(absl::string_view entity_id,
                                                       ledger::Period period) const {
  const auto closed = closed_periods_.find({std::string(entity_id), period});
  if (closed == closed_periods_.end() || !closed->second.roll_forward) return std::nullopt;
  // Closed periods are finite, so an open one follows within their number of months, or
  // the calendar ends first (then there is none: the posting is refused).
  ledger::Period next = period;
  for (size_t step = 0; step <= closed_periods_.size(); ++step) {
    const std::optional<ledger::Period> following = next.Next();
    if (!following.has_value()) return std::nullopt;
    next = *following;
    if (!IsClosed(entity_id, next)) return next;
  }
  return std::nullopt;
}

const ledger::AccountMapping* PricingBook::AccountsOf(absl::string_view entity_id,
                                                      TransactionType type) const {
  const auto map = account_maps_.find(entity_id);
  if (map == account_maps_.end()) return nullptr;
  const auto mapping = map->second.record.mappings.find(type);
  return mapping == map->second.record.mappings.end() ? nullptr : &mapping->second;
}

absl::StatusOr<PricingBody> PricingBook::Apply(const PricingBody& body) {
  if (const auto* map = std::get_if<ledger::EntityAccountMap>(&body)) {
    RETURN_IF_ERROR(group::ValidateId("entity_id", map->entity_id));
    RETURN_IF_ERROR(ledger::ValidateAccountMap(*map));
    ++version_;
    account_maps_[map->entity_id] = {*map, version_};
    return body;
  }
  if (const PeriodStatus* status = std::get_if<PeriodStatus>(&body)) {
    RETURN_IF_ERROR(group::ValidateId("entity_id", status->entity_id));
    const auto key = std::make_pair(status->entity_id, status->period);
    if (status->closed == (closed_periods_.count(key) > 0)) {
      return FieldError(absl::StatusCode::kFailedPrecondition, "period", status->period.ToString(),
                        status->closed ? "PERIOD_ALREADY_CLOSED" : "PERIOD_NOT_CLOSED",
                        absl::StrCat("is already ", status->closed ? "closed" : "open", " for ",
                                     status->entity_id));
    }
    if (status->closed && status->roll_forward && status->period == ledger::Period::Last()) {
      return InvalidField("roll_forward", "true", "NO_FOLLOWING_PERIOD",
                          absl::StrCat(status->period.ToString(),
                                       " is the last period: postings dated in it cannot be "
                                       "rolled forward; close it without roll_forward"));
    }
    ++version_;
    if (status->closed) {
      closed_periods_[key] = {status->roll_forward, version_};
    } else {
      closed_periods_.erase(key);
    }
    return body;
  }
  if (const FxRate* rate = std::get_if<FxRate>(&body)) {
    RETURN_IF_ERROR(fx_.Upsert(*rate));
    ++version_;
    fx_rates_[{rate->base, rate->quote, rate->type, rate->valid_from}] = {*rate, version_};
    return body;
  }
  const Policy& policy = std::get<Policy>(body);
  RETURN_IF_ERROR(ValidatePolicy(policy));
  RETURN_IF_ERROR(CheckConflicts(policy));
  std::optional<ArmLengthRange> range;
  if (policy.range != RangeStrategy::kNone) {
    ASSIGN_OR_RETURN(range, ComputeRange(policy.range, policy.comparables));
  }
  ++version_;
  policies_[policy.id] = policy;
  governing_[policy.id] = {&policies_.at(policy.id), version_, range};
  return body;
}

absl::StatusOr<PricingBook::Governing> PricingBook::Match(const MatchKey& key) const {
  const Governing* best = nullptr;
  bool tie = false;
  for (const auto& [id, candidate] : governing_) {
    const Policy& policy = *candidate.policy;
    if (!Matches(policy.pattern, key)) continue;
    if (best == nullptr) {
      best = &candidate;
      continue;
    }
    const int a = policy.pattern.Specificity(), b = best->policy->pattern.Specificity();
    if (a > b || (a == b && policy.priority > best->policy->priority)) {
      best = &candidate;
      tie = false;
    } else if (a == b && policy.priority == best->policy->priority) {
      tie = true;
    }
  }
  const std::string what = absl::StrCat(
      "seller ", key.seller_party_id, ", buyer ", key.buyer_party_id, ", ",
      TransactionTypeName(key.transaction_type),
      key.category.empty() ? "" : absl::StrCat(" ", key.category), " on ", group::DayText(key.day));
  if (best == nullptr) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat("no transfer-pricing policy governs ", what)),
        "NO_POLICY");
  }
  if (tie) {
    return WithReason(absl::FailedPreconditionError(absl::StrCat(
                          "two policies govern ", what, " equally; give one a higher priority")),
                      "POLICY_CONFLICT");
  }
  return *best;
}

}  // namespace interco::pricing
