#include "services/consolidation/entity_books.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/consolidation/period_balances.h"
#include "services/consolidation/translation.h"
#include "services/group/model.h"
#include "services/pricing/money.h"

namespace interco::consolidation {
namespace {

using trial_balance::Chart;
using trial_balance::GroupAccount;

// Balances of one flagged group account by counterparty ("" for none).
using ByCounterparty = std::map<std::string, Decimal>;
// Figures by group account.
using ByAccount = std::map<std::string, Decimal>;
using FlaggedByAccount = std::map<std::string, ByCounterparty>;

// `total` names the sum for its overflow error (money.h, NoOverflow).
absl::Status Accumulate(Decimal& sum, Decimal value, absl::string_view total) {
  ASSIGN_OR_RETURN(sum, pricing::NoOverflow(Decimal::Add(sum, value), "balances", total));
  return absl::OkStatus();
}

absl::StatusOr<Decimal> Minus(Decimal a, Decimal b, absl::string_view total) {
  return pricing::NoOverflow(Decimal::Sub(a, b), "balances", total);
}

// Whether the ledger sums `account` year to date (income and expense by the number's first
// digit, translation.h) rather than cumulatively.
bool LedgerSumsYearToDate(absl::string_view account) {
  const std::optional<AccountClass> cls = ClassOf(account);
  return cls == AccountClass::kIncome || cls == AccountClass::kExpense;
}

// The trial balance's figure by group account (several local accounts may map to one).
absl::StatusOr<ByAccount> SumTrialBalance(absl::string_view entity_id, ledger::Period period,
                                          const std::vector<trial_balance::TrialBalanceLine>& lines,
                                          const Chart& chart) {
  ByAccount sums;
  for (const trial_balance::TrialBalanceLine& line : lines) {
    if (chart.FindAccount(line.group_account) == nullptr) {
      return WithReason(
          absl::FailedPreconditionError(absl::StrCat(
              entity_id, "'s trial balance for ", period.ToString(), " has group account ",
              line.group_account, ", which chart version ", chart.version(),
              " does not have: name the chart version it was imported with or a later one")),
          "GROUP_ACCOUNT_NOT_IN_CHART");
    }
    RETURN_IF_ERROR(Accumulate(
        sums[line.group_account], line.balance,
        absl::StrCat(entity_id, "'s trial balance figure of group account ", line.group_account)));
  }
  return sums;
}

absl::Status UnmappedLedgerAccount(absl::string_view entity_id, absl::CivilDay day,
                                   const EntityBalance& balance, bool mapped,
                                   uint64_t chart_version) {
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          entity_id, "'s ledger account \"", balance.account, "\" (a balance with ",
          balance.counterparty_id, ") lands on no group account on ", group::DayText(day),
          " at chart version ", chart_version,
          mapped ? ": the entity's chart mapping in effect does not name it"
                 : ": the entity has no chart mapping and the chart no account of that id",
          "; an intercompany balance cannot be left out of the comparison with its trial "
          "balance, so map the account (UpsertChartMapping)")),
      "UNMAPPED_LEDGER_ACCOUNT");
}

bool HasFlaggedAccount(const Chart& chart) {
  for (const auto& [id, written] : chart.accounts()) {
    if (written.record->intercompany_by_counterparty) return true;
  }
  return false;
}

