#include "bench/restart.h"

#include <signal.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "storage/database.h"
#include "storage/ledger_store.h"
#include "tests/server_process.h"

namespace interco::bench {
namespace {

constexpr int kPostingsPerWrite = 5000;

ledger::LedgerLine Line(const char* entity, const char* counterparty, const char* account,
                        ledger::Side side, Decimal amount) {
  ledger::LedgerLine line;
  line.entity_id = entity;
  line.counterparty_id = counterparty;
  line.account = account;
  line.side = side;
  line.amount = line.functional_amount = amount;
  line.currency = line.functional_currency = "EUR";
  line.fx_rate = Decimal::FromUnits(1);
  line.fx_rate_date = absl::CivilDay(2024, 6, 30);
  line.period = *ledger::Period::Parse("period", "2024-06");
  return line;
}

bool Serving(const std::string& address) {
  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(1)));
  grpc::health::v1::HealthCheckResponse response;
  return health->Check(&context, {}, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

}  // namespace

absl::Status FillLedger(const std::string& directory, int64_t lines) {
  absl::StatusOr<std::unique_ptr<storage::Database>> db =
      storage::Database::Open({.path = directory});
  if (!db.ok()) return db.status();
  absl::StatusOr<std::unique_ptr<storage::LedgerStore>> store =
      storage::LedgerStore::Open(db->get());
  if (!store.ok()) return store.status();
  const int64_t postings = lines / 4;
  for (int64_t done = 0; done < postings;) {
    std::vector<ledger::PendingPosting> batch;
    for (int i = 0; i < kPostingsPerWrite && done < postings; ++i, ++done) {
      const Decimal amount = Decimal::FromUnits(100 + done % 1000);
      ledger::PendingPosting p;
      p.request_id = absl::StrCat("fill-", done);
      p.fingerprint = p.request_id;
      p.posting.transaction_id = p.request_id;
      p.posting.date = absl::CivilDay(2024, 6, 30);
      p.posting.relation = group::Relation::kIntercompany;
      p.posting.lines = {Line("A", "B", "1310", ledger::Side::kDebit, amount),
                         Line("A", "B", "4010", ledger::Side::kCredit, amount),
                         Line("B", "A", "1400", ledger::Side::kDebit, amount),
                         Line("B", "A", "2310", ledger::Side::kCredit, amount)};
      batch.push_back(std::move(p));
    }
    absl::StatusOr<std::vector<ledger::JournalEntry>> appended = (*store)->Append(std::move(batch));
    if (!appended.ok()) return appended.status();
  }
  store->reset();
  return (*db)->Close();
}

absl::StatusOr<Figures> RunRestart(const std::string& directory, int64_t lines, int runs,
                                   const std::vector<std::string>& extra_flags) {
  Figures f{"interco", "restart", 1, 0};
  std::vector<std::string> flags = {"--listen=127.0.0.1:0", "--data_dir=" + directory,
                                    "--log_level=warn"};
  flags.insert(flags.end(), extra_flags.begin(), extra_flags.end());
  std::vector<double> times_ms;
  for (int run = 0; run < runs; ++run) {
    const absl::Time start = absl::Now();
    absl::StatusOr<std::unique_ptr<testing::ServerProcess>> server =
        testing::ServerProcess::Start(flags, absl::Seconds(300));
    if (!server.ok()) return server.status();
    while (!Serving((*server)->address())) absl::SleepFor(absl::Milliseconds(2));
    times_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
    (*server)->SignalAndWait(SIGTERM, absl::Seconds(60));
  }
  SetLatencies(times_ms, &f);
  f.seconds = f.p50_ms / 1000;
  f.note = absl::StrCat("start to SERVING with ", lines, " lines, median of ", runs);
  return f;
}

}  // namespace interco::bench
