#include "services/ledger/functional_currency.h"

#include <memory>
#include <thread>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/group/test_structures.h"
#include "services/ledger/memory_journal.h"
#include "services/ledger/sequencer.h"

namespace interco::ledger {
namespace {

using group::testing::Entity;

class NoLog : public group::StructureLog {
 public:
  absl::Status Append(uint64_t, const group::StructureChange&) override { return absl::OkStatus(); }
};

group::StructureChange ChangeTo(const std::string& request_id, const std::string& currency,
                                std::optional<absl::CivilMonth> from) {
  group::LegalEntity entity = Entity("S", currency);
  entity.functional_currency_from = from;
  return {request_id, entity};
}

// A posting that books S (debit and credit of 100) in `period`, priced in `currency`.
PendingPosting Booking(const std::string& request_id, const std::string& period,
                       const std::string& currency) {
  PendingPosting pending;
  pending.request_id = request_id;
  pending.fingerprint = "fp-" + request_id;
  for (const Side side : {Side::kDebit, Side::kCredit}) {
    LedgerLine line;
    line.entity_id = "S";
    line.account = side == Side::kDebit ? "1100 receivable" : "4000 revenue";
    line.side = side;
    line.amount = line.functional_amount = Decimal::FromUnits(100);
    line.currency = line.functional_currency = currency;
    line.fx_rate = Decimal::FromUnits(1);
    line.period = *Period::Parse("period", period);
    pending.posting.lines.push_back(line);
  }
  return pending;
}

void ExpectReason(const absl::Status& status, absl::StatusCode code, const std::string& field,
                  const std::string& reason) {
  EXPECT_EQ(status.code(), code) << status;
  ASSERT_TRUE(GetErrorDetail(status).has_value()) << status;
  EXPECT_EQ(GetErrorDetail(status)->field, field) << status;
  EXPECT_EQ(GetErrorDetail(status)->reason, reason) << status;
}

// S (EUR) in a structure registry, and a sequencer whose admission is the server's currency
// rule over the latest structure.
class FunctionalCurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_ = *group::StructureRegistry::Create({{"s", Entity("S", "EUR")}}, &log_,
                                                  group::GroupStructure({}));
    sequencer_ = std::make_unique<Sequencer>(
        &journal_, SequencerOptions{},
        [this](Posting& posting) { return AdmitCurrencies(*registry_->Current(), posting.lines); });
  }
  absl::StatusOr<std::vector<JournalEntry>> Submit(PendingPosting posting) {
    absl::Notification done;
    absl::StatusOr<std::vector<JournalEntry>> result;
    sequencer_->Submit({std::move(posting)}, [&](absl::StatusOr<std::vector<JournalEntry>> r) {
      result = std::move(r);
      done.Notify();
    });
    done.WaitForNotification();
    return result;
  }
  absl::StatusOr<group::StructureRegistry::Applied> Upsert(const group::StructureChange& change) {
    return UpsertEntity(*registry_, journal_, *sequencer_, change);
  }

  NoLog log_;
  MemoryJournal journal_;
  std::unique_ptr<group::StructureRegistry> registry_;
  std::unique_ptr<Sequencer> sequencer_;
};

TEST_F(FunctionalCurrencyTest, AChangeIsRefusedForPostedPeriodsAndAcceptedAfterThem) {
  ASSERT_TRUE(Submit(Booking("june", "2024-06", "EUR")).ok());
  ExpectReason(Upsert(ChangeTo("u1", "USD", std::nullopt)).status(),
               absl::StatusCode::kFailedPrecondition, "functional_currency", "ENTITY_HAS_POSTINGS");
  ExpectReason(Upsert(ChangeTo("u2", "USD", absl::CivilMonth(2024, 6))).status(),
               absl::StatusCode::kFailedPrecondition, "functional_currency_effective_period",
               "PERIOD_HAS_POSTINGS");
  EXPECT_EQ(registry_->Current()->version(), 1u);
  ASSERT_TRUE(Upsert(ChangeTo("u3", "USD", absl::CivilMonth(2024, 7))).ok());
  // July books in USD; June still takes EUR (a late June invoice).
  EXPECT_TRUE(Submit(Booking("july", "2024-07", "USD")).ok());
  EXPECT_TRUE(Submit(Booking("late-june", "2024-06", "EUR")).ok());
  ExpectReason(Submit(Booking("july-eur", "2024-07", "EUR")).status(),
               absl::StatusCode::kFailedPrecondition, "", "FUNCTIONAL_CURRENCY_CHANGED");
  EXPECT_EQ(journal_.size(), 3u);
}

// Imported trial balances of S up to a period (none: no trial balance).
class FakeTrialBalances : public CurrencyBooks {
 public:
  explicit FakeTrialBalances(std::optional<Period> last) : last_(last) {}
  absl::StatusOr<bool> HasEntriesFrom(absl::string_view entity,
                                      std::optional<Period> from) const override {
    return entity == "S" && last_.has_value() && (!from.has_value() || *from <= *last_);
  }

