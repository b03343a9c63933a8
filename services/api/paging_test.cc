#include "services/api/paging.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/common/field_error.h"

namespace interco::api {
namespace {

std::vector<std::string> KeyOf(const std::string& id) { return {id}; }

std::string FieldOf(const absl::Status& status) {
  const auto detail = GetErrorDetail(status);
  return detail.has_value() ? detail->field : "";
}

TEST(PagingTest, SizesDefaultAndCap) {
  EXPECT_EQ(ParsePageRequest("entities", 0, "", 1)->size, kDefaultPageSize);
  EXPECT_EQ(ParsePageRequest("entities", 5000, "", 1)->size, kMaxPageSize);
  const auto negative = ParsePageRequest("entities", -1, "", 1);
  EXPECT_EQ(negative.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(negative.status()), "page_size");
}

TEST(PagingTest, PagesResumeAfterTheLastKeyUntilAnEmptyToken) {
  const std::vector<std::string> ids = {"P", "C", "A", "B", "S"};
  std::string token;
  std::vector<std::string> seen;
  int pages = 0;
  do {
    auto page = ParsePageRequest("entities", 2, token, 1);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const std::string& id : TakePage(ids, *page, "entities", KeyOf, &token)) {
      seen.push_back(id);
    }
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"A", "B", "C", "P", "S"}));
}

TEST(PagingTest, TheLastFullPageHasNoToken) {
  std::string token = "stale";
  auto page = ParsePageRequest("entities", 2, "", 1);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(TakePage(std::vector<std::string>{"A", "B"}, *page, "entities", KeyOf, &token).size(),
            2u);
  EXPECT_EQ(token, "");
}

TEST(PagingTest, TokensOfOtherListsAndForgedTokensNamePageToken) {
  const std::string policies = PageToken("policies", {"goods"});
  for (const std::string& token :
       {policies, std::string("!!"), std::string("%%"), PageToken("entities", {"A", "B"}),
        std::string(kMaxPageTokenBytes + 1, 'A')}) {
    const auto page = ParsePageRequest("entities", 0, token, 1);
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << token;
    EXPECT_EQ(FieldOf(page.status()), "page_token") << token;
  }
  const auto ok = ParsePageRequest("policies", 0, policies, 1);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->after, (std::vector<std::string>{"goods"}));
}

}  // namespace
}  // namespace interco::api
