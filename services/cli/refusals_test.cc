#include "services/cli/refusals.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "services/cli/csv.h"

namespace interco::cli {
namespace {

std::string TempPath(const std::string& name) { return ::testing::TempDir() + "/" + name; }

std::string FileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(RefusalsTest, KindLeavesOutWhatDiffersFromRowToRow) {
  EXPECT_EQ(Refusals::KindOf("\"2024-06-31\" is not a date (YYYY-MM-DD)"),
            "\"...\" is not a date (YYYY-MM-DD)");
  EXPECT_EQ(Refusals::KindOf("buyer: no legal entity with this id (got \"NOPE\")"),
            "buyer: no legal entity with this id (got \"...\")");
  EXPECT_EQ(Refusals::KindOf("transaction_id: is on the ledger with different content"),
            "transaction_id: is on the ledger with different content");
}

TEST(RefusalsTest, ThousandsOfRefusalsPrintTwentyLinesAndACountPerReason) {
  std::ostringstream out, err;
  Console console{out, err, /*progress=*/false, ""};
  auto refusals =
      Refusals::Create("big.csv", {"transaction_id", "buyer"}, CsvFormat{}, "", console);
  ASSERT_TRUE(refusals.ok()) << refusals.status();
  for (int row = 0; row < 3000; ++row) {
    const std::string id = "INV-" + std::to_string(row);
    if (row % 3 == 0) {
      (*refusals)->Add(row + 2, {id, "X"}, "buyer: no legal entity with this id (got \"X\")");
    } else {
      (*refusals)->Add(
          row + 2, {id, "B"},
          "quantity: \"1," + std::to_string(row) + "\" is not an amount: a comma separates");
    }
  }
  ASSERT_TRUE((*refusals)->Finish().ok());
  std::istringstream lines(err.str());
  int shown = 0;
  for (std::string line; std::getline(lines, line);) {
    EXPECT_EQ(line.rfind("interco: ", 0), 0u) << line;
    ++shown;
  }
  EXPECT_EQ(shown, 20 + 1 + 3) << err.str();
  EXPECT_NE(err.str().find("interco: big.csv:21: "), std::string::npos) << "the 20th shown";
  EXPECT_EQ(err.str().find("interco: big.csv:22: "), std::string::npos) << "the 21st is not";
  EXPECT_NE(err.str().find("interco: big.csv: 2980 more refused rows not shown; --rejects FILE "
                           "writes every one with its reason\n"
                           "interco: big.csv: 3000 refused, by reason:\n"
                           "interco:    2000  quantity: \"...\" is not an amount: a comma "
                           "separates\n"
                           "interco:    1000  buyer: no legal entity with this id (got \"...\")\n"),
            std::string::npos)
      << err.str();
  EXPECT_EQ(out.str(), "") << "out is for results";
}

TEST(RefusalsTest, TheRejectsFileIsTheInputsColumnsAndAReasonInLineOrder) {
  std::ostringstream out, err;
  Console console{out, err, /*progress=*/false, ""};
  const std::string path = TempPath("rejects.csv");
  // As German Excel wrote the input: a byte order mark, semicolons, decimal commas.
  auto refusals = Refusals::Create("in.csv", {"transaction_id", "quantity"},
                                   CsvFormat{/*byte_order_mark=*/true, ';'}, path, console);
  ASSERT_TRUE(refusals.ok()) << refusals.status();
  (*refusals)->Add(7, {"INV-7", "2,5"}, "buyer: unknown (got \"Z\")");
  (*refusals)->Add(3, {"INV-3", "1,5"}, "has 1 field; the header 2");
  ASSERT_TRUE((*refusals)->Finish().ok());
  EXPECT_EQ(FileText(path),
            "\xEF\xBB\xBFtransaction_id;quantity;reason\r\n"
            "INV-3;1,5;\"has 1 field; the header 2\"\r\n"
            "INV-7;2,5;\"buyer: unknown (got \"\"Z\"\")\"\r\n");
  EXPECT_NE(err.str().find("interco: in.csv: the rows not posted are in " + path),
            std::string::npos)
      << err.str();
  // Posted again and refused again, a rejects file keeps one reason column.
  auto again = Refusals::Create("rejects.csv", {"transaction_id", "quantity", "reason"},
                                CsvFormat{}, path, console);
  ASSERT_TRUE(again.ok());
  (*again)->Add(2, {"INV-3", "1.5", "old reason"}, "new reason");
  ASSERT_TRUE((*again)->Finish().ok());
  EXPECT_EQ(FileText(path), "transaction_id,quantity,reason\r\nINV-3,1.5,new reason\r\n");
}

TEST(RefusalsTest, AnUnwritableRejectsFileIsRefusedBeforeAnythingPosts) {
  std::ostringstream out, err;
  Console console{out, err, /*progress=*/false, ""};
  auto refusals =
      Refusals::Create("in.csv", {"a"}, CsvFormat{}, "/no/such/dir/rejects.csv", console);
  EXPECT_EQ(refusals.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refusals.status().message(), "--rejects: cannot write /no/such/dir/rejects.csv");
}

TEST(RefusalsTest, ItemsCountByTheirReasonNotByWhoTheyAre) {
  std::ostringstream out, err;
  Console console{out, err, /*progress=*/false, ""};
  std::unique_ptr<Refusals> refusals = Refusals::Printing("tb.csv", console);
  refusals->AddItem(2, "A 2030-13", "period: must be YYYY-MM (got \"2030-13\")");
  refusals->AddItem(3, "B 2031-13", "period: must be YYYY-MM (got \"2031-13\")");
  ASSERT_TRUE(refusals->Finish().ok());
  EXPECT_EQ(err.str(),
            "interco: tb.csv:2: A 2030-13: period: must be YYYY-MM (got \"2030-13\")\n"
            "interco: tb.csv:3: B 2031-13: period: must be YYYY-MM (got \"2031-13\")\n"
            "interco: tb.csv: 2 refused, by reason:\n"
            "interco:       2  period: must be YYYY-MM (got \"...\")\n");
}

TEST(RefusalsTest, NothingRefusedPrintsNothing) {
  std::ostringstream out, err;
  Console console{out, err, /*progress=*/false, ""};
  auto refusals = Refusals::Create("in.csv", {"a"}, CsvFormat{}, "", console);
  ASSERT_TRUE(refusals.ok());
  ASSERT_TRUE((*refusals)->Finish().ok());
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str(), "");
}

}  // namespace
}  // namespace interco::cli
