#include "storage/chart_codec.h"

#include "absl/strings/str_cat.h"
#include "storage/codec.h"

namespace interco::storage {
namespace {

using trial_balance::AccountClass;
using trial_balance::ChartMapping;
using trial_balance::EliminationFamily;
using trial_balance::GroupAccount;

constexpr uint8_t kFormat = 1;
constexpr uint8_t kAccountKind = 1;
constexpr uint8_t kMappingKind = 2;
// Enum values on disk are the enums' numbers (1-based); never renumber.
constexpr uint8_t kLastClass = static_cast<uint8_t>(AccountClass::kExpense);
constexpr uint8_t kLastFamily = static_cast<uint8_t>(EliminationFamily::kInvestmentEquity);
// Flag bits of an account.
constexpr uint8_t kIntercompany = 1, kInvestment = 2, kDividendIncome = 4, kDeclared = 8;

void EncodeAccount(const GroupAccount& account, Encoder& out) {
  out.PutString(account.id);
  out.PutString(account.name);
  out.PutU8(static_cast<uint8_t>(account.account_class));
  out.PutString(account.statement_line);
  out.PutU8(static_cast<uint8_t>(account.elimination_family));
  out.PutU8((account.intercompany_by_counterparty ? kIntercompany : 0) |
            (account.investment_in_held_entity ? kInvestment : 0) |
            (account.dividend_income ? kDividendIncome : 0) |
            (account.dividends_declared ? kDeclared : 0));
}

bool DecodeAccount(Decoder& in, GroupAccount* account) {
  uint8_t account_class = 0, family = 0, flags = 0;
  if (!in.GetString(&account->id) || !in.GetString(&account->name) || !in.GetU8(&account_class) ||
      !in.GetString(&account->statement_line) || !in.GetU8(&family) || !in.GetU8(&flags)) {
    return false;
  }
  if (account_class < 1 || account_class > kLastClass || family < 1 || family > kLastFamily ||
      flags > (kIntercompany | kInvestment | kDividendIncome | kDeclared)) {
    return false;
  }
  account->account_class = static_cast<AccountClass>(account_class);
  account->elimination_family = static_cast<EliminationFamily>(family);
  account->intercompany_by_counterparty = flags & kIntercompany;
  account->investment_in_held_entity = flags & kInvestment;
  account->dividend_income = flags & kDividendIncome;
  account->dividends_declared = flags & kDeclared;
  return true;
}

void EncodeMapping(const ChartMapping& mapping, Encoder& out) {
  out.PutString(mapping.entity_id);
  out.PutDay(mapping.valid_from);
  out.PutVarint(mapping.mappings.size());
  for (const auto& [local, group_account] : mapping.mappings) {
    out.PutString(local);
    out.PutString(group_account);
  }
}

bool DecodeMapping(Decoder& in, ChartMapping* mapping) {
  uint64_t count = 0;
  if (!in.GetString(&mapping->entity_id) || !in.GetDay(&mapping->valid_from) ||
      !in.GetVarint(&count) || count > trial_balance::kMaxLocalAccountsPerMapping) {
    return false;
  }
  mapping->mappings.resize(count);
  for (auto& [local, group_account] : mapping->mappings) {
    if (!in.GetString(&local) || !in.GetString(&group_account)) return false;
  }
  return true;
}

}  // namespace

std::string EncodeChartChange(const trial_balance::ChartChange& change) {
  Encoder out;
  out.PutU8(kFormat);
  if (const auto* account = std::get_if<GroupAccount>(&change.body)) {
    out.PutU8(kAccountKind);
    out.PutString(change.request_id);
    EncodeAccount(*account, out);
  } else {
    out.PutU8(kMappingKind);
    out.PutString(change.request_id);
    EncodeMapping(std::get<ChartMapping>(change.body), out);
  }
  return out.Release();
}

absl::StatusOr<trial_balance::ChartChange> DecodeChartChange(absl::string_view bytes) {
  Decoder in(bytes);
  uint8_t format = 0, kind = 0;
  trial_balance::ChartChange change;
  if (!in.GetU8(&format) || format != kFormat || !in.GetU8(&kind) ||
      !in.GetString(&change.request_id)) {
    return absl::DataLossError("chart change: unknown format or truncated header");
  }
  bool ok = false;
  if (kind == kAccountKind) {
    GroupAccount account;
    ok = DecodeAccount(in, &account);
    change.body = std::move(account);
  } else if (kind == kMappingKind) {
    ChartMapping mapping;
    ok = DecodeMapping(in, &mapping);
    change.body = std::move(mapping);
  }
  if (!ok || !in.Done()) {
    return absl::DataLossError(
        absl::StrCat("chart change ", change.request_id, ": malformed record of kind ", kind));
  }
  return change;
}

}  // namespace interco::storage
