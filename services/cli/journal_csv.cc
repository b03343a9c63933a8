#include "services/cli/journal_csv.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/cli/business_key.h"
#include "services/cli/csv.h"
#include "services/cli/wire.h"

namespace interco::cli {
namespace {

constexpr const char* kRequired[] = {"entry_id", "date",   "entity",  "account",
                                     "side",     "amount", "currency"};

using Columns = std::map<std::string, size_t>;

bool IsAmountColumn(absl::string_view name) {
  return name == "amount" || name == "functional_amount" || name == "fx_rate";
}

// Reads one row into `entry` (its first row also sets the header fields).
absl::Status AddRow(const Columns& columns, const CsvRecord& record,
                    v1::PostJournalEntryRequest& entry) {
  auto get = [&](const std::string& name) -> std::string {
    const auto it = columns.find(name);
    return it == columns.end() ? "" : record.fields[it->second];
  };
  if (record.fields.size() != columns.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("has ", record.fields.size(), " fields, the header ", columns.size()));
  }
  absl::StatusOr<google::type::Date> date = ParseDate(get("date"));
  if (!date.ok()) return date.status();
  if (entry.lines_size() == 0) {
    entry.set_entry_id(get("entry_id"));
    *entry.mutable_date() = *date;
    entry.set_memo(get("memo"));
  } else if (date->SerializeAsString() != entry.date().SerializeAsString()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", get("date"), "\" is not the date of the entry's first row; one entry, one date"));
  }
  v1::JournalLine line;
  line.set_entity_id(get("entity"));
  line.set_account(get("account"));
  line.set_counterparty_id(get("counterparty"));
  const std::string side = get("side");
  if (side != "DEBIT" && side != "CREDIT") {
    return absl::InvalidArgumentError(absl::StrCat("\"", side, "\" is not DEBIT or CREDIT"));
  }
  line.set_side(side == "DEBIT" ? v1::SIDE_DEBIT : v1::SIDE_CREDIT);
  absl::StatusOr<google::type::Money> amount = ParseMoney(get("amount"), get("currency"));
  if (!amount.ok()) return amount.status();
  *line.mutable_amount() = *amount;
  if (!get("functional_amount").empty()) {
    absl::StatusOr<google::type::Money> functional =
        ParseMoney(get("functional_amount"), get("functional_currency"));
    if (!functional.ok()) return functional.status();
    *line.mutable_functional_amount() = *functional;
  }
  if (!get("fx_rate").empty()) line.mutable_fx_rate()->set_value(get("fx_rate"));
  *entry.add_lines() = std::move(line);
  return absl::OkStatus();
}

// The cells of the entry's `index`th line the server reads, for its request id. Lines keep
// their order: the entry is the lines as written.
void AddContent(const Columns& columns, const CsvRecord& record, int index,
                ContentFields& content) {
  for (const char* name :
       {"date", "entity", "account", "side", "amount", "currency", "counterparty",
        "functional_amount", "functional_currency", "fx_rate", "memo"}) {
    const auto it = columns.find(name);
    if (it == columns.end()) continue;
    content.emplace_back(absl::StrCat(index, "/", name), record.fields[it->second]);
  }
}

}  // namespace

absl::StatusOr<JournalCsv> ReadJournalCsv(absl::string_view text, DecimalMark mark) {
  absl::StatusOr<std::vector<CsvRecord>> records = ParseCsv(text);
  if (!records.ok()) return records.status();
  if (records->empty()) return absl::InvalidArgumentError("the file has no header row");
  if (absl::Status header =
          CheckHeader(records->front().fields, {std::begin(kRequired), std::end(kRequired)});
      !header.ok()) {
    return header;
  }
  Columns columns;
  for (size_t i = 0; i < records->front().fields.size(); ++i) {
    columns[records->front().fields[i]] = i;
  }
  JournalCsv out;
  std::map<std::string, size_t> by_id;  // entry_id -> index in out.entries.
  std::set<std::string> broken;         // Entries with an unreadable row.
  std::vector<ContentFields> contents;  // Parallel to out.entries.
  for (size_t r = 1; r < records->size(); ++r) {
    CsvRecord& record = (*records)[r];
    if (record.fields.size() == 1 && record.fields[0].empty()) continue;  // A blank line.
    const std::string id = record.fields.size() == columns.size()
                               ? record.fields[columns.at("entry_id")]
                               : std::string();
    const auto [it, fresh] = by_id.emplace(id, out.entries.size());
    if (fresh) {
      out.entries.emplace_back();
      contents.emplace_back();
    }
    CsvJournalEntry& entry = out.entries[it->second];
    absl::Status row = MakeAmountsPlain(columns, IsAmountColumn, mark, record.fields);
    if (row.ok()) row = AddRow(columns, record, entry.request);
    if (!row.ok()) {
      out.errors.push_back({record.line, std::string(row.message()), {}});
      broken.insert(id);
      continue;
    }
    AddContent(columns, record, static_cast<int>(entry.lines.size()), contents[it->second]);
    entry.lines.push_back(record.line);
  }
  for (const auto& [id, index] : by_id) {
    out.entries[index].request.set_request_id(
        BusinessRequestId("je", id, std::move(contents[index])));
  }
  std::vector<CsvJournalEntry> whole;
  for (const auto& [id, index] : by_id) {
    if (broken.count(id) == 0) whole.push_back(std::move(out.entries[index]));
  }
  // Back in file order (by_id is sorted by id).
  std::sort(whole.begin(), whole.end(), [](const CsvJournalEntry& a, const CsvJournalEntry& b) {
    return a.lines.front() < b.lines.front();
  });
  out.entries = std::move(whole);
  return out;
}

int LineOfError(const CsvJournalEntry& entry, absl::string_view message) {
  size_t index = 0;
  if (absl::ConsumePrefix(&message, "lines[")) {
    const size_t close = message.find(']');
    if (close != absl::string_view::npos && absl::SimpleAtoi(message.substr(0, close), &index) &&
        index < entry.lines.size()) {
      return entry.lines[index];
    }
  }
  return entry.lines.empty() ? 0 : entry.lines.front();
}

}  // namespace interco::cli
