// Fuzz target for the RFC 4180 reader: any bytes either parse or are refused with
// INVALID_ARGUMENT; what parses, written back with every field quoted, parses to the same
// fields.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/str_replace.h"
#include "services/cli/csv.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

std::string Quoted(const std::vector<interco::cli::CsvRecord>& records) {
  std::string out;
  for (const interco::cli::CsvRecord& record : records) {
    for (size_t i = 0; i < record.fields.size(); ++i) {
      if (i > 0) out += ',';
      out += '"' + absl::StrReplaceAll(record.fields[i], {{"\"", "\"\""}}) + '"';
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  const auto records = interco::cli::ParseCsv(text);
  if (!records.ok()) {
    Require(records.status().code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  const auto again = interco::cli::ParseCsv(Quoted(*records));
  Require(again.ok() && again->size() == records->size());
  for (size_t i = 0; i < records->size(); ++i) {
    Require((*again)[i].fields == (*records)[i].fields);
  }
  return 0;
}
