#include "bench/sample_posting.h"

#include "storage/codec.h"
#include "storage/journal_codec.h"
#include "storage/ledger_keys.h"

namespace interco::bench {

using storage::Family;

// A goods sale A -> B as the ledger books it: four lines in two entities.
ledger::JournalEntry SampleEntry(uint64_t sequence, const std::string& request_id) {
  ledger::JournalEntry entry;
  entry.sequence = sequence;
  entry.request_id = request_id;
  entry.posting.transaction_id = "INV-" + request_id;
  entry.posting.date = absl::CivilDay(2024, 6, 30);
  entry.posting.relation = group::Relation::kIntercompany;
  entry.posting.policy_id = "goods";
  entry.posting.policy_version = 5;
  entry.posting.structure_version = 5;
  entry.posting.quantity = Decimal::FromUnits(2);
  entry.posting.unit_price = Decimal::FromUnits(108);
  entry.posting.explanation = "cost plus: cost 100 x (1 + markup 0.08) = 108 per unit";
  const struct {
    const char* entity;
    const char* counterparty;
    const char* account;
    ledger::Side side;
  } kLines[] = {{"A", "B", "1310", ledger::Side::kDebit},
                {"A", "B", "4010", ledger::Side::kCredit},
                {"B", "A", "1400", ledger::Side::kDebit},
                {"B", "A", "2310", ledger::Side::kCredit}};
  for (const auto& l : kLines) {
    ledger::LedgerLine line;
    line.entity_id = l.entity;
    line.counterparty_id = l.counterparty;
    line.account = l.account;
    line.side = l.side;
    line.amount = line.functional_amount = Decimal::FromUnits(216);
    line.currency = line.functional_currency = "EUR";
    line.fx_rate = Decimal::FromUnits(1);
    line.fx_rate_date = entry.posting.date;
    line.period = *ledger::Period::Parse("period", "2024-06");
    entry.posting.lines.push_back(line);
  }
  return entry;
}

// What LedgerStore::Append writes for one posting, as plain puts.
void AddPosting(const storage::Database& db, uint64_t sequence, const std::string& request_id,
                rocksdb::WriteBatch* batch) {
  const ledger::JournalEntry entry = SampleEntry(sequence, request_id);
  const std::string key = storage::EncodeKey64(sequence);
  batch->Put(db.family(Family::kJournal), key, storage::EncodeJournalValue(entry));
  batch->Put(db.family(Family::kIdempotency), request_id, std::string(8 + 32, 'f'));
  for (const ledger::LedgerLine& line : entry.posting.lines) {
    batch->Put(db.family(Family::kBalances), storage::BalanceKey(line), std::string(32, 'b'));
  }
  for (const char* entity : {"A", "B"}) {
    batch->Put(db.family(Family::kEntryIndex), storage::IndexKey(entity, "2024-06", sequence), "");
  }
}

}  // namespace interco::bench
