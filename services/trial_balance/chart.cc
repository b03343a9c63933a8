#include "services/trial_balance/chart.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"
#include "services/group/model.h"
#include "services/group/validation.h"

namespace interco::trial_balance {
namespace {

// A flag that only makes sense on some classes, with the family it belongs to (kNone:
// any family).
struct FlagRule {
  const char* field;
  bool GroupAccount::*flag;
  std::vector<AccountClass> classes;
  EliminationFamily family;
};

const std::vector<FlagRule>& FlagRules() {
  static const auto* const kRules = new std::vector<FlagRule>{
      {"intercompany_by_counterparty",
       &GroupAccount::intercompany_by_counterparty,
       {AccountClass::kAsset, AccountClass::kLiability, AccountClass::kIncome,
        AccountClass::kExpense},
       EliminationFamily::kNone},
      {"investment_in_held_entity",
       &GroupAccount::investment_in_held_entity,
       {AccountClass::kAsset},
       EliminationFamily::kInvestmentEquity},
      {"dividend_income",
       &GroupAccount::dividend_income,
       {AccountClass::kIncome},
       EliminationFamily::kDividend},
      {"dividends_declared",
       &GroupAccount::dividends_declared,
       {AccountClass::kEquity},
       EliminationFamily::kDividend},
  };
  return *kRules;
}

// A local account is an account of the entity's own general ledger (an id, as its trial
// balances carry them) or of Interco's ledger (a name as posted, "1310 IC receivable"), so
// that the ledger's intercompany balances land on the group chart too (consolidation's
// entity_books.h). Hence the ledger's rule for account names, not the rule for ids.
absl::Status ValidateLocalAccount(absl::string_view field, absl::string_view account) {
  if (account.empty()) return InvalidField(field, account, "MISSING_FIELD", "is required");
  if (account.size() > kMaxLocalAccountBytes) {
    return InvalidField(field, account, "TOO_LONG",
                        absl::StrCat("longer than ", kMaxLocalAccountBytes, " bytes"));
  }
  return CheckPrintableText(field, account, "INVALID_ACCOUNT");
}

}  // namespace

bool operator==(const GroupAccount& a, const GroupAccount& b) {
  return a.id == b.id && a.name == b.name && a.account_class == b.account_class &&
         a.statement_line == b.statement_line && a.elimination_family == b.elimination_family &&
         a.intercompany_by_counterparty == b.intercompany_by_counterparty &&
         a.investment_in_held_entity == b.investment_in_held_entity &&
         a.dividend_income == b.dividend_income && a.dividends_declared == b.dividends_declared;
}

const char* AccountClassName(AccountClass account_class) {
  switch (account_class) {
    case AccountClass::kAsset:
      return "ASSET";
    case AccountClass::kLiability:
      return "LIABILITY";
    case AccountClass::kEquity:
      return "EQUITY";
    case AccountClass::kIncome:
      return "INCOME";
    case AccountClass::kExpense:
      return "EXPENSE";
  }
  return "?";
}

const char* EliminationFamilyName(EliminationFamily family) {
  switch (family) {
    case EliminationFamily::kNone:
      return "NONE";
    case EliminationFamily::kReceivablePayable:
      return "RECEIVABLE_PAYABLE";
    case EliminationFamily::kRevenueCost:
      return "REVENUE_COST";
    case EliminationFamily::kInterest:
      return "INTEREST";
    case EliminationFamily::kDividend:
      return "DIVIDEND";
    case EliminationFamily::kInvestmentEquity:
      return "INVESTMENT_EQUITY";
  }
  return "?";
}

bool IsBalanceSheet(AccountClass account_class) {
  return account_class == AccountClass::kAsset || account_class == AccountClass::kLiability ||
         account_class == AccountClass::kEquity;
}

std::string Describe(const ChartBody& body) {
  if (const auto* account = std::get_if<GroupAccount>(&body)) {
    return absl::StrCat("upsert group account ", account->id);
  }
  const auto& mapping = std::get<ChartMapping>(body);
  return absl::StrCat("map ", mapping.mappings.size(), " local accounts of ", mapping.entity_id,
                      " from ", group::DayText(mapping.valid_from));
}

absl::Status ValidateGroupAccount(const GroupAccount& account) {
  RETURN_IF_ERROR(group::ValidateId("account_id", account.id));
  RETURN_IF_ERROR(group::ValidateName("name", account.name));
  RETURN_IF_ERROR(group::ValidateId("statement_line", account.statement_line));
  for (const FlagRule& rule : FlagRules()) {
    if (!(account.*rule.flag)) continue;
    if (std::find(rule.classes.begin(), rule.classes.end(), account.account_class) ==
        rule.classes.end()) {
      return InvalidField(
          rule.field, "true", "FLAG_NOT_FOR_CLASS",
          absl::StrCat("not for an account of class ", AccountClassName(account.account_class)));
    }
    // A flagged account must take part in the elimination its flag stands for, or the
    // consolidation would meet it and not know which journal it goes to.
    if (rule.family != EliminationFamily::kNone && account.elimination_family != rule.family) {
      return InvalidField("elimination_family", EliminationFamilyName(account.elimination_family),
                          "FAMILY_NOT_FOR_FLAG",
                          absl::StrCat(rule.field, " needs ", EliminationFamilyName(rule.family)));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateChartMapping(const ChartMapping& mapping) {
  RETURN_IF_ERROR(group::ValidateId("entity_id", mapping.entity_id));
  RETURN_IF_ERROR(group::ValidateDay("valid_from", mapping.valid_from));
  if (mapping.mappings.empty() || mapping.mappings.size() > kMaxLocalAccountsPerMapping) {
    return InvalidField("mappings", absl::StrCat(mapping.mappings.size()), "BAD_MAPPING_COUNT",
                        absl::StrCat("1 to ", kMaxLocalAccountsPerMapping, " local accounts"));
  }
  std::map<absl::string_view, size_t> seen;
  for (size_t i = 0; i < mapping.mappings.size(); ++i) {
    const auto& [local, group_account] = mapping.mappings[i];
    const std::string at = absl::StrCat("mappings[", i, "]");
    RETURN_IF_ERROR(ValidateLocalAccount(absl::StrCat(at, ".local_account"), local));
    RETURN_IF_ERROR(group::ValidateId(absl::StrCat(at, ".group_account"), group_account));
    const auto [it, added] = seen.emplace(local, i);
    if (!added) {
      return InvalidField(absl::StrCat(at, ".local_account"), local, "DUPLICATE_ACCOUNT",
                          absl::StrCat("already mapped by mappings[", it->second, "]"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<ChartBody> Chart::Apply(const ChartBody& body) {
  if (const auto* account = std::get_if<GroupAccount>(&body)) return ApplyAccount(*account);
  return ApplyMapping(std::get<ChartMapping>(body));
}

absl::StatusOr<ChartBody> Chart::ApplyAccount(const GroupAccount& account) {
  RETURN_IF_ERROR(ValidateGroupAccount(account));
  const auto it = accounts_.find(account.id);
  if (it != accounts_.end() && it->second.record->account_class != account.account_class) {
    return FieldError(absl::StatusCode::kFailedPrecondition, "account_class",
                      AccountClassName(account.account_class), "CLASS_CHANGED",
                      absl::StrCat("account ", account.id, " is of class ",
                                   AccountClassName(it->second.record->account_class),
                                   " and keeps it; create a new account instead"));
  }
  ++version_;
  auto record = std::make_shared<const GroupAccount>(account);
  index_[account.id] = record.get();
  accounts_[account.id] = {std::move(record), version_};
  return ChartBody(account);
}

absl::StatusOr<ChartBody> Chart::ApplyMapping(const ChartMapping& mapping) {
  RETURN_IF_ERROR(ValidateChartMapping(mapping));
  for (size_t i = 0; i < mapping.mappings.size(); ++i) {
    const std::string& group_account = mapping.mappings[i].second;
    if (FindAccount(group_account) == nullptr) {
      return FieldError(absl::StatusCode::kNotFound,
                        absl::StrCat("mappings[", i, "].group_account"), group_account,
                        "UNKNOWN_ACCOUNT", "not an account of the group chart");
    }
  }
  auto sorted = std::make_shared<ChartMapping>(mapping);
  std::sort(sorted->mappings.begin(), sorted->mappings.end());
  ++version_;
  mappings_[{mapping.entity_id, mapping.valid_from}] = {sorted, version_};
  return ChartBody(*sorted);
}

const GroupAccount* Chart::FindAccount(absl::string_view id) const {
  const auto it = index_.find(id);
  return it == index_.end() ? nullptr : it->second;
}

const ChartMapping* Chart::MappingOn(absl::string_view entity_id, absl::CivilDay day) const {
  // The first key after (entity, day); the one before it is the latest on or before day.
  auto it = mappings_.upper_bound({std::string(entity_id), day});
  if (it == mappings_.begin()) return nullptr;
  --it;
  return it->first.first == entity_id ? it->second.record.get() : nullptr;
}

ResolvedAccount Chart::Resolve(absl::string_view entity_id, absl::CivilDay day,
                               absl::string_view local_account) const {
  const ChartMapping* mapping = MappingOn(entity_id, day);
  if (mapping == nullptr) return {FindAccount(local_account), false};
  const auto it =
      std::lower_bound(mapping->mappings.begin(), mapping->mappings.end(), local_account,
                       [](const std::pair<std::string, std::string>& m, absl::string_view key) {
                         return m.first < key;
                       });
  if (it == mapping->mappings.end() || it->first != local_account) return {nullptr, true};
  return {FindAccount(it->second), true};
}

}  // namespace interco::trial_balance
