// PricingBook: transfer-pricing policies and FX rates at one pricing version.
// Changes are applied through VersionedRegistry (PricingRegistry below); each accepted
// change is one version. Copyable value; const methods are thread-safe.
#ifndef INTERCO_SERVICES_PRICING_PRICING_BOOK_H_
#define INTERCO_SERVICES_PRICING_PRICING_BOOK_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <variant>

#include "absl/status/statusor.h"
#include "services/common/versioned_registry.h"
#include "services/ledger/account_map.h"
#include "services/ledger/period.h"
#include "services/pricing/arm_length_range.h"
#include "services/pricing/fx.h"
#include "services/pricing/policy.h"

namespace interco::pricing {

// Closes (or reopens) one accounting period of one entity.
struct PeriodStatus {
  std::string entity_id;
  ledger::Period period;
  bool closed = true;
  // When closed: book postings dated in it in the next open period instead of rejecting.
  bool roll_forward = false;
  friend bool operator==(const PeriodStatus& a, const PeriodStatus& b) {
    return a.entity_id == b.entity_id && a.period == b.period && a.closed == b.closed &&
           a.roll_forward == b.roll_forward;
  }
};

// A record with the pricing version that last wrote it, for reads that answer with both.
template <typename Record>
struct Written {
  Record record;
  uint64_t version = 0;
};

// A closed period: whether postings dated in it roll forward, and the version that closed it.
struct ClosedPeriod {
  bool roll_forward = false;
  uint64_t version = 0;
};

using PricingBody = std::variant<Policy, FxRate, PeriodStatus, ledger::EntityAccountMap>;

struct PricingChange {
  std::string request_id;
  PricingBody body;
  friend bool operator==(const PricingChange& a, const PricingChange& b) {
    return a.request_id == b.request_id && a.body == b.body;
  }
};

// "upsert policy CP-GOODS", "upsert SPOT rate EUR/USD from 2024-06-28".
std::string Describe(const PricingBody& body);

class PricingBook final : public ledger::PeriodCalendar {
 public:
  PricingBook() = default;
  // An empty book whose FX lookups use `staleness` (see fx.h).
  explicit PricingBook(FxStaleness staleness) : fx_(staleness) {}
  // A copy for building the next version.
  PricingBook(const PricingBook& other);
  PricingBook& operator=(const PricingBook&) = delete;

  uint64_t version() const { return version_; }

  // Validates and applies a policy or rate upsert. Errors name the field relative to the
  // record. FAILED_PRECONDITION for a policy conflict or an overlapping rate.
  absl::StatusOr<PricingBody> Apply(const PricingBody& body);

  struct Governing {
    const Policy* policy = nullptr;
    uint64_t policy_version = 0;          // The version that last changed it.
    std::optional<ArmLengthRange> range;  // Of the indicator, when the policy has one.
  };
  // The policy governing `key`. FAILED_PRECONDITION (reason NO_POLICY) when none matches,
  // (reason POLICY_CONFLICT) when two match equally.
  absl::StatusOr<Governing> Match(const MatchKey& key) const;

  const FxTable& fx() const { return fx_; }
  bool IsClosed(absl::string_view entity_id, ledger::Period period) const override;
  // For a closed period that rolls forward, the entity's next open period; nullopt when
  // `period` is open or closed without roll-forward.
  std::optional<ledger::Period> RollForward(absl::string_view entity_id,
                                            ledger::Period period) const override;
  // The accounts `entity_id` uses for `type` when it trades intercompany; nullptr for the
  // defaults.
  const ledger::AccountMapping* AccountsOf(absl::string_view entity_id, TransactionType type) const;
  size_t policy_count() const { return policies_.size(); }

  // What the book holds, for reads, in key order. Each record comes with the version that
  // last wrote it (for a policy, Governing::policy_version).
  using FxRateKey = std::tuple<std::string, std::string, RateType, absl::CivilDay>;
  using PeriodKey = std::pair<std::string, ledger::Period>;  // (entity, period).
  const std::map<std::string, Governing>& policies() const { return governing_; }
  const std::map<FxRateKey, Written<FxRate>>& fx_rates() const { return fx_rates_; }
  const std::map<PeriodKey, ClosedPeriod>& closed_periods() const { return closed_periods_; }
  const std::map<std::string, Written<ledger::EntityAccountMap>, std::less<>>& account_maps()
      const {
    return account_maps_;
  }

 private:
  absl::Status CheckConflicts(const Policy& policy) const;

  uint64_t version_ = 0;
  std::map<std::string, Governing> governing_;  // By policy id; points into policies_.
  std::map<std::string, Policy> policies_;
  FxTable fx_;
  // The rates as upserted, by (base, quote, type, valid_from): a correction replaces one.
  std::map<FxRateKey, Written<FxRate>> fx_rates_;
  std::map<PeriodKey, ClosedPeriod> closed_periods_;
  std::map<std::string, Written<ledger::EntityAccountMap>, std::less<>> account_maps_;
};

using PricingLog = ChangeLog<PricingChange>;
using PricingRegistry = VersionedRegistry<PricingBook, PricingChange>;

}  // namespace interco::pricing

#endif  // INTERCO_SERVICES_PRICING_PRICING_BOOK_H_
