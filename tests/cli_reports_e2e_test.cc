// End to end: the `interco` tool's pictures and reports on the example group against the
// real server: the group drawn by Graphviz, the HTML report opened in headless Chromium,
// workbooks read back by openpyxl.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class CliReportsE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto server = ServerProcess::Start(
        {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("cli_reports")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    ASSERT_EQ(Interco({"load", Runfile("examples/group.yaml")}).code, 0);
    ASSERT_EQ(Interco({"post", Runfile("examples/june.csv")}).code, 1) << "one bad row";
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ServerProcess::Output Interco(std::vector<std::string> args) {
    args.insert(args.begin(), "--server=" + server_->address());
    return ServerProcess::RunProgram(Runfile("services/cli/interco"), args);
  }
  // A shell command line with `interco` meaning the tool against the test's server.
  static ServerProcess::Output Shell(const std::string& script) {
    return ServerProcess::RunProgram(
        "/bin/bash", {"-c", absl::StrCat("interco() { '", Runfile("services/cli/interco"),
                                         "' --server='", server_->address(), "' \"$@\"; }\n",
                                         script)});
  }
  static ServerProcess* server_;
};

ServerProcess* CliReportsE2eTest::server_ = nullptr;

TEST_F(CliReportsE2eTest, StructureSvgDrawsEveryEntityWithItsMethodAndTheParentOnTop) {
  ServerProcess::Output svg = Interco({"structure", "--date", "2024-06-30", "--format", "svg"});
  ASSERT_EQ(svg.code, 0) << svg.stderr_text;
  EXPECT_NE(svg.stdout_text.find("<svg"), std::string::npos);
  for (const char* text : {">ultimate parent<", ">FULL, 48%<", ">EQUITY, 30%<", ">Gamma KK<"}) {
    EXPECT_NE(svg.stdout_text.find(text), std::string::npos) << text;
  }
  // Graphviz ranks holders above what they hold: P's box is higher (smaller y) than C's.
  const size_t p_title = svg.stdout_text.find("<title>P</title>");
  const size_t c_title = svg.stdout_text.find("<title>C</title>");
  ASSERT_NE(p_title, std::string::npos);
  ASSERT_NE(c_title, std::string::npos);
  auto first_y = [&](size_t from) {
    const size_t y = svg.stdout_text.find(" y=\"", from);
    return std::atof(svg.stdout_text.c_str() + y + 4);
  };
  EXPECT_LT(first_y(p_title), first_y(c_title));
}

TEST_F(CliReportsE2eTest, StructureWithAnUnknownFormatExits2) {
  ServerProcess::Output png = Interco({"structure", "--format", "png"});
  EXPECT_EQ(png.code, 2);
  EXPECT_NE(png.stderr_text.find("--format: png not in {tree,dot,svg}"), std::string::npos)
      << png.stderr_text;
}

TEST_F(CliReportsE2eTest, StructureSvgWithoutGraphvizExits3NamingThePackage) {
  ServerProcess::Output svg =
      Shell("PATH=/nonexistent interco structure --date 2024-06-30 --format svg");
  EXPECT_EQ(svg.code, 3);
  EXPECT_NE(svg.stderr_text.find("install Debian's graphviz"), std::string::npos)
      << svg.stderr_text;
  EXPECT_EQ(svg.stdout_text, "");
}

}  // namespace
}  // namespace interco::testing
