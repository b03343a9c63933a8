#include "services/posting/fingerprints.h"

#include "gtest/gtest.h"
#include "services/ledger/fingerprint.h"

namespace interco::posting {
namespace {

pricing::QuoteRequest Sale() {
  pricing::QuoteRequest request;
  request.seller = {group::PartyKind::kEntity, "A"};
  request.buyer = {group::PartyKind::kEntity, "B"};
  request.date = absl::CivilDay(2024, 6, 30);
  request.category = "widgets";
  request.quantity = *Decimal::Parse("2");
  request.currency = "EUR";
  request.inputs["cost"] = *Decimal::Parse("100");
  request.inputs["freight"] = *Decimal::Parse("5.5");
  return request;
}

TEST(FingerprintTest, IsVersionedHexAndDeterministic) {
  const std::string first = TransactionFingerprint("INV-1", Sale());
  EXPECT_EQ(first.substr(0, 3), "v2:");
  EXPECT_EQ(first.size(), 3u + 64u);
  EXPECT_EQ(TransactionFingerprint("INV-1", Sale()), first);
  // The value pins the encoding: changing it would turn every stored retry into
  // ALREADY_EXISTS, so it needs a new version instead.
  EXPECT_EQ(first, "v2:9c16a3a2d4e149ef7a8c9eeef73a2d0d41c06566f92ee1e88e7c79e96dec1eed");
}

TEST(FingerprintTest, EveryFieldCounts) {
  const std::string base = TransactionFingerprint("INV-1", Sale());
  std::vector<pricing::QuoteRequest> changed(9, Sale());
  changed[0].seller.id = "C";
  changed[1].buyer.kind = group::PartyKind::kDepartment;
  changed[2].date = absl::CivilDay(2024, 7, 1);
  changed[3].category = "gadgets";
  changed[4].quantity = *Decimal::Parse("3");
  changed[5].currency = "USD";
  changed[6].inputs["cost"] = *Decimal::Parse("101");
  changed[7].inputs.erase("freight");
  changed[8].tested_unit_price = *Decimal::Parse("108");
  for (size_t i = 0; i < changed.size(); ++i) {
    EXPECT_NE(TransactionFingerprint("INV-1", changed[i]), base) << i;
  }
  EXPECT_NE(TransactionFingerprint("INV-2", Sale()), base);
}

TEST(FingerprintTest, LengthPrefixesKeepFieldsApart) {
  pricing::QuoteRequest a = Sale(), b = Sale();
  a.category = "ab";
  a.currency = "c";
  b.category = "a";
  b.currency = "bc";
  EXPECT_NE(TransactionFingerprint("T", a), TransactionFingerprint("T", b));
}

TEST(FingerprintTest, EqualValuesWrittenDifferentlyAreTheSameRequest) {
  pricing::QuoteRequest a = Sale(), b = Sale();
  b.quantity = *Decimal::Parse("2.000");
  EXPECT_EQ(TransactionFingerprint("T", a), TransactionFingerprint("T", b));
}

TEST(FingerprintTest, OldRecordsAreHonouredThroughTheLegacyForm) {
  EXPECT_TRUE(ledger::SameRequest("v2:ab", "v2:ab", ""));
  EXPECT_TRUE(ledger::SameRequest("old-bytes", "v2:ab", "old-bytes"));
  EXPECT_FALSE(ledger::SameRequest("old-bytes", "v2:ab", ""));
  EXPECT_FALSE(ledger::SameRequest("", "v2:ab", ""));
  EXPECT_NE(ledger::ReversalFingerprint(3, absl::CivilDay(2024, 6, 30)),
            ledger::ReversalFingerprint(4, absl::CivilDay(2024, 6, 30)));
}

}  // namespace
}  // namespace interco::posting
