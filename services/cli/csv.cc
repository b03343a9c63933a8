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

std::string CsvTable::Get(const CsvRecord& row, const std::string& name) const {
  const auto it = columns.find(name);
  if (it == columns.end() || it->second >= row.fields.size()) return "";
  return row.fields[it->second];
}

absl::Status CsvTable::CheckWidth(const CsvRecord& row) const {
  if (row.fields.size() == columns.size()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("has ", row.fields.size(), " fields, the header ", columns.size()));
}

absl::StatusOr<CsvTable> ReadCsvTable(absl::string_view text,
                                      const std::vector<const char*>& required) {
  absl::StatusOr<std::vector<CsvRecord>> records = ParseCsv(text);
  if (!records.ok()) return records.status();
  if (records->empty()) return absl::InvalidArgumentError("the file has no header row");
  CsvTable table;
  for (size_t i = 0; i < records->front().fields.size(); ++i) {
    table.columns[records->front().fields[i]] = i;
  }
  for (const char* name : required) {
    if (table.columns.count(name) == 0) {
      return absl::InvalidArgumentError(absl::StrCat("the header has no \"", name, "\" column"));
    }
  }
  for (size_t r = 1; r < records->size(); ++r) {
    CsvRecord& record = (*records)[r];
    if (record.fields.size() == 1 && record.fields[0].empty()) continue;  // A blank line.
    table.rows.push_back(std::move(record));
  }
  return table;
}

}  // namespace interco::cli
