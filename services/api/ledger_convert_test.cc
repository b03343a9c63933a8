// PostResponseBytesBound against the reply it bounds, for postings at the edges of what a
// posting may hold.
#include "services/api/ledger_convert.h"

#include <limits>
#include <string>

#include "absl/time/civil_time.h"
#include "google/protobuf/arena.h"
#include "gtest/gtest.h"

namespace interco::api {
namespace {

ledger::JournalEntry Entry(size_t id_bytes, size_t explanation_bytes, const char* amount,
                           int lines) {
  ledger::JournalEntry entry;
  entry.sequence = std::numeric_limits<uint64_t>::max();
  entry.hash.fill(0xff);
  ledger::Posting& posting = entry.posting;
  posting.transaction_id = std::string(id_bytes, 't');
  posting.date = absl::CivilDay(9999, 12, 31);
  posting.relation = group::Relation::kIntercompany;
  posting.policy_id = std::string(id_bytes, 'p');
  posting.policy_version = std::numeric_limits<uint64_t>::max();
  posting.structure_version = std::numeric_limits<uint64_t>::max();
  posting.quantity = *Decimal::Parse(amount);
  posting.unit_price = *Decimal::Parse(amount);
  posting.explanation = std::string(explanation_bytes, 'e');
  for (int i = 0; i < lines; ++i) {
    ledger::LedgerLine line;
    line.entity_id = std::string(id_bytes, 'a');
    line.counterparty_id = std::string(id_bytes, 'b');
    line.account = std::string(id_bytes, 'c');
    line.side = i % 2 == 0 ? ledger::Side::kDebit : ledger::Side::kCredit;
    line.amount = line.functional_amount = *Decimal::Parse(amount);
    line.currency = line.functional_currency = "KWD";
    line.fx_rate = *Decimal::Parse("123456789012.123456789");
    line.fx_rate_date = absl::CivilDay(9999, 12, 31);
    line.period = ledger::Period::Last();
    posting.lines.push_back(line);
  }
  return entry;
}

TEST(PostResponseBytesBoundTest, IsNeverBelowTheReplyItBounds) {
  for (size_t id_bytes : {1, 8, 64, 200}) {
    for (size_t explanation_bytes : {0, 100, 2000}) {
      for (const char* amount : {"0.01", "108", "9223372036854775807.123456789",
                                 "1234567890123456789.12345678901234567"}) {
        for (int lines : {0, 1, 2, 4, 8}) {
          const ledger::JournalEntry entry = Entry(id_bytes, explanation_bytes, amount, lines);
          absl::StatusOr<v1::PostTransactionResponse> reply = PostResponse(entry);
          ASSERT_TRUE(reply.ok()) << reply.status();
          EXPECT_GE(PostResponseBytesBound(entry.posting), reply->ByteSizeLong())
              << id_bytes << " " << explanation_bytes << " " << amount << " " << lines;
        }
      }
    }
  }
}

TEST(PostResponseBytesBoundTest, StaysCloseEnoughToRefuseOnlyWhatCouldNotFit) {
  // A usual posting: the bound may be generous, but not by more than about twice.
  const ledger::JournalEntry entry = Entry(6, 60, "216", 4);
  const size_t actual = PostResponse(entry)->ByteSizeLong();
  EXPECT_LE(PostResponseBytesBound(entry.posting), 3 * actual);
}

TEST(PostResponseToProtoTest, BuildsOnTheRepliesArenaWhatPostResponseBuilds) {
  const ledger::JournalEntry entry = Entry(40, 60, "216.5", 4);
  google::protobuf::Arena arena;
  auto* in_place = google::protobuf::Arena::CreateMessage<v1::PostTransactionResponse>(&arena);
  ASSERT_TRUE(PostResponseToProto(entry, in_place).ok());
  const absl::StatusOr<v1::PostTransactionResponse> built = PostResponse(entry);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_EQ(in_place->SerializeAsString(), built->SerializeAsString());
  ASSERT_EQ(in_place->lines_size(), 4);
  EXPECT_EQ(in_place->lines(3).GetArena(), &arena);
  EXPECT_EQ(in_place->lines(3).amount().GetArena(), &arena);
}

TEST(PostResponseToProtoTest, AnAmountBeyondMoneyIsOverflowNamingTheField) {
  const ledger::JournalEntry entry = Entry(6, 0, "99999999999999999999.5", 2);
  v1::PostTransactionResponse reply;
  const absl::Status status = PostResponseToProto(entry, &reply);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
}

}  // namespace
}  // namespace interco::api
