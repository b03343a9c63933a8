// PreparePostgres and RunPostgres: see baselines.h.
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/baselines.h"
#include "postgresql/libpq-fe.h"

namespace interco::bench {
namespace {

// Money as exact numerics, like Decimal; keys on what the ledger looks things up by.
constexpr char kSchema[] = R"sql(
DROP TABLE IF EXISTS balances, lines, requests, postings;
CREATE TABLE postings (
  posting_id bigserial PRIMARY KEY,
  transaction_id text NOT NULL,
  posted_on date NOT NULL,
  relation text NOT NULL,
  policy_id text,
  chain_hash bytea NOT NULL);
CREATE TABLE requests (
  request_id text PRIMARY KEY,
  fingerprint bytea NOT NULL,
  posting_id bigint NOT NULL REFERENCES postings);
CREATE TABLE lines (
  posting_id bigint NOT NULL REFERENCES postings,
  line_no smallint NOT NULL,
  entity_id text NOT NULL,
  counterparty_id text NOT NULL,
  account text NOT NULL,
  side char(1) NOT NULL,
  amount numeric(38, 18) NOT NULL,
  currency char(3) NOT NULL,
  functional_amount numeric(38, 18) NOT NULL,
  functional_currency char(3) NOT NULL,
  fx_rate numeric(38, 18) NOT NULL,
  period char(7) NOT NULL,
  PRIMARY KEY (posting_id, line_no));
CREATE INDEX lines_by_entity_period ON lines (entity_id, period, posting_id);
CREATE TABLE balances (
  entity_id text NOT NULL,
  period char(7) NOT NULL,
  account text NOT NULL,
  counterparty_id text NOT NULL,
  currency char(3) NOT NULL,
  amount numeric(38, 18) NOT NULL,
  functional_amount numeric(38, 18) NOT NULL,
  PRIMARY KEY (entity_id, period, account, counterparty_id, currency));
)sql";

// One posting: the request record, the posting, its four lines and the four balance
// updates, as the ledger writes them. Ids are generated here ([A-Za-z0-9-] only).
std::string PostingSql(const std::string& request_id) {
  return absl::StrCat(
      "WITH p AS (INSERT INTO postings (transaction_id, posted_on, relation, policy_id, "
      "chain_hash) VALUES ('INV-",
      request_id,
      "', '2024-06-30', 'INTERCOMPANY', 'goods', "
      "sha256('",
      request_id,
      "')) RETURNING posting_id), "
      "r AS (INSERT INTO requests SELECT '",
      request_id, "', sha256('f", request_id,
      "'), posting_id FROM p) "
      "INSERT INTO lines SELECT posting_id, v.* FROM p, (VALUES "
      "(1::smallint, 'A', 'B', '1310', 'D', 216::numeric, 'EUR', 216::numeric, 'EUR', "
      "1::numeric, '2024-06'), (2, 'A', 'B', '4010', 'C', 216, 'EUR', 216, 'EUR', 1, '2024-06'), "
      "(3, 'B', 'A', '1400', 'D', 216, 'EUR', 216, 'EUR', 1, '2024-06'), "
      "(4, 'B', 'A', '2310', 'C', 216, 'EUR', 216, 'EUR', 1, '2024-06')) v; "
      "INSERT INTO balances VALUES ('A', '2024-06', '1310', 'B', 'EUR', 216, 216), "
      "('A', '2024-06', '4010', 'B', 'EUR', -216, -216), "
      "('B', '2024-06', '1400', 'A', 'EUR', 216, 216), "
      "('B', '2024-06', '2310', 'A', 'EUR', -216, -216) "
      "ON CONFLICT (entity_id, period, account, counterparty_id, currency) DO UPDATE SET "
      "amount = balances.amount + EXCLUDED.amount, "
      "functional_amount = balances.functional_amount + EXCLUDED.functional_amount; ");
}

struct ConnectionCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;

absl::StatusOr<Connection> Connect(const std::string& conninfo) {
  Connection connection(PQconnectdb(conninfo.c_str()));
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    return absl::UnavailableError(
        absl::StrCat("PostgreSQL at ", conninfo, ": ", PQerrorMessage(connection.get())));
  }
  return connection;
}

// Runs `sql` (one or more statements); the error text, or "" on success.
std::string Execute(PGconn* connection, const std::string& sql) {
  PGresult* result = PQexec(connection, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  std::string error = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK
                          ? ""
                          : std::string(PQresultErrorMessage(result));
  PQclear(result);
  return error;
}

}  // namespace

absl::Status PreparePostgres(const std::string& conninfo) {
  absl::StatusOr<Connection> connection = Connect(conninfo);
  if (!connection.ok()) return connection.status();
  if (std::string error = Execute(connection->get(), kSchema); !error.empty()) {
    return absl::InternalError(absl::StrCat("creating the schema: ", error));
  }
  return absl::OkStatus();
}

absl::StatusOr<Figures> RunPostgres(const std::string& conninfo, const std::string& scenario,
                                    int connections, int batch_size, int transactions) {
  std::vector<Connection> pool;
  for (int c = 0; c < connections; ++c) {
    absl::StatusOr<Connection> connection = Connect(conninfo);
    if (!connection.ok()) return connection.status();
    pool.push_back(*std::move(connection));
  }
  static std::atomic<int> run{0};
  const int this_run = run++;
  Figures f{"postgresql", scenario, connections, batch_size};
  std::vector<std::vector<double>> latencies(connections);
  std::atomic<int64_t> failed{0};
  std::string first_error;
  std::atomic<bool> have_error{false};
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      for (int t = 0; t < transactions; ++t) {
        std::string sql = "BEGIN; ";
        for (int i = 0; i < batch_size; ++i) {
          sql += PostingSql(absl::StrCat("pg", this_run, "-", c, "-", t, "-", i));
        }
        sql += "COMMIT;";
        const absl::Time sent = absl::Now();
        const std::string error = Execute(pool[c].get(), sql);
        latencies[c].push_back(absl::ToDoubleMilliseconds(absl::Now() - sent));
        if (!error.empty()) {
          ++failed;
          Execute(pool[c].get(), "ROLLBACK;");
          if (!have_error.exchange(true)) first_error = error;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  f.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  SetLatencies(std::move(all), &f);
  f.postings = (static_cast<int64_t>(connections) * transactions - failed) * batch_size;
  f.lines = f.postings * 4;
  if (failed > 0) {
    f.errors["transaction failed"] = failed;
    f.note = first_error.substr(0, 120);
  }
  return f;
}

}  // namespace interco::bench
