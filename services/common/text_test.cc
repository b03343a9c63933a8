#include "services/common/text.h"

#include <string>

#include "gtest/gtest.h"
#include "services/common/field_error.h"

namespace interco {
namespace {

TEST(PrintableTextTest, LettersOfEveryScriptAreText) {
  for (const char* text : {"Alpha GmbH", "Société Générale", "株式会社", "Ελλάδα", "شركة",
                           "1200 trade receivable", "emoji \xF0\x9F\x98\x80", ""}) {
    EXPECT_TRUE(IsPrintableText(text)) << text;
  }
}

TEST(PrintableTextTest, ControlsOfEveryKindAreNot) {
  for (const std::string text : {std::string("a\tb"), std::string("a\nb"), std::string("a\x7f"),
                                 std::string("NEL \xC2\x85"),  // U+0085, a C1 control
                                 std::string("\xE2\x80\xAE"
                                             "0021"),           // U+202E RIGHT-TO-LEFT OVERRIDE
                                 std::string("\xE2\x81\xA6x"),  // U+2066 LEFT-TO-RIGHT ISOLATE
                                 std::string("a\xE2\x80\xA8"),  // U+2028 LINE SEPARATOR
                                 std::string("\xD8\x9C"),       // U+061C ARABIC LETTER MARK
                                 std::string("a\0b", 3)}) {
    EXPECT_FALSE(IsPrintableText(text)) << text;
  }
}

TEST(PrintableTextTest, MalformedUtf8IsNotText) {
  for (const std::string text : {std::string("\xC0\xAF"),      // overlong '/'
                                 std::string("\xED\xA0\x80"),  // a surrogate
                                 std::string("\xE2\x82"),      // cut short
                                 std::string("\xFF"), std::string("\x80")}) {
    EXPECT_FALSE(IsPrintableText(text));
  }
}

TEST(PrintableTextTest, TheRefusalNamesFieldAndReason) {
  const absl::Status status = CheckPrintableText("name", "a\xC2\x85", "INVALID_NAME");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetErrorDetail(status)->field, "name");
  EXPECT_EQ(GetErrorDetail(status)->reason, "INVALID_NAME");
}

}  // namespace
}  // namespace interco
