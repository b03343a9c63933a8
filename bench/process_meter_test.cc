#include "bench/process_meter.h"

#include <unistd.h>

#include "gtest/gtest.h"

namespace interco::bench {
namespace {

constexpr char kIo[] =
    "rchar: 6976\nwchar: 12\nsyscr: 10\nsyscw: 1\nread_bytes: 0\nwrite_bytes: 315392\n"
    "cancelled_write_bytes: 4096\n";

TEST(IoFieldTest, ReadsTheNamedFieldOnly) {
  EXPECT_EQ(IoField(kIo, "write_bytes"), 315392);
  EXPECT_EQ(IoField(kIo, "cancelled_write_bytes"), 4096);
  EXPECT_EQ(IoField(kIo, "wchar"), 12);
  EXPECT_EQ(IoField(kIo, "missing"), std::nullopt);
}

TEST(StatusFieldTest, ReadsTheNumberOfTheNamedLine) {
  constexpr char kStatus[] =
      "Name:\tinterco_server\nVmHWM:\t  123456 kB\nVmRSS:\t   98765 kB\n"
      "RssAnon:\t   50000 kB\nThreads:\t17\n";
  EXPECT_EQ(StatusField(kStatus, "VmRSS"), 98765);
  EXPECT_EQ(StatusField(kStatus, "VmHWM"), 123456);
  EXPECT_EQ(StatusField(kStatus, "Threads"), 17);
  EXPECT_EQ(StatusField(kStatus, "Vm"), std::nullopt);    // A prefix of a field is not it.
  EXPECT_EQ(StatusField(kStatus, "Name"), std::nullopt);  // Not a number.
}

TEST(StatusFieldTest, OwnProcessHasThreadsAndOpenFiles) {
  EXPECT_GE(ReadStatusField(getpid(), "Threads").value_or(0), 1);
  EXPECT_GE(OpenFileCount(getpid()).value_or(0), 1);  // The directory being listed, at least.
}

TEST(CpuSecondsTest, OwnProcessIsReadable) {
  const std::optional<double> cpu = CpuSeconds(getpid());
  ASSERT_TRUE(cpu.has_value());
  EXPECT_GE(*cpu, 0);
}

TEST(ProcessMeterTest, NoProcessMeasuresNothing) {
  Figures f;
  ProcessMeter(0, /*peak_rss=*/true).Finish(&f);
  EXPECT_EQ(f.server_cpu_seconds, -1);
  EXPECT_EQ(f.disk_write_bytes, -1);
  EXPECT_EQ(f.server_peak_rss_kb, -1);
}

}  // namespace
}  // namespace interco::bench
