#include "services/trial_balance/importer.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "services/common/booked_amount.h"
#include "services/common/field_error.h"
#include "services/common/iso_codes.h"
#include "services/common/request_id.h"
#include "services/common/status_macros.h"
#include "services/group/validation.h"

namespace interco::trial_balance {
namespace {

absl::Status CheckHeader(const TrialBalanceImport& request, const ImportReferences& references) {
  RETURN_IF_ERROR(group::ValidateId("entity_id", request.entity_id));
  const group::LegalEntity* entity = references.structure->FindEntity(request.entity_id);
  if (entity == nullptr) {
    return FieldError(absl::StatusCode::kNotFound, "entity_id", request.entity_id, "UNKNOWN_ID",
                      "no legal entity of the group with this id");
  }
  // The currency in force in the trial balance's period (an entity may change it
  // prospectively, IAS 21.35).
  const std::string& functional = entity->FunctionalCurrencyIn(
      absl::CivilMonth(request.period.year(), request.period.month()));
  if (request.currency != functional) {
    return InvalidField("currency_code", request.currency, "NOT_FUNCTIONAL_CURRENCY",
                        absl::StrCat("a trial balance of ", entity->id, " for ",
                                     request.period.ToString(),
                                     " is in its functional currency then, ", functional));
  }
  RETURN_IF_ERROR(group::ValidateId("source_system", request.source_system));
  if (references.calendar->IsClosed(request.entity_id, request.period)) {
    return FieldError(
        absl::StatusCode::kFailedPrecondition, "period", request.period.ToString(), "PERIOD_CLOSED",
        absl::StrCat("closed for ", request.entity_id, "; reopen it to import a new version"));
  }
  if (request.lines.empty()) {
    return InvalidField("lines", "0", "MISSING_FIELD", "a trial balance has at least one line");
  }
  if (request.lines.size() > kMaxTrialBalanceLines) {
    return InvalidField("lines", absl::StrCat(request.lines.size()), "TOO_MANY_LINES",
                        absl::StrCat("at most ", kMaxTrialBalanceLines, " lines"));
  }
  return absl::OkStatus();
}

// The line resolved to its group account, or the error naming lines[i].
absl::StatusOr<TrialBalanceLine> CheckLine(const TrialBalanceImport& request, size_t i,
                                           const Chart& chart, int minor_units) {
  const ImportLine& line = request.lines[i];
  const std::string field = absl::StrCat("lines[", i, "]");
  RETURN_IF_ERROR(group::ValidateId(absl::StrCat(field, ".account"), line.account));
  const ResolvedAccount resolved =
      chart.Resolve(request.entity_id, request.period.LastDay(), line.account);
  if (resolved.account == nullptr) {
    return FieldError(absl::StatusCode::kNotFound, absl::StrCat(field, ".account"), line.account,
                      resolved.mapped ? "UNMAPPED_ACCOUNT" : "UNKNOWN_ACCOUNT",
                      resolved.mapped
                          ? absl::StrCat("not in the mapping of ", request.entity_id,
                                         " in effect on ", request.period.ToString())
                          : "not an account of the group chart (and the entity has no mapping)");
  }
  RETURN_IF_ERROR(CheckBookedAmount(absl::StrCat(field, ".balance"), line.balance));
  if (line.balance.Round(minor_units) != line.balance) {
    return InvalidField(absl::StrCat(field, ".balance"), line.balance.ToString(), "TOO_MANY_PLACES",
                        absl::StrCat(request.currency, " has ", minor_units, " decimal places"));
  }
  return TrialBalanceLine{line.account, resolved.account->id, line.balance};
}

// INVALID_ARGUMENT naming `lines` unless the balances sum to zero, and naming the total
// (not a line) when the debits or the credits leave the booked range (booked_amount.h).
absl::Status CheckBalanced(const std::vector<TrialBalanceLine>& lines, int minor_units,
                           absl::string_view currency) {
  Decimal debits, credits;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Decimal balance = lines[i].balance;
    // Both within 10^16 (CheckLine and the previous round): the sum is exact.
    Decimal& total = balance.is_negative() ? credits : debits;
    total = *(balance.is_negative() ? Decimal::Sub(total, balance) : Decimal::Add(total, balance));
    RETURN_IF_ERROR(
        CheckBookedTotal("lines",
                         absl::StrCat(balance.is_negative() ? "the credits" : "the debits", " in ",
                                      currency, " up to lines[", i, "]"),
                         total));
  }
  if (debits == credits) return absl::OkStatus();
  const std::optional<Decimal> difference = Decimal::Sub(debits, credits);
  const std::string shown =
      difference.has_value() ? difference->ToString(minor_units) : "beyond range";
  return InvalidField("lines", shown, "NOT_BALANCED",
                      absl::StrCat("debits ", debits.ToString(minor_units), " and credits ",
                                   credits.ToString(minor_units), " ", currency, " differ by ",
                                   shown, " (debits minus credits)"));
}

}  // namespace

