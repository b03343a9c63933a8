#include "services/cli/trial_balance_csv.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/cli/business_key.h"
#include "services/cli/csv.h"
#include "services/cli/wire.h"

namespace interco::cli {
namespace {

// Adds `row` to `tb` (its first row sets the header fields, the others must agree).
absl::Status AddLine(const CsvTable& table, const CsvRecord& row,
                     v1::ImportTrialBalanceRequest& tb) {
  if (absl::Status width = table.CheckWidth(row); !width.ok()) return width;
  const std::string currency = table.Get(row, "currency");
  const std::string source = table.Get(row, "source_system");
  if (tb.lines_size() == 0) {
    tb.set_entity_id(table.Get(row, "entity"));
    tb.set_period(table.Get(row, "period"));
    tb.set_currency_code(currency);
    tb.set_source_system(source);
  } else if (currency != tb.currency_code() || source != tb.source_system()) {
    return absl::InvalidArgumentError(
        absl::StrCat("currency \"", currency, "\" and source_system \"", source,
                     "\" differ from the trial balance's first row (", tb.currency_code(), ", ",
                     tb.source_system(), ")"));
  }
  const std::string balance = table.Get(row, "balance");
  if (balance.empty()) return absl::InvalidArgumentError("balance: is required");
  v1::TrialBalanceLine* line = tb.add_lines();
  line->set_account(table.Get(row, "account"));
  line->mutable_balance()->set_value(balance);
  return absl::OkStatus();
}

const std::map<std::string, int>& Named(const char* which) {
  static const auto* const kClasses =
      new std::map<std::string, int>{{"ASSET", v1::ACCOUNT_CLASS_ASSET},
                                     {"LIABILITY", v1::ACCOUNT_CLASS_LIABILITY},
                                     {"EQUITY", v1::ACCOUNT_CLASS_EQUITY},
                                     {"INCOME", v1::ACCOUNT_CLASS_INCOME},
                                     {"EXPENSE", v1::ACCOUNT_CLASS_EXPENSE}};
  static const auto* const kFamilies = new std::map<std::string, int>{
      {"NONE", v1::ELIMINATION_FAMILY_NONE},
      {"RECEIVABLE_PAYABLE", v1::ELIMINATION_FAMILY_RECEIVABLE_PAYABLE},
      {"REVENUE_COST", v1::ELIMINATION_FAMILY_REVENUE_COST},
      {"INTEREST", v1::ELIMINATION_FAMILY_INTEREST},
      {"DIVIDEND", v1::ELIMINATION_FAMILY_DIVIDEND},
      {"INVESTMENT_EQUITY", v1::ELIMINATION_FAMILY_INVESTMENT_EQUITY}};
  return std::string(which) == "class" ? *kClasses : *kFamilies;
}

absl::StatusOr<v1::GroupAccount> AccountOf(const CsvTable& table, const CsvRecord& row) {
  if (absl::Status width = table.CheckWidth(row); !width.ok()) return width;
  v1::GroupAccount account;
  account.set_account_id(table.Get(row, "account"));
  account.set_name(table.Get(row, "name"));
  account.set_statement_line(table.Get(row, "statement_line"));
  for (const char* which : {"class", "elimination_family"}) {
    const std::string text = table.Get(row, which);
    const auto it = Named(which).find(text);
    if (it == Named(which).end()) {
      return absl::InvalidArgumentError(absl::StrCat(which, ": \"", text, "\" is not one of ",
                                                     which == std::string("class")
                                                         ? "ASSET LIABILITY EQUITY INCOME EXPENSE"
                                                         : "NONE RECEIVABLE_PAYABLE REVENUE_COST "
                                                           "INTEREST DIVIDEND INVESTMENT_EQUITY"));
    }
    if (which == std::string("class")) {
      account.set_account_class(static_cast<v1::AccountClass>(it->second));
    } else {
      account.set_elimination_family(static_cast<v1::EliminationFamily>(it->second));
    }
  }
  for (absl::string_view flag : absl::StrSplit(table.Get(row, "flags"), ' ', absl::SkipEmpty())) {
    if (flag == "INTERCOMPANY") {
      account.set_intercompany_by_counterparty(true);
    } else if (flag == "INVESTMENT") {
      account.set_investment_in_held_entity(true);
    } else if (flag == "DIVIDEND_INCOME") {
      account.set_dividend_income(true);
    } else if (flag == "DIVIDENDS_DECLARED") {
      account.set_dividends_declared(true);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("flags: \"", flag,
                       "\" is not INTERCOMPANY, INVESTMENT, DIVIDEND_INCOME or "
                       "DIVIDENDS_DECLARED"));
    }
  }
  return account;
}

ContentFields AccountContent(const v1::GroupAccount& account) {
  return {{"name", account.name()},
          {"class", v1::AccountClass_Name(account.account_class())},
          {"line", account.statement_line()},
          {"family", v1::EliminationFamily_Name(account.elimination_family())},
          {"flags",
           absl::StrCat(account.intercompany_by_counterparty(), account.investment_in_held_entity(),
                        account.dividend_income(), account.dividends_declared())}};
}

}  // namespace

