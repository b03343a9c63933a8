// Test postings and a fixture with a fresh database per test, for the ledger store's tests.
#ifndef INTERCO_STORAGE_LEDGER_TEST_POSTINGS_H_
#define INTERCO_STORAGE_LEDGER_TEST_POSTINGS_H_

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "storage/database.h"
#include "storage/ledger_store.h"

namespace interco::storage {

inline ledger::LedgerLine Line(const char* entity, const char* account, ledger::Side side,
                               const char* amount, const char* period = "2024-06") {
  ledger::LedgerLine line;
  line.entity_id = entity;
  line.counterparty_id = std::string(entity) == "A" ? "B" : "A";
  line.account = account;
  line.side = side;
  line.amount = *Decimal::Parse(amount);
  line.currency = "EUR";
  line.functional_amount = *Decimal::Parse(amount);
  line.functional_currency = "EUR";
  line.fx_rate = Decimal::FromUnits(1);
  line.fx_rate_date = absl::CivilDay(2024, 6, 30);
  line.period = *ledger::Period::Parse("period", period);
  return line;
}

inline ledger::PendingPosting Pending(const std::string& request_id, const char* amount,
                                      const char* period = "2024-06") {
  ledger::PendingPosting pending;
  pending.request_id = request_id;
  pending.fingerprint = "fp-" + request_id;
  pending.posting.transaction_id = "T-" + request_id;
  pending.posting.date = ledger::Period::Parse("period", period)->LastDay();
  pending.posting.relation = group::Relation::kIntercompany;
  pending.posting.quantity = Decimal::FromUnits(1);
  pending.posting.unit_price = *Decimal::Parse(amount);
  pending.posting.explanation = "test";
  pending.posting.lines = {Line("A", "1310", ledger::Side::kDebit, amount, period),
                           Line("A", "4010", ledger::Side::kCredit, amount, period),
                           Line("B", "1400", ledger::Side::kDebit, amount, period),
                           Line("B", "2310", ledger::Side::kCredit, amount, period)};
  return pending;
}

class LedgerStoreFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::string(std::getenv("TEST_TMPDIR")) + "/" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(path_);
    Reopen();
  }
  void Reopen() {
    store_.reset();
    database_.reset();
    auto database = Database::Open({.path = path_});
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    auto store = LedgerStore::Open(database_.get());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }
  std::string path_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<LedgerStore> store_;
};

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_LEDGER_TEST_POSTINGS_H_
