#include "services/observability/process_metrics.h"

#include <fcntl.h>
#include <unistd.h>

#include <map>
#include <string>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace interco::observability {
namespace {

std::map<std::string, double> Values() {
  std::map<std::string, double> values;
  for (const prometheus::MetricFamily& family : ProcessMetrics().Collect()) {
    EXPECT_EQ(family.metric.size(), 1u) << family.name;
    const prometheus::ClientMetric& metric = family.metric.front();
    values[family.name] =
        family.type == prometheus::MetricType::Counter ? metric.counter.value : metric.gauge.value;
  }
  return values;
}

TEST(ParseProcStatTest, CountsFieldsAfterTheLastParenthesisOfTheCommandName) {
  // A command name with a space and a parenthesis of its own, as a process may set it.
  const std::optional<ProcStat> stat = ParseProcStat(
      "4242 (odd) name) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 9 0 "
      "123456 987654321 2048 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0");
  ASSERT_TRUE(stat.has_value());
  EXPECT_EQ(stat->user_ticks, 250);
  EXPECT_EQ(stat->system_ticks, 50);
  EXPECT_EQ(stat->start_ticks_after_boot, 123456);
  EXPECT_EQ(stat->virtual_bytes, 987654321);
  EXPECT_EQ(stat->resident_pages, 2048);
}

TEST(ParseProcStatTest, RefusesTextWithoutTheFields) {
  EXPECT_FALSE(ParseProcStat("").has_value());
  EXPECT_FALSE(ParseProcStat("1 (short) S 1 2 3").has_value());
}

TEST(ProcessMetricsTest, ExportsThisProcessFigures) {
  const std::map<std::string, double> values = Values();
  EXPECT_GE(values.at("process_cpu_seconds_total"), 0);
  EXPECT_GT(values.at("process_resident_memory_bytes"), 1 << 20);
  EXPECT_GE(values.at("process_virtual_memory_bytes"), values.at("process_resident_memory_bytes"));
  EXPECT_GE(values.at("process_max_fds"), values.at("process_open_fds"));
  const double now = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  EXPECT_LE(values.at("process_start_time_seconds"), now + 1);
  EXPECT_GT(values.at("process_start_time_seconds"), now - 3600);
}

TEST(ProcessMetricsTest, OpenFileDescriptorsFollowOpenAndClose) {
  const double before = Values().at("process_open_fds");
  const int fd = open("/dev/null", O_RDONLY);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(Values().at("process_open_fds"), before + 1);
  close(fd);
  EXPECT_EQ(Values().at("process_open_fds"), before);
}

}  // namespace
}  // namespace interco::observability