absl::StatusOr<std::vector<TrialBalanceLine>> CheckImport(const TrialBalanceImport& request,
                                                          const ImportReferences& references) {
  RETURN_IF_ERROR(CheckHeader(request, references));
  // The entity's currency was checked against ISO 4217 when the entity was upserted.
  const int minor_units = CurrencyMinorUnits(request.currency).value_or(2);
  std::vector<TrialBalanceLine> lines;
  lines.reserve(request.lines.size());
  absl::flat_hash_map<absl::string_view, size_t> seen;
  for (size_t i = 0; i < request.lines.size(); ++i) {
    const auto [it, added] = seen.emplace(request.lines[i].account, i);
    if (!added) {
      return InvalidField(absl::StrCat("lines[", i, "].account"), request.lines[i].account,
                          "DUPLICATE_ACCOUNT", absl::StrCat("already in lines[", it->second, "]"));
    }
    ASSIGN_OR_RETURN(TrialBalanceLine line, CheckLine(request, i, *references.chart, minor_units));
    lines.push_back(std::move(line));
  }
  RETURN_IF_ERROR(CheckBalanced(lines, minor_units, request.currency));
  return lines;
}

absl::StatusOr<TrialBalanceHeader> TrialBalanceImporter::Import(
    const TrialBalanceImport& request, absl::FunctionRef<ImportReferences()> current) {
  RETURN_IF_ERROR(ValidateRequestId(request.request_id));
  absl::MutexLock lock(&mu_);
  // A retry is answered from what was stored, whatever the calendar says now.
  ASSIGN_OR_RETURN(std::optional<TrialBalance> earlier, store_->FindByRequest(request.request_id));
  if (earlier.has_value()) {
    if (SameImport(*earlier, request)) return earlier->header;
    const TrialBalanceHeader& h = earlier->header;
    // Another entity's trial balance is not named: the caller may be a poster of this
    // entity only, who may not read of the other's (security/entity_read_scope.h).
    if (h.entity_id != request.entity_id) {
      return RequestIdReused(request.request_id, "a trial balance of another entity");
    }
    return RequestIdReused(request.request_id,
                           absl::StrCat("another trial balance (", h.entity_id, " ",
                                        h.period.ToString(), " version ", h.version, ")"));
  }
  // The same content as the latest version, resent under a new request_id (an ERP that
  // lost the first answer and made a new id): answered with that version, as a resent
  // invoice is answered with its posting. Other content is a new version, as intended.
  ASSIGN_OR_RETURN(std::optional<TrialBalanceHeader> latest,
                   store_->FindHeader(request.entity_id, request.period, {}));
  if (latest.has_value() && latest->line_count == request.lines.size()) {
    ASSIGN_OR_RETURN(
        std::vector<TrialBalanceLine> lines,
        MissingIsDamage(store_->Lines(request.entity_id, request.period, latest->version),
                        LinesRecordName(*latest), "its header"));
    if (SameImport(TrialBalance{*latest, std::move(lines)}, request)) return *latest;
  }
  absl::StatusOr<TrialBalanceHeader> header = absl::InternalError("not imported");
  const auto check_and_append = [&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    header = CheckAndAppend(request, current());
  };
  if (exclusive_ == nullptr) {
    check_and_append();
  } else {
    exclusive_(check_and_append);
  }
  return header;
}

absl::StatusOr<TrialBalanceHeader> TrialBalanceImporter::CheckAndAppend(
    const TrialBalanceImport& request, const ImportReferences& references) {
  TrialBalance next;
  ASSIGN_OR_RETURN(next.lines, CheckImport(request, references));
  ASSIGN_OR_RETURN(std::optional<TrialBalanceHeader> latest,
                   store_->FindHeader(request.entity_id, request.period, {}));
  TrialBalanceHeader& header = next.header;
  header.entity_id = request.entity_id;
  header.period = request.period;
  header.version = latest.has_value() ? latest->version + 1 : 1;
  header.import_sequence = store_->last_import_sequence() + 1;
  header.request_id = request.request_id;
  header.currency = request.currency;
  header.source_system = request.source_system;
  header.chart_version = references.chart->version();
  header.line_count = next.lines.size();
  for (const TrialBalanceLine& line : next.lines) {
    // Cannot overflow: CheckImport summed the same debits.
    if (!line.balance.is_negative())
      header.debit_total = *Decimal::Add(header.debit_total, line.balance);
  }
  // Assert before writing: a version that breaks these is our bug, not the caller's.
  RETURN_IF_ERROR(CheckStoredInvariants(next));
  RETURN_IF_ERROR(store_->Append(next));
  return header;
}

}  // namespace interco::trial_balance
