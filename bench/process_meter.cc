#include "bench/process_meter.h"

#include <time.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace interco::bench {
namespace {

std::optional<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Peak resident memory (VmHWM) in KiB, and its reset (Linux >= 4.0).
int64_t PeakRssKb(pid_t pid) { return ReadStatusField(pid, "VmHWM").value_or(-1); }
void ResetPeakRss(pid_t pid) { std::ofstream(absl::StrCat("/proc/", pid, "/clear_refs")) << "5"; }

std::optional<int64_t> WriteBytes(const std::string& io_path) {
  const std::optional<std::string> text = ReadWholeFile(io_path);
  return text.has_value() ? IoField(*text, "write_bytes") : std::nullopt;
}

}  // namespace

std::optional<double> CpuSeconds(pid_t pid) {
  // /proc counts in clock ticks (10 ms); the baselines' short runs need finer.
  timespec own{};
  if (pid == getpid() && clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &own) == 0) {
    return own.tv_sec + own.tv_nsec / 1e9;
  }
  const std::optional<std::string> text = ReadWholeFile(absl::StrCat("/proc/", pid, "/stat"));
  if (!text.has_value()) return std::nullopt;
  // Fields are counted after the command name's last ')': utime is field 14, stime 15.
  const size_t paren = text->rfind(')');
  if (paren == std::string::npos) return std::nullopt;
  const std::vector<absl::string_view> fields =
      absl::StrSplit(absl::string_view(*text).substr(paren + 1), ' ', absl::SkipEmpty());
  double utime = 0, stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtod(fields[14 - 3], &utime) ||
      !absl::SimpleAtod(fields[15 - 3], &stime)) {
    return std::nullopt;
  }
  return (utime + stime) / sysconf(_SC_CLK_TCK);
}

std::optional<int64_t> IoField(absl::string_view io_text, absl::string_view field) {
  for (absl::string_view line : absl::StrSplit(io_text, '\n')) {
    if (!absl::ConsumePrefix(&line, field) || !absl::ConsumePrefix(&line, ":")) continue;
    int64_t value = 0;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(line), &value)) return value;
  }
  return std::nullopt;
}

std::optional<int64_t> StatusField(absl::string_view status_text, absl::string_view field) {
  for (absl::string_view line : absl::StrSplit(status_text, '\n')) {
    if (!absl::ConsumePrefix(&line, field) || !absl::ConsumePrefix(&line, ":")) continue;
    // "VmRSS:\t  123456 kB": the number, then the unit if any.
    line = absl::StripLeadingAsciiWhitespace(line);
    const absl::string_view number = line.substr(0, line.find(' '));
    int64_t value = 0;
    if (absl::SimpleAtoi(number, &value)) return value;
  }
  return std::nullopt;
}

std::optional<int64_t> ReadStatusField(pid_t pid, absl::string_view field) {
  const std::optional<std::string> text = ReadWholeFile(absl::StrCat("/proc/", pid, "/status"));
  return text.has_value() ? StatusField(*text, field) : std::nullopt;
}

std::optional<int64_t> OpenFileCount(pid_t pid) {
  std::error_code error;
  int64_t count = 0;
  for (std::filesystem::directory_iterator it(absl::StrCat("/proc/", pid, "/fd"), error), end;
       !error && it != end; it.increment(error)) {
    ++count;
  }
  if (error) return std::nullopt;
  return count;
}

std::optional<DiskWrites> ReadDiskWrites(pid_t pid) {
  const std::string dir = absl::StrCat("/proc/", pid);
  const std::optional<int64_t> total = WriteBytes(dir + "/io");
  if (!total.has_value()) return std::nullopt;
  DiskWrites writes{*total};
  std::error_code error;
  for (const auto& task : std::filesystem::directory_iterator(dir + "/task", error)) {
    const std::optional<std::string> name = ReadWholeFile(task.path().string() + "/comm");
    if (!name.has_value()) continue;  // The thread exited meanwhile.
    const bool flush = absl::StartsWith(*name, "rocksdb:high");
    const bool compaction =
        absl::StartsWith(*name, "rocksdb:low") || absl::StartsWith(*name, "rocksdb:bottom");
    if (!flush && !compaction) continue;
    const int64_t bytes = WriteBytes(task.path().string() + "/io").value_or(0);
    (flush ? writes.flush : writes.compaction) += bytes;
  }
  return writes;
}

ProcessMeter::ProcessMeter(pid_t pid, bool peak_rss) : pid_(pid), peak_rss_(peak_rss) {
  if (pid_ <= 0) return;
  if (peak_rss_) ResetPeakRss(pid_);
  cpu_seconds_ = CpuSeconds(pid_);
  disk_ = ReadDiskWrites(pid_);
}

void ProcessMeter::Finish(Figures* f) const {
  if (pid_ <= 0) return;
  const std::optional<double> cpu = CpuSeconds(pid_);
  if (cpu.has_value() && cpu_seconds_.has_value()) f->server_cpu_seconds = *cpu - *cpu_seconds_;
  const std::optional<DiskWrites> disk = ReadDiskWrites(pid_);
  if (disk.has_value() && disk_.has_value()) {
    f->disk_write_bytes = disk->total - disk_->total;
    f->disk_flush_bytes = disk->flush - disk_->flush;
    f->disk_compaction_bytes = disk->compaction - disk_->compaction;
  }
  if (peak_rss_) f->server_peak_rss_kb = PeakRssKb(pid_);
}

}  // namespace interco::bench
