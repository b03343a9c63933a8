#include "services/common/iso_codes.h"

#include "gtest/gtest.h"

namespace interco {
namespace {

TEST(IsoCodesTest, CountryCodes) {
  EXPECT_TRUE(IsCountryCode("DE"));
  EXPECT_TRUE(IsCountryCode("US"));
  EXPECT_TRUE(IsCountryCode("IN"));
  EXPECT_FALSE(IsCountryCode("de"));
  EXPECT_FALSE(IsCountryCode("XX"));
  EXPECT_FALSE(IsCountryCode("DEU"));
  EXPECT_FALSE(IsCountryCode(""));
}

TEST(IsoCodesTest, CurrencyMinorUnitsFromIso4217) {
  EXPECT_EQ(CurrencyMinorUnits("JPY"), 0);
  EXPECT_EQ(CurrencyMinorUnits("USD"), 2);
  EXPECT_EQ(CurrencyMinorUnits("EUR"), 2);
  EXPECT_EQ(CurrencyMinorUnits("KWD"), 3);
  EXPECT_EQ(CurrencyMinorUnits("usd"), std::nullopt);
  EXPECT_EQ(CurrencyMinorUnits("XAU"), std::nullopt);
  EXPECT_EQ(CurrencyMinorUnits("ABC"), std::nullopt);
}

}  // namespace
}  // namespace interco