// The ledger's balances landing on flagged group accounts, by account and counterparty.
absl::StatusOr<FlaggedByAccount> FlaggedLedger(
    absl::string_view entity_id, ledger::Period period, const std::vector<EntityBalance>& ledger,
    const Chart& chart, absl::FunctionRef<bool(absl::string_view)> is_legal_entity) {
  FlaggedByAccount out;
  // Without a flagged account nothing is compared, and no ledger account is needed.
  if (!HasFlaggedAccount(chart)) return out;
  const absl::CivilDay day = period.LastDay();
  for (const EntityBalance& b : ledger) {
    if (b.entity_id != entity_id) {
      return absl::InternalError(absl::StrCat("the books of ", entity_id,
                                              " were given a ledger balance of ", b.entity_id));
    }
    if (b.functional.is_zero()) continue;
    const trial_balance::ResolvedAccount resolved = chart.Resolve(entity_id, day, b.account);
    if (resolved.account == nullptr) {
      const bool intercompany = !b.counterparty_id.empty() && b.counterparty_id != entity_id &&
                                is_legal_entity(b.counterparty_id);
      if (intercompany) {
        return UnmappedLedgerAccount(entity_id, day, b, resolved.mapped, chart.version());
      }
      continue;  // Not intercompany: the trial balance holds it, wherever it is.
    }
    const GroupAccount& account = *resolved.account;
    if (!account.intercompany_by_counterparty) continue;
    if (LedgerSumsYearToDate(b.account) == trial_balance::IsBalanceSheet(account.account_class)) {
      return WithReason(
          absl::FailedPreconditionError(absl::StrCat(
              entity_id, "'s ledger account \"", b.account, "\" lands on group account ",
              account.id, " of class ", trial_balance::AccountClassName(account.account_class),
              ", which the ledger does not sum on the same basis (balance-sheet accounts "
              "cumulatively, income and expenses year to date): map it to an account of its "
              "class")),
          "LEDGER_ACCOUNT_CLASS_MISMATCH");
    }
    RETURN_IF_ERROR(Accumulate(out[account.id][b.counterparty_id], b.functional,
                               absl::StrCat(entity_id, "'s ledger balance of group account ",
                                            account.id, " with ", b.counterparty_id)));
  }
  return out;
}

