#include "bench/sample_posting.h"

#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/process_meter.h"
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

void RunSampleBatches(const storage::Database& db, int writers, int batch_size, int batches,
                      const std::string& prefix,
                      const std::function<bool(rocksdb::WriteBatch&)>& write,
                      const std::string& failure, Figures* f) {
  std::atomic<uint64_t> sequence{0};
  std::atomic<int64_t> failed{0};
  std::vector<std::vector<double>> latencies(writers);
  const ProcessMeter meter(getpid(), /*peak_rss=*/false);
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      for (int b = 0; b < batches; ++b) {
        rocksdb::WriteBatch batch;
        for (int i = 0; i < batch_size; ++i) {
          AddPosting(db, sequence.fetch_add(1) + 1, absl::StrCat(prefix, "-", w, "-", b, "-", i),
                     &batch);
        }
        batch.Put(db.family(Family::kDefault), "head", std::string(8 + 32, 'h'));
        const absl::Time sent = absl::Now();
        if (!write(batch)) ++failed;
        latencies[w].push_back(absl::ToDoubleMilliseconds(absl::Now() - sent));
      }
    });
  }
  for (auto& t : threads) t.join();
  f->seconds = absl::ToDoubleSeconds(absl::Now() - start);
  meter.Finish(f);
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  SetLatencies(std::move(all), f);
  f->postings = static_cast<int64_t>(writers) * batches * batch_size - failed * batch_size;
  f->lines = f->postings * 4;
  if (failed > 0) f->errors[failure] = failed;
}

}  // namespace interco::bench