absl::StatusOr<TrialBalanceCsv> ReadTrialBalanceCsv(absl::string_view text, DecimalMark mark) {
  absl::StatusOr<CsvTable> table =
      ReadCsvTable(text, {"entity", "period", "currency", "source_system", "account", "balance"});
  if (!table.ok()) return table.status();
  TrialBalanceCsv out;
  std::map<std::pair<std::string, std::string>, size_t> by_key;  // -> index in out.
  std::set<size_t> broken;
  for (CsvRecord& row : table->rows) {
    const bool whole = row.fields.size() == table->columns.size();
    const auto key = whole ? std::pair{table->Get(row, "entity"), table->Get(row, "period")}
                           : std::pair<std::string, std::string>{};
    const auto [it, fresh] = by_key.emplace(key, out.trial_balances.size());
    if (fresh) out.trial_balances.emplace_back();
    CsvTrialBalance& tb = out.trial_balances[it->second];
    absl::Status added = MakeAmountsPlain(
        table->columns, [](absl::string_view column) { return column == "balance"; }, mark,
        row.fields);
    if (added.ok()) added = AddLine(*table, row, tb.request);
    if (!added.ok()) {
      out.errors.push_back({row.line, std::string(added.message()), {}});
      broken.insert(it->second);
      continue;
    }
    tb.lines.push_back(row.line);
  }
  std::vector<CsvTrialBalance> whole;
  for (size_t i = 0; i < out.trial_balances.size(); ++i) {
    if (broken.count(i) > 0) continue;
    CsvTrialBalance& tb = out.trial_balances[i];
    const v1::ImportTrialBalanceRequest& r = tb.request;
    // The lines in file order are the trial balance: order is part of its content.
    ContentFields content = {{"currency", r.currency_code()}, {"source", r.source_system()}};
    for (int l = 0; l < r.lines_size(); ++l) {
      content.emplace_back(absl::StrCat(l, "/account"), r.lines(l).account());
      content.emplace_back(absl::StrCat(l, "/balance"), r.lines(l).balance().value());
    }
    tb.request.set_request_id(
        BusinessRequestId("tb", absl::StrCat(r.entity_id(), ".", r.period()), std::move(content)));
    whole.push_back(std::move(tb));
  }
  out.trial_balances = std::move(whole);
  return out;
}

absl::StatusOr<GroupAccountRows> ReadGroupAccountsCsv(absl::string_view text) {
  absl::StatusOr<CsvTable> table =
      ReadCsvTable(text, {"account", "name", "class", "statement_line", "elimination_family"});
  if (!table.ok()) return table.status();
  GroupAccountRows out;
  for (const CsvRecord& row : table->rows) {
    absl::StatusOr<v1::GroupAccount> account = AccountOf(*table, row);
    if (!account.ok()) {
      out.errors.push_back({row.line, std::string(account.status().message()), {}});
      continue;
    }
    v1::UpsertGroupAccountRequest request;
    request.set_request_id(
        BusinessRequestId("ga", account->account_id(), AccountContent(*account)));
    *request.mutable_account() = *std::move(account);
    out.accounts.emplace_back(row.line, std::move(request));
  }
  return out;
}

absl::StatusOr<ChartMappingRows> ReadChartMappingsCsv(absl::string_view text) {
  absl::StatusOr<CsvTable> table =
      ReadCsvTable(text, {"entity", "valid_from", "local_account", "group_account"});
  if (!table.ok()) return table.status();
  ChartMappingRows out;
  std::map<std::pair<std::string, std::string>, size_t> by_key;
  for (const CsvRecord& row : table->rows) {
    if (absl::Status width = table->CheckWidth(row); !width.ok()) {
      out.errors.push_back({row.line, std::string(width.message()), {}});
      continue;
    }
    absl::StatusOr<google::type::Date> from = ParseDate(table->Get(row, "valid_from"));
    if (!from.ok()) {
      out.errors.push_back({row.line, std::string(from.status().message()), {}});
      continue;
    }
    const auto key = std::pair{table->Get(row, "entity"), table->Get(row, "valid_from")};
    const auto [it, fresh] = by_key.emplace(key, out.mappings.size());
    if (fresh) {
      out.mappings.emplace_back(row.line, v1::UpsertChartMappingRequest());
      out.mappings.back().second.mutable_mapping()->set_entity_id(key.first);
      *out.mappings.back().second.mutable_mapping()->mutable_valid_from() = *from;
    }
    v1::LocalAccountMapping* m = out.mappings[it->second].second.mutable_mapping()->add_mappings();
    m->set_local_account(table->Get(row, "local_account"));
    m->set_group_account(table->Get(row, "group_account"));
  }
  for (auto& [line, request] : out.mappings) {
    ContentFields content;
    for (int i = 0; i < request.mapping().mappings_size(); ++i) {
      content.emplace_back(absl::StrCat(i, "/local"),
                           request.mapping().mappings(i).local_account());
      content.emplace_back(absl::StrCat(i, "/group"),
                           request.mapping().mappings(i).group_account());
    }
    request.set_request_id(BusinessRequestId(
        "map",
        absl::StrCat(request.mapping().entity_id(), ".", DateText(request.mapping().valid_from())),
        std::move(content)));
  }
  return out;
}

}  // namespace interco::cli
