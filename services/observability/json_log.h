// Structured logs: one JSON object per line on stderr, for log collectors on Kubernetes.
//   {"time":"2026-12-01T07:30:00.123Z","level":"info","msg":"serving on 0.0.0.0:50051"}
//   {"time":...,"level":"info","event":"rpc","method":"/interco.v1.LedgerService/...",
//    "code":"OK","duration_ms":1.2,"request_id":"...","traceparent":"00-..."}
#ifndef INTERCO_SERVICES_OBSERVABILITY_JSON_LOG_H_
#define INTERCO_SERVICES_OBSERVABILITY_JSON_LOG_H_

#include <memory>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "spdlog/formatter.h"
#include "spdlog/spdlog.h"

namespace interco::observability {

// A formatter writing each record as one JSON line. Records logged by LogEvent carry their
// fields at the top level; any other message becomes "msg", escaped (invalid UTF-8 is
// replaced, never thrown on).
std::unique_ptr<spdlog::formatter> NewJsonFormatter();

// Logs `event` with `fields` (an object) on the default logger.
void LogEvent(spdlog::level::level_enum level, absl::string_view event, nlohmann::json fields);

}  // namespace interco::observability

#endif  // INTERCO_SERVICES_OBSERVABILITY_JSON_LOG_H_
