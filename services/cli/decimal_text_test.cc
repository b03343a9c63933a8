#include "services/cli/decimal_text.h"

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

std::string Plain(absl::string_view text, DecimalMark mark = DecimalMark::kPoint) {
  absl::StatusOr<std::string> plain = PlainDecimal(text, mark);
  EXPECT_TRUE(plain.ok()) << text << ": " << plain.status();
  return plain.value_or("");
}

std::string Refusal(absl::string_view text, DecimalMark mark = DecimalMark::kPoint) {
  absl::StatusOr<std::string> plain = PlainDecimal(text, mark);
  EXPECT_EQ(plain.status().code(), absl::StatusCode::kInvalidArgument) << text << ": " << *plain;
  return std::string(plain.status().message());
}

TEST(PlainDecimalTest, PlainNumbersAndNonNumbersComeBackUnchanged) {
  EXPECT_EQ(Plain("1000.50"), "1000.50");
  EXPECT_EQ(Plain("-12"), "-12");
  EXPECT_EQ(Plain(""), "");
  EXPECT_EQ(Plain("abc"), "abc");
  EXPECT_EQ(Plain("1e5"), "1e5");
}

TEST(PlainDecimalTest, EnglishExcelThousandsWithDecimalsOrSeveralGroups) {
  EXPECT_EQ(Plain("1,000.50"), "1000.50");
  EXPECT_EQ(Plain("-1,234,567.891"), "-1234567.891");
  EXPECT_EQ(Plain("1,000,000"), "1000000");
  EXPECT_EQ(Plain(" 12,345.6 "), "12345.6");
}

TEST(PlainDecimalTest, GermanAndFrenchExcelWithDecimalComma) {
  EXPECT_EQ(Plain("1.000,50", DecimalMark::kComma), "1000.50");
  EXPECT_EQ(Plain("40,125", DecimalMark::kComma), "40.125");
  EXPECT_EQ(Plain("-0,5", DecimalMark::kComma), "-0.5");
  EXPECT_EQ(Plain("1.000", DecimalMark::kComma), "1000") << "the user said commas are decimal";
  EXPECT_EQ(Plain("1 000,50", DecimalMark::kComma), "1000.50");
  EXPECT_EQ(Plain("1\xC2\xA0"
                  "000,50",
                  DecimalMark::kComma),
            "1000.50")
      << "no-break space";
  EXPECT_EQ(Plain("12\xE2\x80\xAF"
                  "345",
                  DecimalMark::kComma),
            "12345")
      << "narrow one";
  EXPECT_EQ(Plain("250", DecimalMark::kComma), "250");
  EXPECT_EQ(Plain(",5", DecimalMark::kComma), "0.5");
  EXPECT_EQ(Plain("", DecimalMark::kComma), "") << "an empty optional cell";
}

// `digits` grouped by threes with `separator`: Grouped("1234567", '.') is "1.234.567".
std::string Grouped(const std::string& digits, char separator) {
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(separator);
    out.push_back(digits[i]);
  }
  return out;
}

TEST(PlainDecimalTest, EveryGroupedNumberWithDecimalsReadsBackInEitherMark) {
  for (const std::string digits :
       {"1", "12", "123", "1234", "12345", "123456", "1234567", "98765432109876543"}) {
    for (const std::string fraction : {"0", "5", "125", "000000001"}) {
      const std::string plain = digits + "." + fraction;
      EXPECT_EQ(Plain(Grouped(digits, ',') + "." + fraction), plain);
      EXPECT_EQ(Plain("-" + Grouped(digits, '.') + "," + fraction, DecimalMark::kComma),
                "-" + plain);
      EXPECT_EQ(Plain(Grouped(digits, ' ') + "," + fraction, DecimalMark::kComma), plain);
    }
  }
}

TEST(PlainDecimalTest, AThousandsCommaAloneIsAmbiguousWithoutTheFlag) {
  EXPECT_EQ(Refusal("-1,000"),
            "\"-1,000\" is ambiguous: -1000 with a thousands comma, or -1.000 with a decimal "
            "comma; give --decimal-comma if the file's decimals are commas, else write it without "
            "the comma");
}

TEST(PlainDecimalTest, RefusalsNameTheCause) {
  EXPECT_EQ(Refusal("1,5"),
            "\"1,5\" is not an amount: a comma separates thousands (groups of three digits) "
            "unless the file's decimals are commas: then give --decimal-comma");
  EXPECT_EQ(Refusal("1.000,50"),
            "\"1.000,50\" is not an amount: its decimals are after a comma: give "
            "--decimal-comma");
  EXPECT_EQ(Refusal("12.50", DecimalMark::kComma),
            "\"12.50\" is not an amount: with --decimal-comma a point separates thousands "
            "(groups of three digits) and the comma decimals");
  EXPECT_EQ(Refusal("1,00,000.5").rfind("\"1,00,000.5\" is not an amount: ", 0), 0u);
  EXPECT_EQ(Refusal("1,000 000.5").rfind("\"1,000 000.5\" is not an amount: ", 0), 0u)
      << "one kind of separator";
  EXPECT_EQ(Refusal("1,5,0", DecimalMark::kComma),
            "\"1,5,0\" is not an amount: only digits follow the decimal mark");
}

}  // namespace
}  // namespace interco::cli
