#include "services/cli/report_xlsx.h"

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

TEST(WorkbookNumberTest, UpToFifteenSignificantDigitsBecomeNumbers) {
  EXPECT_EQ(WorkbookNumber("-1322.76"), -1322.76);
  EXPECT_EQ(WorkbookNumber("0.48"), 0.48);
  EXPECT_EQ(WorkbookNumber("1000000000000000000"), 1e18);
  EXPECT_EQ(WorkbookNumber("0"), 0.0);
  EXPECT_EQ(WorkbookNumber("1234567890123.45"), 1234567890123.45);
}

TEST(WorkbookNumberTest, LongerFiguresAndTextStayText) {
  EXPECT_EQ(WorkbookNumber("12345678901234.567"), std::nullopt);
  EXPECT_EQ(WorkbookNumber("0.1234567890123456"), std::nullopt);
  EXPECT_EQ(WorkbookNumber("1e5"), std::nullopt);
  EXPECT_EQ(WorkbookNumber("overflow"), std::nullopt);
}

TEST(WriteReportXlsxTest, AnUnwritablePathIsInvalidArgumentNamingOut) {
  Report report;
  const absl::Status status = WriteReportXlsx(report, "/nonexistent/dir/report.xlsx");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_NE(status.message().find("--out: cannot write /nonexistent/dir/report.xlsx"),
            std::string::npos)
      << status;
}

}  // namespace
}  // namespace interco::cli
