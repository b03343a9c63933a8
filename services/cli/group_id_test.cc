#include "services/cli/group_id.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

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

TEST(ChooseGroupTest, ADnsLabelIsAGroup) {
  for (const char* id : {"default", "acme", "a", "0", "acme-2024", "a-b-c"}) {
    EXPECT_EQ(ChooseGroup(id, nullptr).value(), id);
  }
  const std::string longest(63, 'x');
  EXPECT_EQ(ChooseGroup(longest, nullptr).value(), longest);
}

TEST(ChooseGroupTest, AnythingElseIsRefused) {
  for (const std::string& id : std::vector<std::string>{
           "", "Acme", "acme_corp", "-acme", "acme-", "acme.eu", "ac me", "gr\xc3\xbcne",
           "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}) {
    EXPECT_EQ(ChooseGroup(id, nullptr).status().code(), absl::StatusCode::kInvalidArgument) << id;
  }
}

TEST(ChooseGroupTest, AMalformedIdNamesTheFlagOrVariableItCameFromAndQuotesIt) {
  const absl::StatusOr<std::string> flag = ChooseGroup("Acme", nullptr);
  EXPECT_EQ(flag.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(flag.status().message().rfind("--group: a group id is a DNS label", 0), 0u)
      << flag.status();
  EXPECT_NE(flag.status().message().find("(got \"Acme\")"), absl::string_view::npos);

  const absl::StatusOr<std::string> environment = ChooseGroup(std::nullopt, "acme_corp");
  EXPECT_EQ(environment.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(environment.status().message().rfind("INTERCO_GROUP: a group id is a DNS label", 0), 0u)
      << environment.status();
  EXPECT_NE(environment.status().message().find("(got \"acme_corp\")"), absl::string_view::npos);

  EXPECT_EQ(ChooseGroup("", "acme").status().code(), absl::StatusCode::kInvalidArgument)
      << "--group \"\" is a malformed id, not a way to unset the variable";
}

}  // namespace
}  // namespace interco::cli
