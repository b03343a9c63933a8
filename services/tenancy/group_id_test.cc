#include "services/tenancy/group_id.h"

#include <string>

#include "gtest/gtest.h"
#include "services/common/field_error.h"

namespace interco::tenancy {
namespace {

TEST(GroupIdTest, DnsLabelsAreAccepted) {
  for (const char* id : {"default", "acme", "a", "globex-2", "0", "a-b-c"}) {
    EXPECT_TRUE(ValidateGroupId(id, "group_id").ok()) << id;
  }
  EXPECT_TRUE(ValidateGroupId(std::string(63, 'a'), "group_id").ok());
}

TEST(GroupIdTest, AnythingElseIsInvalidArgumentNamingTheField) {
  for (const std::string& id : {std::string(""), std::string(64, 'a'), std::string("Acme"),
                                std::string("-acme"), std::string("acme-"), std::string("ac_me"),
                                std::string("ac.me"), std::string("ac me"), std::string("a\n")}) {
    const absl::Status status = ValidateGroupId(id, "x-interco-group");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << id;
    const auto detail = GetErrorDetail(status);
    ASSERT_TRUE(detail.has_value()) << id;
    EXPECT_EQ(detail->field, "x-interco-group");
    EXPECT_EQ(detail->reason, "INVALID_GROUP_ID");
  }
}

TEST(GroupIdTest, NotFoundCarriesTheReason) {
  const absl::Status status = GroupNotFound("nope", "x-interco-group");
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(GetErrorDetail(status)->reason, "GROUP_NOT_FOUND");
  EXPECT_EQ(GetErrorDetail(status)->value, "nope");
}

}  // namespace
}  // namespace interco::tenancy
