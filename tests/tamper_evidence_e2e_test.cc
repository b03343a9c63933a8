// End to end, on the real server: issue 24's findings on the records beside the journal.
// Edited on disk while the server is stopped, each is found: a balanced edit of one stored
// trial-balance line (which made the consolidation report a profit of -600 instead of -500,
// with no log line), a mapping re-pointed from group account 1000 to 1500 (which moved
// 1,250 of cash), a deleted trial-balance header (which made that version vanish). And the
// heads: GetLedgerHead names each history's head and their combined hash, and a
// consolidation names the heads of its inputs.
#include <signal.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "rocksdb/db.h"
#include "storage/codec.h"
#include "storage/database.h"
#include "storage/trial_balance_codec.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trial_balance_group.h"

namespace interco::testing {
namespace {

class TamperEvidenceE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_dir_ = FreshTempDir("tamper_evidence");
    Start();
    ASSERT_TRUE(SetUpTrialBalanceGroup(server_->Channel()).ok());
    for (const auto& request : {SubsidiaryOpening(), SubsidiaryYearEnd(), ParentYearEnd()}) {
      v1::ImportTrialBalanceResponse response;
      const grpc::Status status =
          Call(*v1::TrialBalanceService::NewStub(server_->Channel()),
               &v1::TrialBalanceService::Stub::ImportTrialBalance, request, &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
    }
    v1::UpsertAcquisitionRequest acquisition;
    acquisition.set_request_id("acq-1");
    v1::Acquisition& a = *acquisition.mutable_acquisition();
    a.set_holder_id("P");
    a.set_held_id("S");
    *a.mutable_acquisition_date() = Date(2024, 1, 1);
    a.mutable_consideration()->set_currency_code("USD");
    a.mutable_consideration()->set_units(1000);
    a.set_investment_account("1500");
    a.set_nci_measurement(v1::NCI_MEASUREMENT_PROPORTIONATE);
    v1::UpsertAcquisitionResponse upserted;
    const grpc::Status status =
        Call(*v1::GroupStructureService::NewStub(server_->Channel()),
             &v1::GroupStructureService::Stub::UpsertAcquisition, acquisition, &upserted);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  void Start() {
    auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + data_dir_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  void Stop() { ASSERT_EQ(server_->SignalAndWait(SIGTERM, absl::Seconds(10)), 0); }

  // The TRIAL_BALANCES consolidation of 2024-12: its first chunk and its profit.
  grpc::Status Consolidate(v1::ConsolidationChunk* first, std::string* profit) {
    v1::RunConsolidationRequest request;
    request.set_parent_id("P");
    request.set_period("2024-12");
    request.set_presentation_currency("USD");
    request.set_basis(v1::CONSOLIDATION_BASIS_TRIAL_BALANCES);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    auto reader = v1::ConsolidationService::NewStub(server_->Channel())
                      ->RunConsolidation(&context, request);
    v1::ConsolidationChunk chunk;
    bool is_first = true;
    while (reader->Read(&chunk)) {
      if (is_first) *first = chunk;
      is_first = false;
      if (chunk.has_profit()) *profit = MoneyText(chunk.profit().profit());
    }
    return reader->Finish();
  }

  static std::string MoneyText(const google::type::Money& money) {
    return absl::StrCat(money.units(), ".", std::abs(money.nanos()) / 10000000);
  }

  v1::LedgerHead Head() {
    v1::LedgerHead head;
    const grpc::Status status = Call(*v1::LedgerService::NewStub(server_->Channel()),
                                     &v1::LedgerService::Stub::GetLedgerHead,
                                     v1::GetLedgerHeadRequest(), &head);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return head;
  }

  v1::VerifyLedgerResponse Verify() {
    v1::VerifyLedgerResponse verified;
    const grpc::Status status = Call(*v1::LedgerService::NewStub(server_->Channel()),
                                     &v1::LedgerService::Stub::VerifyLedger,
                                     v1::VerifyLedgerRequest(), &verified);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return verified;
  }

  // Runs `edit` on the stopped server's default group database.
  void EditDatabase(const std::function<void(storage::Database&)>& edit) {
    Stop();
    auto database = storage::Database::Open({.path = data_dir_ + "/groups/default"});
    ASSERT_TRUE(database.ok()) << database.status();
    edit(**database);
  }

  static std::string Get(storage::Database& db, storage::Family family, const std::string& key) {
    std::string value;
    EXPECT_TRUE(db.db()->Get(rocksdb::ReadOptions(), db.family(family), key, &value).ok()) << key;
    return value;
  }
  static void Put(storage::Database& db, storage::Family family, const std::string& key,
                  const std::string& value) {
    ASSERT_TRUE(db.db()->Put(rocksdb::WriteOptions(), db.family(family), key, value).ok());
  }

  static std::string SuffixOfS2024() {
    return storage::TbVersionSuffix("S", *ledger::Period::Parse("period", "2024-12"), 1);
  }

  std::string data_dir_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(TamperEvidenceE2eTest, HeadsNameEveryHistoryAndTheConsolidationItsInputs) {
  const v1::LedgerHead head = Head();
  ASSERT_EQ(head.family_heads_size(), 4);
  EXPECT_EQ(head.family_heads(0).family(), "structure");
  EXPECT_EQ(head.family_heads(1).family(), "pricing");
  EXPECT_EQ(head.family_heads(2).family(), "chart");
  EXPECT_EQ(head.family_heads(2).version(), 9u);
  EXPECT_EQ(head.family_heads(3).family(), "trial_balances");
  EXPECT_EQ(head.family_heads(3).version(), 3u);
  EXPECT_EQ(head.combined_hash().size(), 64u);
  v1::ConsolidationChunk first;
  std::string profit;
  ASSERT_TRUE(Consolidate(&first, &profit).ok());
  EXPECT_EQ(profit, "-500.0");
  ASSERT_EQ(first.inputs_size(), 4);
  EXPECT_EQ(first.inputs(3).family(), "trial_balances");
  EXPECT_EQ(first.inputs(3).chain_hash(), head.family_heads(3).chain_hash());
  EXPECT_EQ(first.inputs(2).chain_hash(), head.family_heads(2).chain_hash());
  EXPECT_EQ(first.inputs_hash().size(), 64u);
  // The same inputs after a restart: the same heads, the same combined hash.
  Stop();
  Start();
  EXPECT_EQ(Head().combined_hash(), head.combined_hash());
  v1::ConsolidationChunk again;
  ASSERT_TRUE(Consolidate(&again, &profit).ok());
  EXPECT_EQ(again.inputs_hash(), first.inputs_hash());
  const v1::VerifyLedgerResponse verified = Verify();
  EXPECT_TRUE(verified.ok());
  ASSERT_EQ(verified.families_size(), 4);
  for (const v1::FamilyVerification& family : verified.families()) {
    EXPECT_TRUE(family.ok()) << family.family() << ": " << family.problem();
  }
  EXPECT_EQ(verified.families(3).versions_checked(), 3u);
}

TEST_F(TamperEvidenceE2eTest, ABalancedEditOfATrialBalanceLineIsRefusedNotReported) {
  EditDatabase([](storage::Database& db) {
    const std::string key = storage::kTbLinesPrefix + SuffixOfS2024();
    auto lines = storage::DecodeTbLines(Get(db, storage::Family::kTrialBalances, key));
    ASSERT_TRUE(lines.ok());
    for (trial_balance::TrialBalanceLine& line : *lines) {
      // Cash +100, costs -100: still balanced, still decodable.
      if (line.local_account == "S-CASH") line.balance = *Decimal::Parse("1350");
      if (line.local_account == "S-COSTS") line.balance = *Decimal::Parse("400");
    }
    Put(db, storage::Family::kTrialBalances, key, storage::EncodeTbLines(*lines));
  });
  Start();
  v1::ConsolidationChunk first;
  std::string profit;
  const grpc::Status status = Consolidate(&first, &profit);
  EXPECT_EQ(status.error_code(), grpc::DATA_LOSS) << "profit " << profit;
  EXPECT_TRUE(absl::StrContains(status.error_message(), "lines differ")) << status.error_message();
  const v1::VerifyLedgerResponse verified = Verify();
  EXPECT_FALSE(verified.ok());
  const v1::FamilyVerification& family = verified.families(3);
  EXPECT_EQ(family.family(), "trial_balances");
  EXPECT_FALSE(family.ok());
  EXPECT_EQ(family.first_broken_version(), 2u);
  EXPECT_EQ(family.key(), absl::BytesToHexString(storage::kTbLinesPrefix + SuffixOfS2024()));
}

TEST_F(TamperEvidenceE2eTest, ARepointedMappingRefusesTheStart) {
  EditDatabase([](storage::Database& db) {
    const std::string key = storage::EncodeKey64(9);  // The chart's last version: S's mapping.
    std::string value = Get(db, storage::Family::kChart, key);
    const size_t cash = value.find("S-CASH");
    ASSERT_NE(cash, std::string::npos);
    const size_t account = value.find("1000", cash);
    ASSERT_NE(account, std::string::npos);
    value.replace(account, 4, "1500");
    Put(db, storage::Family::kChart, key, value);
  });
  const ServerProcess::Exit exit = ServerProcess::RunToExit(
      {"--listen=127.0.0.1:0", "--data_dir=" + data_dir_}, absl::Seconds(20));
  EXPECT_EQ(exit.code, 1);
  EXPECT_TRUE(absl::StrContains(exit.stderr_text, "chart version 9 does not match its hash"))
      << exit.stderr_text;
  EXPECT_TRUE(absl::StrContains(exit.stderr_text, "0000000000000009")) << exit.stderr_text;
}

TEST_F(TamperEvidenceE2eTest, ADeletedTrialBalanceHeaderIsReportedNotVanished) {
  EditDatabase([](storage::Database& db) {
    ASSERT_TRUE(db.db()
                    ->Delete(rocksdb::WriteOptions(), db.family(storage::Family::kTrialBalances),
                             storage::kTbHeaderPrefix + SuffixOfS2024())
                    .ok());
  });
  Start();
  const v1::VerifyLedgerResponse verified = Verify();
  EXPECT_FALSE(verified.ok());
  EXPECT_EQ(verified.families(3).first_broken_version(), 2u);
  EXPECT_TRUE(absl::StrContains(verified.families(3).problem(), "header record is missing"))
      << verified.families(3).problem();
}

}  // namespace
}  // namespace interco::testing
