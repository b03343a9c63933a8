#include "services/observability/json_log.h"

#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "spdlog/sinks/ostream_sink.h"

namespace interco::observability {
namespace {

class JsonLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    sink->set_formatter(NewJsonFormatter());
    previous_ = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
    spdlog::set_level(spdlog::level::debug);
  }
  void TearDown() override { spdlog::set_default_logger(previous_); }

  // Every line written so far, each parsed; fails the test on a line that is not JSON.
  std::vector<nlohmann::json> Lines() {
    std::vector<nlohmann::json> lines;
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);) {
      nlohmann::json parsed = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      EXPECT_FALSE(parsed.is_discarded()) << line;
      lines.push_back(parsed);
    }
    return lines;
  }

  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(JsonLogTest, APlainMessageIsOneEscapedJsonLine) {
  spdlog::info("quote \" backslash \\ newline \n tab \t");
  const auto lines = Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["level"], "info");
  EXPECT_EQ(lines[0]["msg"], "quote \" backslash \\ newline \n tab \t");
  EXPECT_EQ(lines[0]["time"].get<std::string>().size(), 24u);  // 2026-12-01T07:30:00.123Z
}

TEST_F(JsonLogTest, InvalidUtf8IsReplacedNotThrownOn) {
  spdlog::warn("bad \xff\xfe bytes");
  const auto lines = Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["level"], "warning");
  EXPECT_NE(lines[0]["msg"].get<std::string>().find("bad"), std::string::npos);
}

TEST_F(JsonLogTest, AnEventsFieldsAreTopLevel) {
  LogEvent(spdlog::level::info, "rpc",
           {{"method", "/interco.v1.LedgerService/PostTransaction"},
            {"request_id", "erp-\"1\""},
            {"duration_ms", 1.5}});
  const auto lines = Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["event"], "rpc");
  EXPECT_EQ(lines[0]["method"], "/interco.v1.LedgerService/PostTransaction");
  EXPECT_EQ(lines[0]["request_id"], "erp-\"1\"");
  EXPECT_EQ(lines[0]["duration_ms"], 1.5);
  EXPECT_FALSE(lines[0].contains("msg"));
}

TEST_F(JsonLogTest, EventsBelowTheLevelAreNotWritten) {
  spdlog::set_level(spdlog::level::info);
  LogEvent(spdlog::level::debug, "rpc", {{"code", "OK"}});
  EXPECT_TRUE(Lines().empty());
}

}  // namespace
}  // namespace interco::observability
