#include "services/group/currency_history.h"

#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/group/structure.h"
#include "services/group/test_structures.h"

namespace interco::group {
namespace {

using testing::Add;
using testing::Entity;

LegalEntity ChangeTo(const std::string& id, const std::string& currency, absl::CivilMonth from) {
  LegalEntity entity = Entity(id, currency);
  entity.functional_currency_from = from;
  return entity;
}

void ExpectRefused(const absl::StatusOr<LegalEntity>& record, const std::string& reason) {
  EXPECT_EQ(record.status().code(), absl::StatusCode::kFailedPrecondition) << record.status();
  ASSERT_TRUE(GetErrorDetail(record.status()).has_value());
  EXPECT_EQ(GetErrorDetail(record.status())->field, "functional_currency_effective_period");
  EXPECT_EQ(GetErrorDetail(record.status())->reason, reason);
}

TEST(CurrencyHistoryTest, ADatedChangeKeepsTheOldCurrencyForEarlierPeriods) {
  const LegalEntity eur = Entity("S", "EUR");
  absl::StatusOr<LegalEntity> usd =
      WithCurrencyChange(&eur, ChangeTo("S", "USD", absl::CivilMonth(2024, 7)));
  ASSERT_TRUE(usd.ok()) << usd.status();
  EXPECT_EQ(usd->FunctionalCurrencyIn(absl::CivilMonth(2024, 6)), "EUR");
  EXPECT_EQ(usd->FunctionalCurrencyIn(absl::CivilMonth(1900, 1)), "EUR");
  EXPECT_EQ(usd->FunctionalCurrencyIn(absl::CivilMonth(2024, 7)), "USD");
  EXPECT_EQ(usd->FunctionalCurrencyIn(absl::CivilMonth(2030, 1)), "USD");
  // A third currency later still: each period keeps the currency it had.
  absl::StatusOr<LegalEntity> chf =
      WithCurrencyChange(&*usd, ChangeTo("S", "CHF", absl::CivilMonth(2025, 1)));
  ASSERT_TRUE(chf.ok()) << chf.status();
  EXPECT_EQ(chf->FunctionalCurrencyIn(absl::CivilMonth(2024, 6)), "EUR");
  EXPECT_EQ(chf->FunctionalCurrencyIn(absl::CivilMonth(2024, 12)), "USD");
  EXPECT_EQ(chf->FunctionalCurrencyIn(absl::CivilMonth(2025, 1)), "CHF");
  ASSERT_EQ(chf->earlier_currencies.size(), 2u);
}

TEST(CurrencyHistoryTest, ARenameKeepsTheHistoryAndAnUndatedChangeReplacesIt) {
  const LegalEntity eur = Entity("S", "EUR");
  const LegalEntity usd =
      *WithCurrencyChange(&eur, ChangeTo("S", "USD", absl::CivilMonth(2024, 7)));
  LegalEntity renamed = Entity("S", "USD");
  renamed.name = "Renamed";
  absl::StatusOr<LegalEntity> record = WithCurrencyChange(&usd, renamed);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->name, "Renamed");
  EXPECT_EQ(record->FunctionalCurrencyIn(absl::CivilMonth(2024, 6)), "EUR");
  // The record as read back, sent again, changes nothing.
  EXPECT_EQ(*WithCurrencyChange(&*record, *record), *record);
  // Undated: a correction from the beginning (allowed by the service only without postings).
  record = WithCurrencyChange(&usd, Entity("S", "GBP"));
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_TRUE(record->earlier_currencies.empty());
  EXPECT_EQ(record->FunctionalCurrencyIn(absl::CivilMonth(2024, 6)), "GBP");
}

TEST(CurrencyHistoryTest, RefusesStartsThatChangeNothingOrGoBackwards) {
  const LegalEntity eur = Entity("S", "EUR");
  ExpectRefused(WithCurrencyChange(nullptr, ChangeTo("S", "EUR", absl::CivilMonth(2024, 7))),
                "NO_CURRENCY_TO_CHANGE");
  ExpectRefused(WithCurrencyChange(&eur, ChangeTo("S", "EUR", absl::CivilMonth(2024, 7))),
                "CURRENCY_UNCHANGED");
  const LegalEntity usd =
      *WithCurrencyChange(&eur, ChangeTo("S", "USD", absl::CivilMonth(2024, 7)));
  ExpectRefused(WithCurrencyChange(&usd, ChangeTo("S", "CHF", absl::CivilMonth(2024, 7))),
                "EFFECTIVE_PERIOD_NOT_AFTER_CURRENT");
  ExpectRefused(WithCurrencyChange(&usd, ChangeTo("S", "CHF", absl::CivilMonth(2024, 1))),
                "EFFECTIVE_PERIOD_NOT_AFTER_CURRENT");
}

TEST(CurrencyHistoryTest, TheStructureAppliesItAndStaysUnchangedOnRefusal) {
  GroupStructure structure{OwnershipThresholds{}};
  ASSERT_TRUE(Add(structure, Entity("S", "EUR")).ok());
  ASSERT_TRUE(Add(structure, ChangeTo("S", "USD", absl::CivilMonth(2024, 7))).ok());
  const uint64_t version = structure.version();
  EXPECT_FALSE(Add(structure, ChangeTo("S", "CHF", absl::CivilMonth(2024, 7))).ok());
  EXPECT_EQ(structure.version(), version);
  const LegalEntity* s = structure.FindEntity("S");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->FunctionalCurrencyIn(absl::CivilMonth(2024, 6)), "EUR");
  EXPECT_EQ(s->functional_currency, "USD");
  LegalEntity early = ChangeTo("T", "EUR", absl::CivilMonth(2024, 7));
  early.functional_currency_from = absl::CivilMonth(1899, 12);
  const absl::Status status = Add(structure, early);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
}

}  // namespace
}  // namespace interco::group
