#include "services/cli/csv.h"

#include "absl/strings/str_cat.h"

namespace interco::cli {
namespace {

absl::Status Bad(int line, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", why));
}

}  // namespace

absl::StatusOr<std::vector<CsvRecord>> ParseCsv(absl::string_view text) {
  if (text.size() > kMaxCsvBytes) return Bad(1, "the file is larger than 256 MiB");
  std::vector<CsvRecord> records;
  CsvRecord record{1, {}};
  std::string field;
  int line = 1;
  size_t i = 0;
  bool in_quotes = false, quoted = false, record_open = false;
  auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
    quoted = false;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (field.size() > kMaxCsvFieldBytes) return Bad(line, "a field is larger than 64 KiB");
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          i += 2;
          continue;
        }
        in_quotes = false;
        ++i;
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          return Bad(line, "text after a closing quote");
        }
        continue;
      }
      if (c == '\n') ++line;
      field.push_back(c);
      ++i;
      continue;
    }
    record_open = true;
    if (c == '"') {
      if (!field.empty() || quoted) return Bad(line, "a quote inside an unquoted field");
      in_quotes = quoted = true;
      ++i;
    } else if (c == ',') {
      end_field();
      ++i;
    } else if (c == '\r' || c == '\n') {
      end_field();
      records.push_back(std::move(record));
      i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
      ++line;
      record = CsvRecord{line, {}};
      record_open = false;
    } else {
      field.push_back(c);
      ++i;
    }
  }
  if (in_quotes) return Bad(record.line, "a quoted field is not closed");
  if (record_open || !field.empty()) {
    end_field();
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace interco::cli
