#include "services/cli/transactions_csv.h"

#include <algorithm>
#include <iterator>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/cli/business_key.h"
#include "services/cli/csv.h"
#include "services/cli/wire.h"

namespace interco::cli {
namespace {

constexpr const char* kRequired[] = {"transaction_id", "date",     "seller",  "buyer",
                                     "type",           "quantity", "currency"};

// The cells the server reads, by column: other columns (notes, ERP ids) do not change what
// is posted, so they do not change the request id either.
ContentFields Content(const std::map<std::string, size_t>& columns, const CsvRecord& record) {
  ContentFields fields;
  for (const auto& [name, index] : columns) {
    const bool read =
        absl::StartsWith(name, "input:") || name == "category" || name == "unit_price" ||
        std::find(std::begin(kRequired), std::end(kRequired), name) != std::end(kRequired);
    if (read && index < record.fields.size()) fields.emplace_back(name, record.fields[index]);
  }
  return fields;
}

bool IsAmountColumn(absl::string_view name) {
  return name == "quantity" || name == "unit_price" || absl::StartsWith(name, "input:");
}

absl::StatusOr<v1::PostTransactionRequest> Row(const std::map<std::string, size_t>& columns,
                                               CsvRecord record, DecimalMark mark) {
  if (record.fields.size() != columns.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("has ", record.fields.size(), " fields, the header ", columns.size()));
  }
  if (absl::Status plain = MakeAmountsPlain(columns, IsAmountColumn, mark, record.fields);
      !plain.ok()) {
    return plain;
  }
  auto get = [&](const std::string& name) -> std::string {
    const auto it = columns.find(name);
    return it == columns.end() || it->second >= record.fields.size() ? ""
                                                                     : record.fields[it->second];
  };
  v1::PostTransactionRequest request;
  request.set_request_id(BusinessRequestId("tx", get("transaction_id"), Content(columns, record)));
  v1::Transaction* t = request.mutable_transaction();
  t->set_transaction_id(get("transaction_id"));
  absl::StatusOr<google::type::Date> date = ParseDate(get("date"));
  if (!date.ok()) return date.status();
  *t->mutable_date() = *date;
  *t->mutable_seller() = ParseParty(get("seller"));
  *t->mutable_buyer() = ParseParty(get("buyer"));
  absl::StatusOr<v1::TransactionType> type = ParseTransactionType(get("type"));
  if (!type.ok()) return type.status();
  t->set_transaction_type(*type);
  t->set_category(get("category"));
  t->mutable_quantity()->set_value(get("quantity"));
  const std::string currency = get("currency");
  t->set_currency_code(currency);
  if (!get("unit_price").empty()) {
    absl::StatusOr<google::type::Money> price = ParseMoney(get("unit_price"), currency);
    if (!price.ok()) return price.status();
    *t->mutable_unit_price() = *price;
  }
  for (const auto& [name, index] : columns) {
    absl::string_view input = name;
    if (!absl::ConsumePrefix(&input, "input:") || record.fields[index].empty()) continue;
    absl::StatusOr<google::type::Money> value = ParseMoney(record.fields[index], currency);
    if (!value.ok()) return value.status();
    (*t->mutable_inputs())[std::string(input)] = *value;
  }
  return request;
}

}  // namespace

absl::StatusOr<TransactionsCsv> ReadTransactionsCsv(absl::string_view text, DecimalMark mark) {
  absl::StatusOr<std::vector<CsvRecord>> records = ParseCsv(text);
  if (!records.ok()) return records.status();
  if (records->empty()) return absl::InvalidArgumentError("the file has no header row");
  TransactionsCsv out;
  out.format = DetectCsvFormat(text);
  out.header = records->front().fields;
  if (absl::Status header = CheckHeader(out.header, {std::begin(kRequired), std::end(kRequired)});
      !header.ok()) {
    return header;
  }
  std::map<std::string, size_t> columns;
  for (size_t i = 0; i < out.header.size(); ++i) columns[out.header[i]] = i;
  for (size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& record = (*records)[r];
    if (record.fields.size() == 1 && record.fields[0].empty()) continue;  // A blank line.
    absl::StatusOr<v1::PostTransactionRequest> request = Row(columns, record, mark);
    if (request.ok()) {
      out.transactions.push_back({record.line, *std::move(request), record.fields});
    } else {
      out.errors.push_back({record.line, std::string(request.status().message()), record.fields});
    }
  }
  return out;
}

}  // namespace interco::cli
