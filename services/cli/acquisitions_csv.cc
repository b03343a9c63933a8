#include "services/cli/acquisitions_csv.h"

#include <map>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/cli/business_key.h"
#include "services/cli/csv.h"
#include "services/cli/wire.h"

namespace interco::cli {
namespace {

// The columns that describe the acquisition itself: equal on each of its rows.
constexpr const char* kAcquisitionColumns[] = {
    "acquisition_date", "consideration",  "currency",     "investment_account",
    "nci_measurement",  "nci_fair_value", "held_currency"};

absl::Status Missing(absl::string_view column, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(column, ": is required", why));
}

// The acquisition's own columns of `row` into `out`.
absl::Status ReadAcquisition(const CsvTable& table, const CsvRecord& row, v1::Acquisition& out) {
  out.set_holder_id(table.Get(row, "holder"));
  out.set_held_id(table.Get(row, "held"));
  absl::StatusOr<google::type::Date> date = ParseDate(table.Get(row, "acquisition_date"));
  if (!date.ok()) return date.status();
  *out.mutable_acquisition_date() = *date;
  const std::string consideration = table.Get(row, "consideration");
  if (consideration.empty()) return Missing("consideration", "");
  absl::StatusOr<google::type::Money> paid = ParseMoney(consideration, table.Get(row, "currency"));
  if (!paid.ok()) return paid.status();
  *out.mutable_consideration() = *paid;
  out.set_investment_account(table.Get(row, "investment_account"));
  const std::string nci = table.Get(row, "nci_measurement");
  if (nci == "PROPORTIONATE") {
    out.set_nci_measurement(v1::NCI_MEASUREMENT_PROPORTIONATE);
  } else if (nci == "FAIR_VALUE") {
    out.set_nci_measurement(v1::NCI_MEASUREMENT_FAIR_VALUE);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("nci_measurement: \"", nci, "\" is not PROPORTIONATE or FAIR_VALUE"));
  }
  const std::string fair_value = table.Get(row, "nci_fair_value");
  if (fair_value.empty()) return absl::OkStatus();
  const std::string held_currency = table.Get(row, "held_currency");
  if (held_currency.empty()) return Missing("held_currency", " with nci_fair_value");
  absl::StatusOr<google::type::Money> nci_value = ParseMoney(fair_value, held_currency);
  if (!nci_value.ok()) return nci_value.status();
  *out.mutable_nci_fair_value() = *nci_value;
  return absl::OkStatus();
}

// The adjustment of `row`, if it has one, onto `out`; true in `*added` when it had.
absl::Status ReadAdjustment(const CsvTable& table, const CsvRecord& row, v1::Acquisition& out,
                            bool* added) {
  const std::string account = table.Get(row, "adjustment_account");
  const std::string amount = table.Get(row, "adjustment_amount");
  *added = false;
  if (account.empty() && amount.empty()) return absl::OkStatus();
  if (account.empty() || amount.empty()) {
    return absl::InvalidArgumentError(
        "adjustment_account and adjustment_amount: give both or neither");
  }
  const std::string held_currency = table.Get(row, "held_currency");
  if (held_currency.empty()) return Missing("held_currency", " with an adjustment");
  absl::StatusOr<google::type::Money> money = ParseMoney(amount, held_currency);
  if (!money.ok()) return money.status();
  v1::FairValueAdjustment* adjustment = out.add_fair_value_adjustments();
  adjustment->set_account(account);
  *adjustment->mutable_amount() = *money;
  *added = true;
  return absl::OkStatus();
}

// A later row of an acquisition repeats its first row's own columns.
absl::Status CheckRepeats(const CsvTable& table, const CsvRecord& row, const CsvRecord& first) {
  for (const char* column : kAcquisitionColumns) {
    if (table.Get(row, column) == table.Get(first, column)) continue;
    return absl::InvalidArgumentError(absl::StrCat(column, ": \"", table.Get(row, column),
                                                   "\" differs from the acquisition's first row "
                                                   "(line ",
                                                   first.line, ")"));
  }
  return absl::OkStatus();
}

// The content the request_id names: the first row's columns and every adjustment in
// file order (the order is the record's).
ContentFields Content(const CsvTable& table, const CsvRecord& first,
                      const v1::Acquisition& acquisition) {
  ContentFields content;
  for (const char* column : kAcquisitionColumns)
    content.emplace_back(column, table.Get(first, column));
  for (int i = 0; i < acquisition.fair_value_adjustments_size(); ++i) {
    const v1::FairValueAdjustment& adjustment = acquisition.fair_value_adjustments(i);
    content.emplace_back(absl::StrCat(i, "/account"), adjustment.account());
    content.emplace_back(absl::StrCat(i, "/amount"), MoneyText(adjustment.amount()));
  }
  return content;
}

bool IsAmountColumn(absl::string_view name) {
  return name == "consideration" || name == "nci_fair_value" || name == "adjustment_amount";
}

}  // namespace

absl::StatusOr<AcquisitionsCsv> ReadAcquisitionsCsv(absl::string_view text, DecimalMark mark) {
  absl::StatusOr<CsvTable> table =
      ReadCsvTable(text, {"holder", "held", "acquisition_date", "consideration", "currency",
                          "investment_account", "nci_measurement"});
  if (!table.ok()) return table.status();
  AcquisitionsCsv out;
  std::map<std::pair<std::string, std::string>, size_t> by_pair;  // -> index in out.
  std::vector<const CsvRecord*> first_rows;
  std::set<size_t> broken;
  for (CsvRecord& row : table->rows) {
    const bool whole = row.fields.size() == table->columns.size();
    const auto key = whole ? std::pair{table->Get(row, "holder"), table->Get(row, "held")}
                           : std::pair<std::string, std::string>{};
    const auto [it, fresh] = by_pair.emplace(key, out.acquisitions.size());
    if (fresh) {
      out.acquisitions.emplace_back();
      out.acquisitions.back().line = row.line;
      first_rows.push_back(&row);
    }
    CsvAcquisition& acquisition = out.acquisitions[it->second];
    v1::Acquisition& wire = *acquisition.request.mutable_acquisition();
    bool added = false;
    absl::Status read = table->CheckWidth(row);
    if (read.ok()) read = MakeAmountsPlain(table->columns, IsAmountColumn, mark, row.fields);
    if (read.ok()) {
      read = fresh ? ReadAcquisition(*table, row, wire)
                   : CheckRepeats(*table, row, *first_rows[it->second]);
    }
    if (read.ok()) read = ReadAdjustment(*table, row, wire, &added);
    if (!read.ok()) {
      out.errors.push_back({row.line, std::string(read.message()), {}});
      broken.insert(it->second);
      continue;
    }
    if (added) acquisition.adjustment_lines.push_back(row.line);
  }
  std::vector<CsvAcquisition> whole;
  for (size_t i = 0; i < out.acquisitions.size(); ++i) {
    if (broken.count(i) > 0) continue;
    CsvAcquisition& acquisition = out.acquisitions[i];
    const v1::Acquisition& wire = acquisition.request.acquisition();
    acquisition.request.set_request_id(
        BusinessRequestId("acq", absl::StrCat(wire.holder_id(), ".", wire.held_id()),
                          Content(*table, *first_rows[i], wire)));
    whole.push_back(std::move(acquisition));
  }
  out.acquisitions = std::move(whole);
  return out;
}

}  // namespace interco::cli
