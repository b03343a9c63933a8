#include "services/security/access_policy.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace interco::security {
namespace {

constexpr char kPolicy[] = R"({"identities": [
  {"identity": "spiffe://t/poster-a", "role": "poster", "entities": ["A"]},
  {"identity": "spiffe://t/controller", "role": "controller"},
  {"identity": "spiffe://t/admin", "role": "admin"}]})";

AccessPolicy Policy() {
  absl::StatusOr<AccessPolicy> policy = AccessPolicy::Parse(kPolicy);
  EXPECT_TRUE(policy.ok()) << policy.status();
  return *policy;
}

TEST(AccessPolicyTest, EachRoleHasItsPermissions) {
  const AccessPolicy policy = Policy();
  EXPECT_EQ(policy.size(), 3u);
  EXPECT_TRUE(policy.Authorize("spiffe://t/poster-a", Permission::kPost).ok());
  EXPECT_TRUE(policy.Authorize("spiffe://t/poster-a", Permission::kRead).ok());
  EXPECT_EQ(policy.Authorize("spiffe://t/poster-a", Permission::kConsolidate).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(policy.Authorize("spiffe://t/poster-a", Permission::kAdmin).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(policy.Authorize("spiffe://t/controller", Permission::kConsolidate).ok());
  EXPECT_TRUE(policy.Authorize("spiffe://t/controller", Permission::kRead).ok());
  EXPECT_EQ(policy.Authorize("spiffe://t/controller", Permission::kPost).code(),
            absl::StatusCode::kPermissionDenied);
  for (Permission p :
       {Permission::kRead, Permission::kPost, Permission::kConsolidate, Permission::kAdmin}) {
    EXPECT_TRUE(policy.Authorize("spiffe://t/admin", p).ok());
  }
}

TEST(AccessPolicyTest, ACheckpointerCheckpointsAndVerifiesAndDoesNothingElse) {
  absl::StatusOr<AccessPolicy> policy = AccessPolicy::Parse(R"({"identities": [
    {"identity": "spiffe://t/backup", "role": "checkpointer", "groups": ["*"]}]})");
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_TRUE(policy->Authorize("spiffe://t/backup", Permission::kCheckpoint).ok());
  // It verifies the books before copying them (the CronJob); it reads no figure.
  EXPECT_TRUE(policy->Authorize("spiffe://t/backup", Permission::kVerify).ok());
  for (Permission p :
       {Permission::kRead, Permission::kPost, Permission::kConsolidate, Permission::kAdmin}) {
    EXPECT_EQ(policy->Authorize("spiffe://t/backup", p).code(),
              absl::StatusCode::kPermissionDenied);
  }
  EXPECT_TRUE(policy->AuthorizeGroup("spiffe://t/backup", "acme").ok());
  // The admin checkpoints too; the other roles do not.
  EXPECT_TRUE(Policy().Authorize("spiffe://t/admin", Permission::kCheckpoint).ok());
  EXPECT_EQ(Policy().Authorize("spiffe://t/controller", Permission::kCheckpoint).code(),
            absl::StatusCode::kPermissionDenied);
  // Controllers verify; posters do not (a whole-ledger read).
  EXPECT_TRUE(Policy().Authorize("spiffe://t/controller", Permission::kVerify).ok());
  EXPECT_EQ(Policy().Authorize("spiffe://t/poster-a", Permission::kVerify).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(AccessPolicyTest, APeerRelaysAndMayDoNothingItself) {
  absl::StatusOr<AccessPolicy> policy = AccessPolicy::Parse(R"({"identities": [
    {"identity": "spiffe://t/pod", "role": "peer", "groups": ["*"]},
    {"identity": "spiffe://t/admin", "role": "admin", "groups": ["*"]}]})");
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_TRUE(policy->IsPeer("spiffe://t/pod"));
  EXPECT_FALSE(policy->IsPeer("spiffe://t/admin"));
  EXPECT_FALSE(policy->IsPeer("spiffe://t/stranger"));
  for (Permission p : {Permission::kRead, Permission::kPost, Permission::kConsolidate,
                       Permission::kAdmin, Permission::kCheckpoint, Permission::kVerify}) {
    EXPECT_EQ(policy->Authorize("spiffe://t/pod", p).code(), absl::StatusCode::kPermissionDenied);
  }
}

