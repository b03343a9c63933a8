// A period close racing a trial balance import, made deterministic: the store runs a hook
// between the import's checks and its write, and the hook asks for the close then. The
// close must wait for the write (the import checked an open period and comes first); an
// import after it is refused. Before imports checked and wrote under the sequencer's
// commit lock, the close was accepted inside that window and the import still landed in
// the closed period.
#include <functional>
#include <memory>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/group/model.h"
#include "services/group/structure.h"
#include "services/ledger/memory_journal.h"
#include "services/ledger/sequencer.h"
#include "services/pricing/period_close.h"
#include "services/pricing/pricing_book.h"
#include "services/trial_balance/chart.h"
#include "services/trial_balance/importer.h"
#include "services/trial_balance/memory_store.h"

namespace interco::testing {
namespace {

using trial_balance::TrialBalanceStore;

// A store that calls `before_append` first in Append: the moment after the import's checks.
class HookedStore final : public TrialBalanceStore {
 public:
  std::function<void()> before_append;

  absl::StatusOr<std::optional<trial_balance::TrialBalance>> FindByRequest(
      absl::string_view request_id) const override {
    return store_.FindByRequest(request_id);
  }
  absl::StatusOr<std::optional<trial_balance::TrialBalanceHeader>> FindHeader(
      absl::string_view entity_id, ledger::Period period,
      trial_balance::VersionSelector selector) const override {
    return store_.FindHeader(entity_id, period, selector);
  }
  absl::StatusOr<std::vector<trial_balance::TrialBalanceLine>> Lines(
      absl::string_view entity_id, ledger::Period period, uint64_t version) const override {
    return store_.Lines(entity_id, period, version);
  }
  absl::StatusOr<std::vector<trial_balance::TrialBalanceHeader>> List(
      absl::string_view entity_id, std::optional<ledger::Period> period,
      const std::optional<trial_balance::VersionKey>& after, size_t limit) const override {
    return store_.List(entity_id, period, after, limit);
  }
  uint64_t last_import_sequence() const override { return store_.last_import_sequence(); }
  absl::Status Append(const trial_balance::TrialBalance& trial_balance) override {
    if (before_append) before_append();
    return store_.Append(trial_balance);
  }

 private:
  trial_balance::MemoryTrialBalanceStore store_;
};

class NoLog final : public ChangeLog<pricing::PricingChange> {
 public:
  absl::Status Append(uint64_t, const pricing::PricingChange&) override { return absl::OkStatus(); }
};

ledger::Period P(const char* text) { return *ledger::Period::Parse("period", text); }

trial_balance::TrialBalanceImport SubsidiaryJune(const char* request_id) {
  trial_balance::TrialBalanceImport import;
  import.request_id = request_id;
  import.entity_id = "S";
  import.period = P("2024-06");
  import.currency = "USD";
  import.source_system = "ERP";
  import.lines.push_back({"1000", *Decimal::Parse("100.00")});
  import.lines.push_back({"3000", *Decimal::Parse("-100.00")});
  return import;
}

class ImportCloseRaceTest : public ::testing::Test {
 protected:
  ImportCloseRaceTest() : structure_(group::OwnershipThresholds{}) {
    EXPECT_TRUE(structure_.Apply(group::LegalEntity{"S", "S", "US", "USD", ""}).ok());
    for (const auto& [id, account_class] :
         {std::pair{"1000", trial_balance::AccountClass::kAsset},
          std::pair{"3000", trial_balance::AccountClass::kEquity}}) {
      trial_balance::GroupAccount account;
      account.id = id;
      account.name = id;
      account.account_class = account_class;
      account.statement_line = "LINE";
      EXPECT_TRUE(chart_.Apply(account).ok());
    }
    pricing_ = *pricing::PricingRegistry::Create({}, &log_, pricing::PricingBook());
  }

  // Imports through `importer` as the server does: the references read inside the
  // importer's exclusive section.
  absl::StatusOr<trial_balance::TrialBalanceHeader> Import(
      trial_balance::TrialBalanceImporter& importer, const trial_balance::TrialBalanceImport& tb) {
    std::shared_ptr<const pricing::PricingBook> book;
    return importer.Import(tb, [&] {
      book = pricing_->Current();
      return trial_balance::ImportReferences{&structure_, book.get(), &chart_};
    });
  }

  absl::StatusOr<pricing::PricingRegistry::Applied> CloseJune() {
    return pricing::ApplyPeriodStatus(
        *pricing_, sequencer_, {"close-S-2024-06", pricing::PeriodStatus{"S", P("2024-06"), true}});
  }

  group::GroupStructure structure_;
  trial_balance::Chart chart_;
  NoLog log_;
  std::unique_ptr<pricing::PricingRegistry> pricing_;
  ledger::MemoryJournal journal_;
  ledger::Sequencer sequencer_{&journal_, ledger::SequencerOptions{}};
};

TEST_F(ImportCloseRaceTest, ACloseAskedBetweenAnImportsCheckAndWriteWaitsForTheWrite) {
  HookedStore store;
  trial_balance::TrialBalanceImporter importer(
      &store, [this](absl::FunctionRef<void()> fn) { sequencer_.RunExclusive(fn); });
  std::thread closer;
  absl::Notification closed;
  bool closed_before_write = false;
  bool asked = false;
  store.before_append = [&] {
    if (asked) return;  // Once: the first import's write.
    asked = true;
    closer = std::thread([&] {
      EXPECT_TRUE(CloseJune().ok());
      closed.Notify();
    });
    // Unordered, the close is accepted at once; ordered, it cannot be until the write.
    closed_before_write = closed.WaitForNotificationWithTimeout(absl::Milliseconds(500));
  };
  const absl::StatusOr<trial_balance::TrialBalanceHeader> first =
      Import(importer, SubsidiaryJune("tb-1"));
  closer.join();
  EXPECT_FALSE(closed_before_write) << "the close was accepted between the check and the write";
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->version, 1u);
  EXPECT_TRUE(pricing_->Current()->IsClosed("S", P("2024-06")));
  // The close is in force for every import after it (other content: a new version); a
  // retry still gets its answer, and so does the same content resent under a new id, which
  // writes nothing.
  trial_balance::TrialBalanceImport corrected = SubsidiaryJune("tb-2");
  corrected.lines[0].balance = *Decimal::Parse("110.00");
  corrected.lines[1].balance = *Decimal::Parse("-110.00");
  const absl::StatusOr<trial_balance::TrialBalanceHeader> second = Import(importer, corrected);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition) << second.status();
  EXPECT_EQ(Import(importer, SubsidiaryJune("tb-1"))->version, 1u);
  const absl::StatusOr<trial_balance::TrialBalanceHeader> resent =
      Import(importer, SubsidiaryJune("tb-3"));
  ASSERT_TRUE(resent.ok()) << resent.status();
  EXPECT_EQ(resent->version, 1u);
  EXPECT_EQ(resent->request_id, "tb-1");
}

}  // namespace
}  // namespace interco::testing
