#include "services/security/entity_read_scope.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace interco::security {
namespace {

constexpr char kPoster[] = "spiffe://t/poster-a";

TEST(EntityReadScopeTest, UnlimitedReadsEveryEntity) {
  const EntityReadScope scope = EntityReadScope::Unlimited();
  EXPECT_TRUE(scope.unlimited());
  EXPECT_TRUE(scope.Allows("B"));
  EXPECT_TRUE(scope.Check("B").ok());
  EXPECT_TRUE(scope.CheckAny({"B", "C"}).ok());
  EXPECT_TRUE(scope.entities().empty());
}

TEST(EntityReadScopeTest, APosterReadsItsOwnEntitiesOnly) {
  const EntityReadScope scope = EntityReadScope::Limited(kPoster, {"C", "A", "C"});
  EXPECT_FALSE(scope.unlimited());
  EXPECT_EQ(scope.entities(), (std::vector<std::string>{"A", "C"}));
  EXPECT_TRUE(scope.Check("A").ok());
  EXPECT_TRUE(scope.Check("C").ok());
  EXPECT_EQ(scope.Check("B").code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(scope.Check("").code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(scope.Check("a").code(), absl::StatusCode::kPermissionDenied);
}

TEST(EntityReadScopeTest, ARecordOfSeveralEntitiesNeedsOneOfThem) {
  const EntityReadScope scope = EntityReadScope::Limited(kPoster, {"A"});
  EXPECT_TRUE(scope.CheckAny({"B", "A"}).ok());
  EXPECT_EQ(scope.CheckAny({"B", "Z"}).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(scope.CheckAny({}).code(), absl::StatusCode::kPermissionDenied);
}

// Issue 24: a refused read said "may post only ... this posting books B".
TEST(EntityReadScopeTest, ARefusalSaysItIsAReadAndNamesWhatItReads) {
  const EntityReadScope scope = EntityReadScope::Limited(kPoster, {"A"});
  EXPECT_EQ(scope.Check("B").message(),
            "caller spiffe://t/poster-a may read only its own entities' data (A); this call "
            "reads B");
  EXPECT_EQ(scope.CheckAny({"B", "Z"}).message(),
            "caller spiffe://t/poster-a may read only its own entities' data (A); this call "
            "reads B, Z");
  EXPECT_EQ(scope.Check("B").message().find("may post"), std::string::npos);
}

TEST(EntityReadScopeTest, ARefusalNamesAtMostTenOwnEntities) {
  std::vector<std::string> many;
  for (int i = 0; i < 25; ++i) many.push_back("E" + std::to_string(100 + i));
  const absl::Status refused = EntityReadScope::Limited(kPoster, many).Check("B");
  EXPECT_NE(refused.message().find("E109 and 15 more); this call reads B"), std::string::npos)
      << refused.message();
}

}  // namespace
}  // namespace interco::security