 private:
  std::optional<Period> last_;
};

// A trial balance is held in the currency of its period like a posting: a change that
// would contradict one is refused the same way, with reasons of its own.
TEST_F(FunctionalCurrencyTest, AChangeIsRefusedForPeriodsWithImportedTrialBalances) {
  const FakeTrialBalances july(*Period::Parse("period", "2024-07"));
  ExpectReason(
      UpsertEntity(*registry_, journal_, *sequencer_, ChangeTo("u1", "USD", std::nullopt), &july)
          .status(),
      absl::StatusCode::kFailedPrecondition, "functional_currency", "ENTITY_HAS_TRIAL_BALANCES");
  ExpectReason(UpsertEntity(*registry_, journal_, *sequencer_,
                            ChangeTo("u2", "USD", absl::CivilMonth(2024, 7)), &july)
                   .status(),
               absl::StatusCode::kFailedPrecondition, "functional_currency_effective_period",
               "PERIOD_HAS_TRIAL_BALANCES");
  EXPECT_EQ(registry_->Current()->version(), 1u);
  EXPECT_TRUE(UpsertEntity(*registry_, journal_, *sequencer_,
                           ChangeTo("u3", "USD", absl::CivilMonth(2024, 8)), &july)
                  .ok());
}

// Exactly once: a retry of an accepted change gets its original answer even after later
// changes and postings would refuse it as a new request.
TEST_F(FunctionalCurrencyTest, ARetryOfAnAcceptedChangeGetsTheOriginalAnswer) {
  const group::StructureChange to_usd = ChangeTo("u1", "USD", absl::CivilMonth(2024, 7));
  absl::StatusOr<group::StructureRegistry::Applied> first = Upsert(to_usd);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(Upsert(ChangeTo("u2", "CHF", absl::CivilMonth(2024, 9))).ok());
  ASSERT_TRUE(Submit(Booking("july", "2024-07", "USD")).ok());
  absl::StatusOr<group::StructureRegistry::Applied> retry = Upsert(to_usd);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->version, first->version);
  EXPECT_EQ(Upsert(ChangeTo("u1", "GBP", absl::CivilMonth(2024, 7))).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(FunctionalCurrencyTest, WithoutPostingsTheCurrencyMayStillBeCorrected) {
  ASSERT_TRUE(Upsert(ChangeTo("u1", "USD", std::nullopt)).ok());
  EXPECT_EQ(registry_->Current()->FindEntity("S")->FunctionalCurrencyIn(absl::CivilMonth(2000, 1)),
            "USD");
}

// The race of issue 13: a posting priced in EUR just before the change to USD reaches the
// writer after it. It must not commit: nothing is written.
TEST_F(FunctionalCurrencyTest, APostingPricedBeforeTheChangeCannotCommitAfterIt) {
  PendingPosting priced_in_eur = Booking("r1", "2024-07", "EUR");  // Priced: S was EUR.
  ASSERT_TRUE(Upsert(ChangeTo("u1", "USD", absl::CivilMonth(2024, 7))).ok());
  ExpectReason(Submit(std::move(priced_in_eur)).status(), absl::StatusCode::kFailedPrecondition, "",
               "FUNCTIONAL_CURRENCY_CHANGED");
  EXPECT_EQ(journal_.size(), 0u);
}

// The other order: the change arrives while the posting is being written. It waits for the
// write and then sees the posting, so it is refused.
TEST_F(FunctionalCurrencyTest, AChangeDuringAWriteWaitsForItAndSeesItsPostings) {
  absl::Notification release;
  journal_.hold_ = &release;
  absl::Notification posted;
  sequencer_->Submit({Booking("r1", "2024-07", "EUR")},
                     [&](absl::StatusOr<std::vector<JournalEntry>> r) {
                       EXPECT_TRUE(r.ok()) << r.status();
                       posted.Notify();
                     });
  journal_.entered_.WaitForNotification();  // The writer is inside Append.
  absl::Notification changed;
  absl::Status change_status;
  std::thread change([&] {
    change_status = Upsert(ChangeTo("u1", "USD", absl::CivilMonth(2024, 7))).status();
    changed.Notify();
  });
  EXPECT_FALSE(changed.WaitForNotificationWithTimeout(absl::Milliseconds(200)));
  release.Notify();
  change.join();
  posted.WaitForNotification();
  ExpectReason(change_status, absl::StatusCode::kFailedPrecondition,
               "functional_currency_effective_period", "PERIOD_HAS_POSTINGS");
  EXPECT_EQ(registry_->Current()->FindEntity("S")->functional_currency, "EUR");
}

}  // namespace
}  // namespace interco::ledger
