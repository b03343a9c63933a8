// TrialBalanceService's read-backs: the chart (accounts and mappings, as of a chart
// version) and stored trial balance versions (headers, and lines page by page). Mappings
// and trial balances are entity data: a caller reads those of the entities its read scope
// allows (security/entity_read_scope.h), checked before anything is looked up, so a
// refusal tells nothing of what exists; a list without an entity filter holds the allowed
// entities' records only.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/api/convert.h"
#include "services/api/paging.h"
#include "services/api/reactors.h"
#include "services/api/trial_balance_convert.h"
#include "services/api/trial_balance_service.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/group/model.h"
#include "services/group/validation.h"

namespace interco::api {
namespace {

using trial_balance::Chart;

// Versions sort as numbers in a page token's text.
std::string VersionText(uint64_t version) { return absl::StrFormat("%020d", version); }

absl::Status BadToken(absl::string_view token) {
  return InvalidField("page_token", token, "INVALID_PAGE_TOKEN", "not a page token of this list");
}

// The trial balance a read names: a version, or the latest (as of a sequence).
absl::StatusOr<trial_balance::TrialBalanceHeader> FindVersion(
    const trial_balance::TrialBalanceStore& store, absl::string_view entity_id,
    absl::string_view period_text, trial_balance::VersionSelector selector) {
  ASSIGN_OR_RETURN(const ledger::Period period, ledger::Period::Parse("period", period_text));
  ASSIGN_OR_RETURN(std::optional<trial_balance::TrialBalanceHeader> header,
                   store.FindHeader(entity_id, period, selector));
  if (header.has_value()) return *std::move(header);
  if (selector.version != 0) {
    return NotFoundField(
        "version", absl::StrCat(selector.version), "UNKNOWN_TRIAL_BALANCE",
        absl::StrCat("no such version of ", entity_id, " ", period_text,
                     selector.as_of_import_sequence != 0
                         ? absl::StrCat(" as of import sequence ", selector.as_of_import_sequence)
                         : ""));
  }
  return NotFoundField(
      "period", period_text, "UNKNOWN_TRIAL_BALANCE",
      absl::StrCat("no trial balance of ", entity_id, " for this period",
                   selector.as_of_import_sequence != 0
                       ? absl::StrCat(" as of import sequence ", selector.as_of_import_sequence)
                       : ""));
}

// A request that names one entity: its id must be well formed (INVALID_ARGUMENT), then the
// caller's scope must allow it (PERMISSION_DENIED).
absl::Status CheckEntityRead(const security::EntityReadScope& scope, absl::string_view entity) {
  RETURN_IF_ERROR(group::ValidateId("entity_id", entity));
  return scope.Check(entity);
}

// Up to `limit` headers of store.List(entity_id, period, after, limit), of the entities
// `scope` allows when `entity_id` is empty (the caller checked a non-empty one).
absl::StatusOr<std::vector<trial_balance::TrialBalanceHeader>> ListHeaders(
    const trial_balance::TrialBalanceStore& store, const security::EntityReadScope& scope,
    absl::string_view entity_id, std::optional<ledger::Period> period,
    const std::optional<trial_balance::VersionKey>& after, size_t limit) {
  if (!entity_id.empty() || scope.unlimited()) {
    return store.List(entity_id, period, after, limit);
  }
  // The store's order is by entity first: the caller's entities' lists, in entity order,
  // make one list in that order, and `after` skips those of entities before its own.
  std::vector<trial_balance::TrialBalanceHeader> headers;
  for (const std::string& entity : scope.entities()) {
    if (headers.size() >= limit) break;
    if (after.has_value() && entity < after->entity_id) continue;
    ASSIGN_OR_RETURN(std::vector<trial_balance::TrialBalanceHeader> more,
                     store.List(entity, period, after, limit - headers.size()));
    for (trial_balance::TrialBalanceHeader& header : more) headers.push_back(std::move(header));
  }
  return headers;
}

}  // namespace

grpc::ServerUnaryReactor* TrialBalanceService::GetGroupAccount(
    grpc::CallbackServerContext* context, const v1::GetGroupAccountRequest* request,
    v1::VersionedGroupAccount* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  auto chart = chart_->AtVersion(request->as_of_chart_version(), "as_of_chart_version");
  if (!chart.ok()) return FinishUnary(context, chart.status());
  const auto it = (*chart)->accounts().find(request->account_id());
  if (it == (*chart)->accounts().end()) {
    return FinishUnary(context, NotFoundField("account_id", request->account_id(),
                                              "UNKNOWN_ACCOUNT", "no group account with this id"));
  }
  *response->mutable_account() = GroupAccountToProto(*it->second.record);
  response->set_chart_version(it->second.version);
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* TrialBalanceService::ListGroupAccounts(
    grpc::CallbackServerContext* context, const v1::ListGroupAccountsRequest* request,
    v1::ListGroupAccountsResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  absl::StatusOr<PageRequest> page =
      ParsePageRequest("group_accounts", request->page_size(), request->page_token(), 1);
  if (!page.ok()) return FinishUnary(context, page.status());
  auto chart = chart_->AtVersion(request->as_of_chart_version(), "as_of_chart_version");
  if (!chart.ok()) return FinishUnary(context, chart.status());
  using Entry =
      std::pair<const std::string, trial_balance::ChartWritten<trial_balance::GroupAccount>>;
  for (const Entry* entry : TakePage(
           Entries((*chart)->accounts()), *page, "group_accounts",
           [](const Entry* e) { return std::vector<std::string>{e->first}; },
           response->mutable_next_page_token())) {
    v1::VersionedGroupAccount* item = response->add_accounts();
    *item->mutable_account() = GroupAccountToProto(*entry->second.record);
    item->set_chart_version(entry->second.version);
  }
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* TrialBalanceService::GetChartMapping(
    grpc::CallbackServerContext* context, const v1::GetChartMappingRequest* request,
    v1::VersionedChartMapping* response) {
  const absl::StatusOr<security::EntityReadScope> scope =
      authorizer_->AuthorizeEntityRead(*context);
  if (!scope.ok()) return FinishUnary(context, scope.status());
  absl::StatusOr<absl::CivilDay> from = DayFromProto(request->valid_from(), "valid_from");
  if (!from.ok()) return FinishUnary(context, from.status());
  if (absl::Status allowed = CheckEntityRead(*scope, request->entity_id()); !allowed.ok()) {
    return FinishUnary(context, allowed);
  }
  auto chart = chart_->AtVersion(request->as_of_chart_version(), "as_of_chart_version");
  if (!chart.ok()) return FinishUnary(context, chart.status());
  const auto it = (*chart)->mappings().find({request->entity_id(), *from});
  if (it == (*chart)->mappings().end()) {
    return FinishUnary(
        context,
        NotFoundField("valid_from", group::DayText(*from), "UNKNOWN_MAPPING",
                      absl::StrCat("no mapping of ", request->entity_id(), " starts on this day")));
  }
  *response->mutable_mapping() = ChartMappingToProto(*it->second.record);
  response->set_chart_version(it->second.version);
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* TrialBalanceService::ListChartMappings(
    grpc::CallbackServerContext* context, const v1::ListChartMappingsRequest* request,
    v1::ListChartMappingsResponse* response) {
  const absl::StatusOr<security::EntityReadScope> scope =
      authorizer_->AuthorizeEntityRead(*context);
  if (!scope.ok()) return FinishUnary(context, scope.status());
  absl::StatusOr<PageRequest> page =
      ParsePageRequest("chart_mappings", request->page_size(), request->page_token(), 2);
  if (!page.ok()) return FinishUnary(context, page.status());
  if (!request->entity_id().empty()) {
    if (absl::Status allowed = CheckEntityRead(*scope, request->entity_id()); !allowed.ok()) {
      return FinishUnary(context, allowed);
    }
  }
  auto chart = chart_->AtVersion(request->as_of_chart_version(), "as_of_chart_version");
  if (!chart.ok()) return FinishUnary(context, chart.status());
  using Entry =
      std::pair<const Chart::MappingKey, trial_balance::ChartWritten<trial_balance::ChartMapping>>;
  std::vector<const Entry*> candidates = Entries((*chart)->mappings());
  // Without a filter, a poster's list holds its own entities' mappings.
  candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                  [&](const Entry* e) {
                                    return request->entity_id().empty()
                                               ? !scope->Allows(e->first.first)
                                               : e->first.first != request->entity_id();
                                  }),
                   candidates.end());
  for (const Entry* entry : TakePage(
           std::move(candidates), *page, "chart_mappings",
           [](const Entry* e) {
             return std::vector<std::string>{e->first.first, group::DayText(e->first.second)};
           },
           response->mutable_next_page_token())) {
    v1::VersionedChartMapping* item = response->add_mappings();
    *item->mutable_mapping() = ChartMappingToProto(*entry->second.record);
    item->set_chart_version(entry->second.version);
  }
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* TrialBalanceService::GetTrialBalance(
    grpc::CallbackServerContext* context, const v1::GetTrialBalanceRequest* request,
    v1::TrialBalanceVersion* response) {
  const absl::StatusOr<security::EntityReadScope> scope =
      authorizer_->AuthorizeEntityRead(*context);
  if (!scope.ok()) return FinishUnary(context, scope.status());
  if (absl::Status allowed = CheckEntityRead(*scope, request->entity_id()); !allowed.ok()) {
    return FinishUnary(context, allowed);
  }
  absl::StatusOr<trial_balance::TrialBalanceHeader> header =
      FindVersion(importer_->store(), request->entity_id(), request->period(),
                  {request->version(), request->as_of_import_sequence()});
  if (header.ok()) *response = TrialBalanceHeaderToProto(*header);
  return FinishUnary(context, header.status());
}

grpc::ServerUnaryReactor* TrialBalanceService::ListTrialBalances(
    grpc::CallbackServerContext* context, const v1::ListTrialBalancesRequest* request,
    v1::ListTrialBalancesResponse* response) {
  const absl::StatusOr<security::EntityReadScope> scope =
      authorizer_->AuthorizeEntityRead(*context);
  if (!scope.ok()) return FinishUnary(context, scope.status());
  absl::StatusOr<PageRequest> page =
      ParsePageRequest("trial_balances", request->page_size(), request->page_token(), 3);
  if (!page.ok()) return FinishUnary(context, page.status());
  if (!request->entity_id().empty()) {
    if (absl::Status allowed = CheckEntityRead(*scope, request->entity_id()); !allowed.ok()) {
      return FinishUnary(context, allowed);
    }
  }
  std::optional<ledger::Period> period;
  if (!request->period().empty()) {
    absl::StatusOr<ledger::Period> parsed = ledger::Period::Parse("period", request->period());
    if (!parsed.ok()) return FinishUnary(context, parsed.status());
    period = *parsed;
  }
  std::optional<trial_balance::VersionKey> after;
  if (!page->after.empty()) {
    absl::StatusOr<ledger::Period> after_period =
        ledger::Period::Parse("page_token", page->after[1]);
    uint64_t version = 0;
    if (!after_period.ok() || !absl::SimpleAtoi(page->after[2], &version)) {
      return FinishUnary(context, BadToken(request->page_token()));
    }
    after = trial_balance::VersionKey{page->after[0], *after_period, version};
  }
  // Read first, so the page holds nothing imported after the sequence it reports.
  response->set_import_sequence(importer_->store().last_import_sequence());
  absl::StatusOr<std::vector<trial_balance::TrialBalanceHeader>> headers =
      ListHeaders(importer_->store(), *scope, request->entity_id(), period, after, page->size + 1);
  if (!headers.ok()) return FinishUnary(context, headers.status());
  if (headers->size() > static_cast<size_t>(page->size)) {
    headers->resize(page->size);
    const auto& last = headers->back();
    response->set_next_page_token(PageToken(
        "trial_balances", {last.entity_id, last.period.ToString(), VersionText(last.version)}));
  }
  for (const trial_balance::TrialBalanceHeader& header : *headers) {
    if (header.import_sequence > response->import_sequence()) continue;
    *response->add_trial_balances() = TrialBalanceHeaderToProto(header);
  }
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* TrialBalanceService::ListTrialBalanceLines(
    grpc::CallbackServerContext* context, const v1::ListTrialBalanceLinesRequest* request,
    v1::ListTrialBalanceLinesResponse* response) {
  const absl::StatusOr<security::EntityReadScope> scope =
      authorizer_->AuthorizeEntityRead(*context);
  if (!scope.ok()) return FinishUnary(context, scope.status());
  if (absl::Status allowed = CheckEntityRead(*scope, request->entity_id()); !allowed.ok()) {
    return FinishUnary(context, allowed);
  }
  absl::StatusOr<trial_balance::TrialBalanceHeader> header = FindVersion(
      importer_->store(), request->entity_id(), request->period(), {request->version(), 0});
  if (!header.ok()) return FinishUnary(context, header.status());
  // Tokens name the version they page, so one cannot resume another version's lines.
  const std::string list = absl::StrCat("trial_balance_lines/", header->entity_id, "/",
                                        header->period.ToString(), "/", header->version);
  absl::StatusOr<PageRequest> page =
      ParsePageRequest(list, request->page_size(), request->page_token(), 1);
  if (!page.ok()) return FinishUnary(context, page.status());
  absl::StatusOr<std::vector<trial_balance::TrialBalanceLine>> lines =
      MissingIsDamage(importer_->store().Lines(header->entity_id, header->period, header->version),
                      trial_balance::LinesRecordName(*header), "its header");
  if (!lines.ok()) return FinishUnary(context, lines.status());
  for (const trial_balance::TrialBalanceLine& line : TakePage(
           *std::move(lines), *page, list,
           [](const trial_balance::TrialBalanceLine& l) {
             return std::vector<std::string>{l.local_account};
           },
           response->mutable_next_page_token())) {
    *response->add_lines() = TrialBalanceLineToProto(line, header->currency);
  }
  response->set_version(header->version);
  return FinishUnary(context, absl::OkStatus());
}

}  // namespace interco::api
