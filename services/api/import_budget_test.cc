#include "services/api/import_budget.h"

#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "services/common/field_error.h"

namespace interco::api {
namespace {

TEST(ImportBufferBudgetTest, ChargesUpToTheLimitAndRefusesTheByteBeyond) {
  ImportBufferBudget budget(1000);
  ImportBufferBudget::Charge first(&budget), second(&budget);
  EXPECT_TRUE(first.Add(600).ok());
  EXPECT_TRUE(second.Add(400).ok());
  EXPECT_EQ(budget.bytes_held(), 1000u);
  const absl::Status refused = second.Add(1);
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  const std::optional<ErrorDetail> detail = GetErrorDetail(refused);
  ASSERT_TRUE(detail.has_value());
  EXPECT_EQ(detail->reason, "IMPORT_BUFFER_FULL");
  EXPECT_EQ(detail->limit, "import_buffer_bytes_max");
  EXPECT_EQ(detail->limit_value, "1000");
  EXPECT_NE(refused.message().find("hold 1000 of the 1000 bytes"), absl::string_view::npos)
      << refused.message();
  // A refused charge adds nothing.
  EXPECT_EQ(second.bytes(), 400u);
  EXPECT_EQ(budget.bytes_held(), 1000u);
}

TEST(ImportBufferBudgetTest, AStreamGivesEverythingBackWhenItEndsHoweverItEnds) {
  ImportBufferBudget budget(1000);
  {
    ImportBufferBudget::Charge ended_by_destruction(&budget);
    ASSERT_TRUE(ended_by_destruction.Add(300).ok());
    ASSERT_TRUE(ended_by_destruction.Add(300).ok());
    ImportBufferBudget::Charge released(&budget);
    ASSERT_TRUE(released.Add(400).ok());
    released.Release();
    released.Release();  // Idempotent.
    EXPECT_EQ(budget.bytes_held(), 600u);
  }
  EXPECT_EQ(budget.bytes_held(), 0u);
  ImportBufferBudget::Charge whole(&budget);
  EXPECT_TRUE(whole.Add(1000).ok());
}

TEST(ImportBufferBudgetTest, ConcurrentStreamsNeverHoldMoreThanTheLimit) {
  ImportBufferBudget budget(10000);
  std::vector<std::thread> streams;
  for (int t = 0; t < 8; ++t) {
    streams.emplace_back([&budget] {
      for (int round = 0; round < 200; ++round) {
        ImportBufferBudget::Charge charge(&budget);
        for (int i = 0; i < 10; ++i) {
          if (!charge.Add(300).ok()) break;
          EXPECT_LE(budget.bytes_held(), budget.bytes_max());
        }
      }
    });
  }
  for (std::thread& stream : streams) stream.join();
  EXPECT_EQ(budget.bytes_held(), 0u);
}

TEST(ImportBufferBudgetTest, TheFlagIsValidatedNamingIt) {
  EXPECT_TRUE(ValidateImportBufferBytesMax(256 << 20).ok());
  EXPECT_TRUE(ValidateImportBufferBytesMax(kImportBufferBytesMin).ok());
  const absl::Status small = ValidateImportBufferBytesMax(kImportBufferBytesMin - 1);
  EXPECT_EQ(small.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(small.message().find("--import_buffer_bytes_max"), absl::string_view::npos);
  EXPECT_FALSE(ValidateImportBufferBytesMax(-1).ok());
}

}  // namespace
}  // namespace interco::api
