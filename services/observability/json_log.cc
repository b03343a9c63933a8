#include "services/observability/json_log.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace interco::observability {
namespace {

// Marks a payload that is already a JSON object of fields (from LogEvent).
constexpr char kFieldsMarker = '\x1e';

std::string Dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const absl::string_view payload(msg.payload.data(), msg.payload.size());
    std::string line = absl::StrCat(
        "{\"time\":\"",
        absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::FromChrono(msg.time), absl::UTCTimeZone()),
        "\",\"level\":\"", spdlog::level::to_string_view(msg.level).data(), "\",");
    if (!payload.empty() && payload[0] == kFieldsMarker && absl::EndsWith(payload, "}")) {
      absl::StrAppend(&line, payload.substr(2));  // The fields, after the marker and "{".
    } else {
      absl::StrAppend(&line, "\"msg\":", Dump(std::string(payload)), "}");
    }
    line.push_back('\n');
    dest.append(line.data(), line.data() + line.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }
};

}  // namespace

std::unique_ptr<spdlog::formatter> NewJsonFormatter() { return std::make_unique<JsonFormatter>(); }

void LogEvent(spdlog::level::level_enum level, absl::string_view event, nlohmann::json fields) {
  if (!spdlog::default_logger_raw()->should_log(level)) return;
  nlohmann::json object = nlohmann::json::object();
  object["event"] = std::string(event);
  if (fields.is_object()) object.update(fields);
  spdlog::log(level, "{}{}", kFieldsMarker, Dump(object));
}

}  // namespace interco::observability
