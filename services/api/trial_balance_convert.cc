#include "services/api/trial_balance_convert.h"

#include "absl/strings/str_cat.h"
#include "services/api/convert.h"
#include "services/common/field_error.h"
#include "services/common/iso_codes.h"
#include "services/common/status_macros.h"
#include "services/ledger/period_type.h"

namespace interco::api {
namespace {

using trial_balance::AccountClass;
using trial_balance::EliminationFamily;

// The enums' wire numbers equal the domain's (both 1-based); 0 is unset.
constexpr int kLastClass = static_cast<int>(AccountClass::kExpense);
constexpr int kLastFamily = static_cast<int>(EliminationFamily::kInvestmentEquity);

// Sets `*held` from `sent` if it is the first value seen; otherwise they must agree.
absl::Status Merge(absl::string_view field, const std::string& sent, bool first_message,
                   std::string* held) {
  if (first_message) {
    *held = sent;
    return absl::OkStatus();
  }
  if (sent.empty() || sent == *held) return absl::OkStatus();
  return InvalidField(field, sent, "STREAM_MIXES_TRIAL_BALANCES",
                      absl::StrCat("the stream's first message said \"", *held,
                                   "\"; one stream imports one trial balance"));
}

// A stored balance has at most the currency's places (the importer checked), so this is exact.
int Places(absl::string_view currency) { return CurrencyMinorUnits(currency).value_or(2); }

}  // namespace

absl::StatusOr<trial_balance::GroupAccount> GroupAccountFromProto(const v1::GroupAccount& account) {
  const int account_class = account.account_class();
  if (account_class < 1 || account_class > kLastClass) {
    return InvalidField("account_class", v1::AccountClass_Name(account.account_class()),
                        "MISSING_FIELD", "ASSET, LIABILITY, EQUITY, INCOME or EXPENSE");
  }
  const int family = account.elimination_family();
  if (family < 1 || family > kLastFamily) {
    return InvalidField("elimination_family",
                        v1::EliminationFamily_Name(account.elimination_family()), "MISSING_FIELD",
                        "set it; ELIMINATION_FAMILY_NONE for an account that is not eliminated");
  }
  return trial_balance::GroupAccount{account.account_id(),
                                     account.name(),
                                     static_cast<AccountClass>(account_class),
                                     account.statement_line(),
                                     static_cast<EliminationFamily>(family),
                                     account.intercompany_by_counterparty(),
                                     account.investment_in_held_entity(),
                                     account.dividend_income(),
                                     account.dividends_declared()};
}

v1::GroupAccount GroupAccountToProto(const trial_balance::GroupAccount& account) {
  v1::GroupAccount out;
  out.set_account_id(account.id);
  out.set_name(account.name);
  out.set_account_class(static_cast<v1::AccountClass>(account.account_class));
  out.set_statement_line(account.statement_line);
  out.set_elimination_family(static_cast<v1::EliminationFamily>(account.elimination_family));
  out.set_intercompany_by_counterparty(account.intercompany_by_counterparty);
  out.set_investment_in_held_entity(account.investment_in_held_entity);
  out.set_dividend_income(account.dividend_income);
  out.set_dividends_declared(account.dividends_declared);
  return out;
}

absl::StatusOr<trial_balance::ChartMapping> ChartMappingFromProto(const v1::ChartMapping& mapping) {
  trial_balance::ChartMapping out;
  out.entity_id = mapping.entity_id();
  ASSIGN_OR_RETURN(out.valid_from, DayFromProto(mapping.valid_from(), "valid_from"));
  out.mappings.reserve(mapping.mappings_size());
  for (const v1::LocalAccountMapping& m : mapping.mappings()) {
    out.mappings.emplace_back(m.local_account(), m.group_account());
  }
  return out;
}

v1::ChartMapping ChartMappingToProto(const trial_balance::ChartMapping& mapping) {
  v1::ChartMapping out;
  out.set_entity_id(mapping.entity_id);
  *out.mutable_valid_from() = DayToProto(mapping.valid_from);
  for (const auto& [local, group_account] : mapping.mappings) {
    v1::LocalAccountMapping* m = out.add_mappings();
    m->set_local_account(local);
    m->set_group_account(group_account);
  }
  return out;
}

absl::Status AddToImport(const v1::ImportTrialBalanceRequest& request, bool first_message,
                         size_t first_line, trial_balance::TrialBalanceImport* import) {
  RETURN_IF_ERROR(Merge("request_id", request.request_id(), first_message, &import->request_id));
  RETURN_IF_ERROR(Merge("entity_id", request.entity_id(), first_message, &import->entity_id));
  RETURN_IF_ERROR(
      Merge("currency_code", request.currency_code(), first_message, &import->currency));
  RETURN_IF_ERROR(
      Merge("source_system", request.source_system(), first_message, &import->source_system));
  if (first_message) {
    ASSIGN_OR_RETURN(import->period, ledger::Period::Parse("period", request.period()));
  } else if (!request.period().empty() && request.period() != import->period.ToString()) {
    std::string held = import->period.ToString();
    RETURN_IF_ERROR(Merge("period", request.period(), false, &held));
  }
  for (int i = 0; i < request.lines_size(); ++i) {
    const v1::TrialBalanceLine& line = request.lines(i);
    ASSIGN_OR_RETURN(
        const Decimal balance,
        DecimalFromProto(line.balance(), absl::StrCat("lines[", first_line + i, "].balance"),
                         Decimal::kPlaces));
    import->lines.push_back({line.account(), balance});
  }
  return absl::OkStatus();
}

v1::TrialBalanceVersion TrialBalanceHeaderToProto(const trial_balance::TrialBalanceHeader& h) {
  v1::TrialBalanceVersion out;
  out.set_entity_id(h.entity_id);
  out.set_period(h.period.ToString());
  out.set_version(h.version);
  out.set_import_sequence(h.import_sequence);
  out.set_request_id(h.request_id);
  out.set_currency_code(h.currency);
  out.set_source_system(h.source_system);
  out.set_chart_version(h.chart_version);
  out.set_line_count(h.line_count);
  out.mutable_debit_total()->set_value(h.debit_total.ToString(Places(h.currency)));
  return out;
}

v1::TrialBalanceLine TrialBalanceLineToProto(const trial_balance::TrialBalanceLine& line,
                                             absl::string_view currency) {
  v1::TrialBalanceLine out;
  out.set_account(line.local_account);
  out.mutable_balance()->set_value(line.balance.ToString(Places(currency)));
  out.set_group_account(line.group_account);
  return out;
}

}  // namespace interco::api
