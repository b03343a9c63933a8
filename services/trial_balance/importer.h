// TrialBalanceImporter: the one way a trial balance gets in, whichever door it came
// through (a unary call, a stream, later a file). Plain C++.
//
// Import answers a retry (same request_id, same content) with the version it created and
// refuses other content under that request_id (ALREADY_EXISTS) before looking at anything
// else, so a retry after the period was closed still gets its original answer. The same
// content as the latest version of its entity and period under a new request_id (an ERP's
// resend) is answered with that version, nothing written. Otherwise
// it checks the import against the reference data it is given and stores the next version
// of (entity, period) with the next import sequence. On any refusal nothing is written.
// Thread-safe: imports are serialized (they are rare and each is one synced write).
//
// A period close must not be accepted between an import's check of the calendar and its
// write: the write runs inside the `exclusive` section the importer is given (the server's
// is the ledger Sequencer's RunExclusive, under which period closes and structure changes
// are applied too, pricing/period_close.h). That section stops every posting of the group,
// so the checks (tens of milliseconds for 20,000 lines) run before it, and inside it the
// importer only reads the reference data again: the same snapshots (the registries'
// versions are immutable, so the same pointers) mean the checks hold and the version is
// written; otherwise (a change came between) it is checked again, inside, against the new.
#ifndef INTERCO_SERVICES_TRIAL_BALANCE_IMPORTER_H_
#define INTERCO_SERVICES_TRIAL_BALANCE_IMPORTER_H_

#include <functional>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/group/structure.h"
#include "services/ledger/period.h"
#include "services/trial_balance/chart.h"
#include "services/trial_balance/store.h"
#include "services/trial_balance/trial_balance.h"

namespace interco::trial_balance {

// The reference data an import is checked against, each at one version.
struct ImportReferences {
  const group::GroupStructure* structure = nullptr;  // The entity and its currency.
  const ledger::PeriodCalendar* calendar = nullptr;  // Closed periods.
  const Chart* chart = nullptr;                      // Accounts and mappings.
};

// The first of CheckImport's checks, which a stream makes on its first message: entity_id
// is well formed (INVALID_ARGUMENT) and names an entity of `structure` (NOT_FOUND
// entity_id, UNKNOWN_ID).
absl::Status CheckImportEntity(const TrialBalanceImport& request,
                               const group::GroupStructure& structure);

// Whether `a` and `b` are the same snapshots of the reference data.
bool SameReferences(const ImportReferences& a, const ImportReferences& b);

// Checks `request` against `references` and returns the lines as they would be stored
// (each with its group account), without the retry check or writing. Errors, each naming
// its field: NOT_FOUND entity_id (UNKNOWN_ID) or lines[i].account (UNKNOWN_ACCOUNT: not in
// the chart; UNMAPPED_ACCOUNT: not in the entity's mapping in effect on the period's last
// day); INVALID_ARGUMENT currency_code (NOT_FUNCTIONAL_CURRENCY), source_system,
// lines (MISSING_FIELD, TOO_MANY_LINES, NOT_BALANCED with the difference as value),
// lines[i].account (DUPLICATE_ACCOUNT), lines[i].balance (TOO_MANY_PLACES: more decimals
// than the currency has); FAILED_PRECONDITION period (PERIOD_CLOSED).
absl::StatusOr<std::vector<TrialBalanceLine>> CheckImport(const TrialBalanceImport& request,
                                                          const ImportReferences& references);

class TrialBalanceImporter {
 public:
  // Runs its argument once, on the calling thread, while period closes wait.
  using Exclusive = std::function<void(absl::FunctionRef<void()>)>;

  // `store` must outlive the importer. Without `exclusive` (tests of the rules alone)
  // nothing orders imports with period closes.
  explicit TrialBalanceImporter(TrialBalanceStore* store, Exclusive exclusive = nullptr)
      : store_(store), exclusive_(std::move(exclusive)) {}

  // The header of the version created (or, for a retry, created before). `current` is
  // called for the reference data to check against (not for a retry): once before the
  // exclusive section and once inside it. What each call returns must stay valid until
  // Import returns, and equal pointers must mean the same, unchanged data. Errors:
  // those of ValidateRequestId, ALREADY_EXISTS for a reused request_id, those of
  // CheckImport, and the store's.
  absl::StatusOr<TrialBalanceHeader> Import(const TrialBalanceImport& request,
                                            absl::FunctionRef<ImportReferences()> current);
  // The same against fixed `references`.
  absl::StatusOr<TrialBalanceHeader> Import(const TrialBalanceImport& request,
                                            const ImportReferences& references) {
    return Import(request, [&references] { return references; });
  }

  const TrialBalanceStore& store() const { return *store_; }

 private:
  // `lines` (checked against `references`) as the version the next Append writes, its
  // stored invariants asserted.
  absl::StatusOr<TrialBalance> NextVersion(const TrialBalanceImport& request,
                                           std::vector<TrialBalanceLine> lines,
                                           const ImportReferences& references)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  TrialBalanceStore* const store_;
  const Exclusive exclusive_;
  absl::Mutex mu_;  // Held from the retry check to the append: versions are assigned once.
};

}  // namespace interco::trial_balance

#endif  // INTERCO_SERVICES_TRIAL_BALANCE_IMPORTER_H_