TEST(AccessPolicyTest, NoIdentityIsUnauthenticatedAndAnUnknownOneIsDenied) {
  const AccessPolicy policy = Policy();
  EXPECT_EQ(policy.Authorize("", Permission::kRead).code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(policy.Authorize("spiffe://t/stranger", Permission::kRead).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(AccessPolicyTest, APosterPostsOnlyWhatBooksOneOfItsEntities) {
  const AccessPolicy policy = Policy();
  constexpr EntityWrite kPosting = EntityWrite::kPosting;
  EXPECT_TRUE(policy.AuthorizeEntities("spiffe://t/poster-a", {"A", "B"}, kPosting).ok());
  EXPECT_TRUE(policy.AuthorizeEntities("spiffe://t/poster-a", {"B", "A"}, kPosting).ok());
  const absl::Status refused =
      policy.AuthorizeEntities("spiffe://t/poster-a", {"B", "C"}, kPosting);
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(refused.message(),
            "caller spiffe://t/poster-a may post only for its own entities; this posting books B, "
            "C");
  EXPECT_TRUE(policy.AuthorizeEntities("spiffe://t/admin", {"B", "C"}, kPosting).ok());
}

// Issue 24: every refusal of the entity scope says what the call does; an import of
// another entity's trial balance was refused as "this posting books B".
TEST(AccessPolicyTest, AnImportOfAnotherEntitysTrialBalanceIsRefusedAsAnImport) {
  const AccessPolicy policy = Policy();
  EXPECT_TRUE(
      policy.AuthorizeEntities("spiffe://t/poster-a", {"A"}, EntityWrite::kTrialBalanceImport)
          .ok());
  const absl::Status refused =
      policy.AuthorizeEntities("spiffe://t/poster-a", {"B"}, EntityWrite::kTrialBalanceImport);
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(refused.message(),
            "caller spiffe://t/poster-a may import only its own entities' trial balances; this "
            "import is B's");
}

TEST(AccessPolicyTest, APosterReadsOnlyItsOwnEntitiesData) {
  const AccessPolicy policy = Policy();
  const EntityReadScope poster = policy.ReadScope("spiffe://t/poster-a");
  EXPECT_FALSE(poster.unlimited());
  EXPECT_EQ(poster.entities(), std::vector<std::string>{"A"});
  EXPECT_TRUE(poster.Check("A").ok());
  EXPECT_EQ(poster.Check("B").code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(policy.ReadScope("spiffe://t/controller").unlimited());
  EXPECT_TRUE(policy.ReadScope("spiffe://t/admin").unlimited());
}

TEST(AccessPolicyTest, MalformedFilesNameTheEntry) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not json", "file"},
      {"[]", "file"},
      {R"({"identities": []})", "identities"},
      {R"({"identities": [{"role": "admin"}]})", "identities[0].identity"},
      {R"({"identities": [{"identity": "x", "role": "root"}]})", "identities[0].role"},
      {R"({"identities": [{"identity": "x", "role": "poster"}]})", "identities[0].entities"},
      {R"({"identities": [{"identity": "x", "role": "poster", "entities": [1]}]})",
       "identities[0].entities"},
      {R"({"identities": [{"identity": "x", "role": "admin", "entities": ["A"]}]})",
       "identities[0].entities"},
      {R"({"identities": [{"identity": "x", "role": "admin"}, {"identity": "x", "role": "admin"}]})",
       "identities[1].identity"},
  };
  for (const auto& [text, where] : cases) {
    const absl::StatusOr<AccessPolicy> policy = AccessPolicy::Parse(text);
    ASSERT_FALSE(policy.ok()) << text;
    EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(policy.status().message().find(where + ":"), std::string::npos)
        << policy.status().message();
  }
}

}  // namespace
}  // namespace interco::security
