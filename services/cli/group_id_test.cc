#include "services/cli/group_id.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

TEST(CheckGroupIdTest, ADnsLabelIsAGroupId) {
  for (const std::string& id :
       std::vector<std::string>{"default", "acme", "a", "0", "acme-2024", "a-b-c",
                                std::string(kGroupIdLengthMax, 'x')}) {
    EXPECT_TRUE(CheckGroupId(id).ok()) << id;
  }
}

TEST(CheckGroupIdTest, AnythingElseIsRefusedQuotingIt) {
  for (const std::string& id :
       std::vector<std::string>{"", "Acme", "acme_corp", "-acme", "acme-", "acme.eu", "ac me",
                                "grüne", std::string(kGroupIdLengthMax + 1, 'x')}) {
    const absl::Status status = CheckGroupId(id);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << id;
  }
  EXPECT_EQ(CheckGroupId("Acme").message(),
            "must be a DNS label: 1-63 of a-z, 0-9 and '-', not starting or ending with '-' "
            "(got \"Acme\")");
  EXPECT_NE(CheckGroupId("a\nb").message().find("(got \"a\\nb\")"), absl::string_view::npos)
      << "a control character is shown escaped";
}

TEST(ChooseGroupTest, WithoutFlagOrEnvironmentNoGroupIsNamed) {
  EXPECT_EQ(ChooseGroup(std::nullopt, nullptr).value(), "");
  EXPECT_EQ(ChooseGroup(std::nullopt, "").value(), "") << "INTERCO_GROUP= is unset";
}

TEST(ChooseGroupTest, TheEnvironmentNamesTheGroupWhenTheFlagDoesNot) {
  EXPECT_EQ(ChooseGroup(std::nullopt, "acme").value(), "acme");
}

TEST(ChooseGroupTest, TheFlagWinsOverTheEnvironment) {
  EXPECT_EQ(ChooseGroup("globex", "acme").value(), "globex");
  EXPECT_EQ(ChooseGroup("default", "acme").value(), "default");
  EXPECT_EQ(ChooseGroup("globex", "Not A Label").value(), "globex")
      << "an environment the flag overrides is not read";
}

TEST(ChooseGroupTest, AMalformedIdNamesTheFlagOrVariableItCameFrom) {
  const absl::StatusOr<std::string> flag = ChooseGroup("Acme", nullptr);
  EXPECT_EQ(flag.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(flag.status().message().rfind("--group: must be a DNS label", 0), 0u) << flag.status();
  EXPECT_NE(flag.status().message().find("(got \"Acme\")"), absl::string_view::npos);

  const absl::StatusOr<std::string> environment = ChooseGroup(std::nullopt, "acme_corp");
  EXPECT_EQ(environment.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(environment.status().message().rfind("INTERCO_GROUP: must be a DNS label", 0), 0u)
      << environment.status();

  EXPECT_EQ(ChooseGroup("", "acme").status().code(), absl::StatusCode::kInvalidArgument)
      << "--group \"\" is a malformed id, not a way to unset the variable";
}

}  // namespace
}  // namespace interco::cli