// One flagged account's lines: the ledger's by counterparty and the residual without one.
absl::Status MergeFlagged(absl::string_view entity_id, const GroupAccount& account,
                          Decimal general_ledger, const ByCounterparty& ledger,
                          MergedBooks& merged) {
  Decimal ledger_total, named_total;
  Books named;
  for (const auto& [counterparty, amount] : ledger) {
    RETURN_IF_ERROR(
        Accumulate(ledger_total, amount,
                   absl::StrCat(entity_id, "'s ledger total of group account ", account.id)));
    // The ledger's own balance without counterparty joins the residual's line below.
    if (counterparty.empty() || amount.is_zero()) continue;
    RETURN_IF_ERROR(
        Accumulate(named_total, amount,
                   absl::StrCat(entity_id, "'s counterparty total of group account ", account.id)));
    named.push_back({account.id, counterparty, amount});
  }
  ASSIGN_OR_RETURN(
      const Decimal residual,
      Minus(general_ledger, named_total,
            absl::StrCat(entity_id, "'s residual without counterparty of group account ",
                         account.id)));
  if (!residual.is_zero()) merged.books.push_back({account.id, "", residual});
  merged.books.insert(merged.books.end(), named.begin(), named.end());
  ASSIGN_OR_RETURN(const Decimal difference,
                   Minus(general_ledger, ledger_total,
                         absl::StrCat(entity_id, "'s general ledger minus ledger of group account ",
                                      account.id)));
  merged.differences.push_back({std::string(entity_id), account.id, account.account_class,
                                general_ledger, ledger_total, difference});
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<MergedBooks> MergeEntityBooks(
    absl::string_view entity_id, ledger::Period period,
    const std::vector<trial_balance::TrialBalanceLine>& trial_balance,
    const std::vector<EntityBalance>& ledger, const trial_balance::Chart& chart,
    absl::FunctionRef<bool(absl::string_view)> is_legal_entity) {
  ASSIGN_OR_RETURN(const ByAccount general_ledger,
                   SumTrialBalance(entity_id, period, trial_balance, chart));
  ASSIGN_OR_RETURN(const FlaggedByAccount flagged,
                   FlaggedLedger(entity_id, period, ledger, chart, is_legal_entity));
  std::set<std::string> accounts;
  for (const auto& [account, sum] : general_ledger) accounts.insert(account);
  for (const auto& [account, by_counterparty] : flagged) accounts.insert(account);
  MergedBooks merged;
  Decimal books_total, general_ledger_total;
  for (const std::string& id : accounts) {
    const GroupAccount& account = *chart.FindAccount(id);  // Both sources checked it.
    const auto gl = general_ledger.find(id);
    const Decimal figure = gl == general_ledger.end() ? Decimal() : gl->second;
    RETURN_IF_ERROR(Accumulate(general_ledger_total, figure,
                               absl::StrCat(entity_id, "'s trial balance total")));
    if (!account.intercompany_by_counterparty) {
      if (!figure.is_zero()) merged.books.push_back({id, "", figure});
      continue;
    }
    const auto ledger_lines = flagged.find(id);
    RETURN_IF_ERROR(MergeFlagged(
        entity_id, account, figure,
        ledger_lines == flagged.end() ? ByCounterparty() : ledger_lines->second, merged));
  }
  // The merge moves amounts between counterparties of one account, never between accounts.
  for (const BookLine& line : merged.books) {
    RETURN_IF_ERROR(
        Accumulate(books_total, line.amount, absl::StrCat(entity_id, "'s merged books total")));
  }
  if (books_total != general_ledger_total) {
    return absl::InternalError(absl::StrCat("the merged books of ", entity_id, " sum to ",
                                            books_total.ToString(), ", its trial balance to ",
                                            general_ledger_total.ToString()));
  }
  return merged;
}

absl::StatusOr<EntityBooksReader> EntityBooksReader::Open(
    const trial_balance::TrialBalanceStore& store, const trial_balance::ChartRegistry& charts,
    uint64_t as_of_import_sequence, uint64_t chart_version) {
  ASSIGN_OR_RETURN(std::shared_ptr<const Chart> chart,
                   charts.AtVersion(chart_version, "chart_version"));
  // Read once: every Read of this reader sees the imports up to it and no later one.
  const uint64_t last = store.last_import_sequence();
  if (as_of_import_sequence > last) {
    return InvalidField("as_of_import_sequence", absl::StrCat(as_of_import_sequence),
                        "BEYOND_LAST_IMPORT",
                        absl::StrCat("the last trial balance import sequence is ", last));
  }
  return EntityBooksReader(&store, std::move(chart),
                           as_of_import_sequence == 0 ? last : as_of_import_sequence);
}

absl::StatusOr<std::map<std::string, EntityBooks>> EntityBooksReader::Read(
    const group::GroupStructure& structure, const std::set<std::string>& entity_ids,
    ledger::Period period, const std::vector<ledger::PeriodBalance>& ledger) const {
  std::map<std::string, EntityBooks> out;
  // Selector 0 would mean "the latest", imports after Open included.
  if (import_sequence_ == 0) return out;
  for (const std::string& id : entity_ids) {
    const group::LegalEntity* entity = structure.FindEntity(id);
    if (entity == nullptr) {
      return absl::InternalError(absl::StrCat("books asked of ", id, ", not a legal entity of ",
                                              "structure version ", structure.version()));
    }
    ASSIGN_OR_RETURN(std::optional<trial_balance::TrialBalanceHeader> header,
                     store_->FindHeader(id, period, {0, import_sequence_}));
    if (!header.has_value()) continue;
    const std::string& currency = entity->FunctionalCurrencyIn(absl::CivilMonth(period.FirstDay()));
    if (header->currency != currency) {
      return WithReason(absl::FailedPreconditionError(absl::StrCat(
                            id, "'s trial balance for ", period.ToString(), " (version ",
                            header->version, ") is in ", header->currency, "; structure version ",
                            structure.version(), " gives ", id, " ", currency, " for the period")),
                        "TRIAL_BALANCE_CURRENCY");
    }
    out[id].trial_balance = *std::move(header);
  }
  if (out.empty()) return out;
  // One pass over the snapshot: the balances of the entities that have a trial balance.
  std::map<std::string, std::vector<ledger::PeriodBalance>> by_entity;
  for (const ledger::PeriodBalance& b : ledger) {
    if (out.count(b.entity_id) != 0) by_entity[b.entity_id].push_back(b);
  }
  const auto is_legal_entity = [&structure](absl::string_view party) {
    return structure.FindEntity(party) != nullptr;
  };
  for (auto& [id, books] : out) {
    ASSIGN_OR_RETURN(
        const std::vector<trial_balance::TrialBalanceLine> lines,
        MissingIsDamage(store_->Lines(id, period, books.trial_balance.version),
                        trial_balance::LinesRecordName(books.trial_balance), "its header"));
    ASSIGN_OR_RETURN(const std::vector<EntityBalance> year_to_date,
                     BalancesYearToDate(by_entity[id], period));
    ASSIGN_OR_RETURN(MergedBooks merged,
                     MergeEntityBooks(id, period, lines, year_to_date, *chart_, is_legal_entity));
    books.books = std::move(merged.books);
    books.differences = std::move(merged.differences);
  }
  return out;
}

}  // namespace interco::consolidation
