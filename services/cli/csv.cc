#include "services/cli/csv.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

namespace interco::cli {
namespace {

constexpr absl::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";
constexpr char kDelimiters[] = {',', ';', '\t'};
// Shown in a refusal; a header longer than this is cut.
constexpr size_t kHeaderColumnsShownMax = 12;

absl::Status Bad(int line, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", why));
}

// A header column that would be `name` but for case or spaces: "Date", " date".
bool NearlyNamed(const std::string& column, absl::string_view name) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(column)) == name;
}

}  // namespace

CsvFormat DetectCsvFormat(absl::string_view text) {
  CsvFormat format;
  format.byte_order_mark = absl::ConsumePrefix(&text, kUtf8ByteOrderMark);
  size_t counts[3] = {0, 0, 0};
  bool in_quotes = false;
  for (const char c : text) {
    if (c == '"') in_quotes = !in_quotes;
    if (!in_quotes && (c == '\n' || c == '\r')) break;
    for (int d = 0; d < 3; ++d) counts[d] += !in_quotes && c == kDelimiters[d];
  }
  const size_t most = std::max_element(counts, counts + 3) - counts;
  if (counts[most] > 0) format.delimiter = kDelimiters[most];
  return format;
}

std::string CsvLine(const std::vector<std::string>& fields, char delimiter) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line.push_back(delimiter);
    const std::string& field = fields[i];
    if (field.find_first_of(std::string("\"\r\n") + delimiter) == std::string::npos) {
      line += field;
      continue;
    }
    line.push_back('"');
    for (const char c : field) {
      if (c == '"') line.push_back('"');
      line.push_back(c);
    }
    line.push_back('"');
  }
  return line + "\r\n";
}

namespace {

// Checks that `*text` is text ParseCsv() reads, and leaves in it the records after any byte
// order mark, in `*delimiter` their delimiter.
absl::Status ToRecords(absl::string_view* text, char* delimiter) {
  if (text->size() > kMaxCsvBytes) return Bad(1, "the file is larger than 256 MiB");
  if (absl::StartsWith(*text, "\xFF\xFE") || absl::StartsWith(*text, "\xFE\xFF")) {
    return Bad(1, "the file is UTF-16 (Excel's \"Unicode Text\"); save it as \"CSV UTF-8\"");
  }
  const CsvFormat format = DetectCsvFormat(*text);
  *delimiter = format.delimiter;
  if (format.byte_order_mark) text->remove_prefix(kUtf8ByteOrderMark.size());
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckHeader(const std::vector<std::string>& header,
                         const std::vector<const char*>& required) {
  for (const char* name : required) {
    if (std::find(header.begin(), header.end(), name) != header.end()) continue;
    std::string why = absl::StrCat("the header has no \"", name, "\" column");
    const auto near = std::find_if(header.begin(), header.end(),
                                   [&](const std::string& c) { return NearlyNamed(c, name); });
    if (near != header.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          why, ": it has \"", *near, "\" (column names are lower case, without spaces)"));
    }
    if (header.size() == 1) {
      return absl::InvalidArgumentError(
          absl::StrCat(why, ": its one column is \"", header[0],
                       "\"; columns are separated by commas, semicolons or tabs"));
    }
    std::vector<std::string> shown(
        header.begin(), header.begin() + std::min(header.size(), kHeaderColumnsShownMax));
    if (shown.size() < header.size()) shown.push_back("...");
    return absl::InvalidArgumentError(
        absl::StrCat(why, "; its columns are ", absl::StrJoin(shown, ", ")));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<CsvRecord>> ParseCsv(absl::string_view text) {
  char delimiter = ',';
  if (absl::Status readable = ToRecords(&text, &delimiter); !readable.ok()) return readable;
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
        if (i < text.size() && text[i] != delimiter && text[i] != '\n' && text[i] != '\r') {
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
    } else if (c == delimiter) {
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
  if (absl::Status header = CheckHeader(records->front().fields, required); !header.ok()) {
    return header;
  }
  for (size_t r = 1; r < records->size(); ++r) {
    CsvRecord& record = (*records)[r];
    if (record.fields.size() == 1 && record.fields[0].empty()) continue;  // A blank line.
    table.rows.push_back(std::move(record));
  }
  return table;
}

}  // namespace interco::cli
