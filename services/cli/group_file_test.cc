#include "services/cli/group_file.h"

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

TEST(GroupFileTest, EverySectionBecomesRequestsInDependencyOrder) {
  const char* kYaml = R"(
rates:
  - {base: EUR, quote: USD, type: SPOT, from: 2024-06-28, rate: "1.0712"}
entities:
  - {id: P, name: Parent AG, jurisdiction: DE, currency: EUR}
  - {id: A, name: Alpha GmbH, jurisdiction: DE, currency: EUR}
ownership:
  - {holder: P, held: A, equity: "0.8", from: 2024-01-01}
departments:
  - {id: A-IT, entity: A, name: Shared IT}
policies:
  - id: goods
    type: GOODS
    from: 2024-01-01
    method: COST_PLUS
    parameters: {markup: "0.08"}
)";
  auto steps = ReadGroupFile(kYaml);
  ASSERT_TRUE(steps.ok()) << steps.status();
  ASSERT_EQ(steps->size(), 6u);
  const auto& entity = std::get<v1::UpsertEntityRequest>((*steps)[0]);
  EXPECT_EQ(entity.request_id().rfind("entities::", 0), 0u) << entity.request_id();
  EXPECT_EQ(entity.entity().functional_currency(), "EUR");
  EXPECT_EQ(std::get<v1::UpsertDepartmentRequest>((*steps)[2]).department().entity_id(), "A");
  const auto& edge = std::get<v1::AddOwnershipEdgeRequest>((*steps)[3]);
  EXPECT_EQ(edge.edge().voting_share().value(), "0.8") << "voting defaults to equity";
  const auto& policy = std::get<v1::UpsertPolicyRequest>((*steps)[4]);
  EXPECT_EQ(policy.policy().method(), v1::PRICING_METHOD_COST_PLUS);
  EXPECT_EQ(policy.policy().parameters().at("markup").value(), "0.08");
  EXPECT_EQ(std::get<v1::UpsertFxRateRequest>((*steps)[5]).rate().type(), v1::RATE_TYPE_SPOT);
}

TEST(GroupFileTest, ErrorsNameSectionItemAndKey) {
  EXPECT_EQ(ReadGroupFile("entities:\n  - {id: P}\n").status().message(),
            "entities[0].name: is required");
  EXPECT_EQ(
      ReadGroupFile("policies:\n  - {id: p, from: 2024-01-01, method: MAGIC}\n").status().message(),
      "policies[0].method: is not a pricing method (COST_PLUS, CUP, TNMM, ...)");
  EXPECT_EQ(ReadGroupFile("entities: [").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadGroupFile("- a\n").status().message(), "the file must be a YAML mapping");
}

TEST(GroupFileTest, RequestIdsComeFromTheItemNotFromItsPlace) {
  const char* kRate =
      "  - {base: EUR, quote: USD, type: SPOT, from: 2024-06-28, rate: \"1.0712\"}\n";
  const char* kOther = "  - {base: EUR, quote: JPY, type: SPOT, from: 2024-06-28, rate: \"170\"}\n";
  auto id_of = [](const std::string& yaml, size_t i) {
    auto steps = ReadGroupFile(yaml);
    EXPECT_TRUE(steps.ok()) << steps.status();
    return std::get<v1::UpsertFxRateRequest>((*steps)[i]).request_id();
  };
  const std::string id = id_of(std::string("rates:\n") + kRate + kOther, 0);
  EXPECT_EQ(id_of(std::string("rates:\n") + kOther + kRate, 1), id);
  EXPECT_NE(id_of("rates:\n  - {base: EUR, quote: USD, type: SPOT, from: 2024-06-28, rate: "
                  "\"1.0713\"}\n",
                  0),
            id)
      << "a corrected rate is a new request";
}

}  // namespace
}  // namespace interco::cli
