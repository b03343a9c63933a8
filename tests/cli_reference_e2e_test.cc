// End to end: the `interco` tool reads the reference data back (policies, FX rates, account
// maps, closed periods, the group as a tree) from the real server.
#include <cstdlib>

#include "gtest/gtest.h"
#include "interco/v1/policy.grpc.pb.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

bool Has(const ServerProcess::Output& output, const std::string& text) {
  return output.stdout_text.find(text) != std::string::npos ||
         output.stderr_text.find(text) != std::string::npos;
}

class CliReferenceE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server =
        ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("cli_ref")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_EQ(Interco({"load", Runfile("examples/group.yaml")}).code, 0);
  }
  ServerProcess::Output Interco(std::vector<std::string> args) {
    args.insert(args.begin(), "--server=" + server_->address());
    return ServerProcess::RunProgram(Runfile("services/cli/interco"), args);
  }
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(CliReferenceE2eTest, PoliciesRatesAndAccountMapsReadBack) {
  ServerProcess::Output policies = Interco({"policies"});
  EXPECT_EQ(policies.code, 0) << policies.stderr_text;
  for (const char* text : {"goods-cost-plus", "COST_PLUS", "markup=0.08", "it-recharges"}) {
    EXPECT_TRUE(Has(policies, text)) << text << "\n" << policies.stdout_text;
  }
  ServerProcess::Output rates = Interco({"rates", "--format", "csv"});
  EXPECT_EQ(rates.code, 0);
  EXPECT_EQ(rates.stdout_text.rfind("base,quote,type,from,to,rate,version\r\n", 0), 0u);
  EXPECT_TRUE(Has(rates, "EUR,USD,SPOT,2024-06-28,2024-06-29,1.0712,")) << rates.stdout_text;

  v1::UpsertAccountMapRequest map;
  map.set_request_id("map-a");
  map.set_entity_id("A");
  v1::AccountMapping* goods = map.add_mappings();
  goods->set_transaction_type(v1::TRANSACTION_TYPE_GOODS);
  goods->set_seller_debit("1311 IC receivable goods");
  goods->set_seller_credit("4011 IC revenue goods");
  goods->set_buyer_debit("1401 inventory");
  goods->set_buyer_credit("2311 IC payable goods");
  v1::UpsertAccountMapResponse map_response;
  grpc::ClientContext context;
  ASSERT_TRUE(v1::PolicyService::NewStub(server_->Channel())
                  ->UpsertAccountMap(&context, map, &map_response)
                  .ok());
  ServerProcess::Output maps = Interco({"account-maps"});
  EXPECT_EQ(maps.code, 0) << maps.stderr_text;
  EXPECT_TRUE(Has(maps, "A       GOODS  1311 IC receivable goods")) << maps.stdout_text;
  EXPECT_EQ(Interco({"rates", "--format", "xml"}).code, 2);
}

TEST_F(CliReferenceE2eTest, ClosedPeriodsReadBack) {
  ASSERT_EQ(Interco({"close", "--entity", "A", "--period", "2024-05"}).code, 0);
  ASSERT_EQ(Interco({"close", "--entity", "B", "--period", "2024-05", "--roll-forward"}).code, 0);
  ServerProcess::Output all = Interco({"closed-periods"});
  EXPECT_EQ(all.code, 0) << all.stderr_text;
  EXPECT_TRUE(Has(all, "A       2024-05  refused")) << all.stdout_text;
  EXPECT_TRUE(Has(all, "B       2024-05  roll forward")) << all.stdout_text;
  ServerProcess::Output b = Interco({"closed-periods", "--entity", "B", "--format", "csv"});
  EXPECT_FALSE(Has(b, "A,2024-05")) << b.stdout_text;
  EXPECT_TRUE(Has(b, "B,2024-05,roll forward,")) << b.stdout_text;
}

TEST_F(CliReferenceE2eTest, TheGroupIsATreeWithTheUltimateParentOnTop) {
  ServerProcess::Output tree = Interco({"structure", "--date", "2024-06-30"});
  EXPECT_EQ(tree.code, 0) << tree.stderr_text;
  EXPECT_TRUE(Has(tree,
                  "P  Parent AG (DE, EUR)\n"
                  "├── 100%  A  Alpha Manufacturing GmbH (DE, EUR)\n"
                  "├── 80%  B  Beta Distribution Inc (US, USD)\n"
                  "│   └── 60%  C  Gamma KK (JP, JPY)\n"
                  "└── 30%  S  Sigma SAS (FR, EUR)\n"))
      << tree.stdout_text;
  ServerProcess::Output early = Interco({"structure", "--date", "2022-06-30"});
  EXPECT_EQ(early.code, 0);
  EXPECT_TRUE(Has(early, "└── 80%  B")) << "S was bought in July 2022: " << early.stdout_text;
  EXPECT_FALSE(Has(early, "Sigma") && Has(early, "30%")) << early.stdout_text;
  EXPECT_EQ(Interco({"structure", "--date", "2024-02-31"}).code, 2);
  ServerProcess::Output future = Interco({"structure", "--structure-version", "999"});
  EXPECT_EQ(future.code, 2);
  EXPECT_TRUE(Has(future, "interco: --structure-version: the latest version is"))
      << future.stderr_text;
}

}  // namespace
}  // namespace interco::testing
