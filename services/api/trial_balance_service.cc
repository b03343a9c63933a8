#include "services/api/trial_balance_service.h"

#include <memory>
#include <utility>
#include <vector>

#include "services/api/parsed_client_stream.h"
#include "services/api/reactors.h"
#include "services/api/trial_balance_convert.h"
#include "services/common/field_error.h"
#include "services/common/request_id.h"
#include "services/common/status_macros.h"
#include "services/group/validation.h"

namespace interco::api {
namespace {

constexpr char kStreamMethod[] = "/interco.v1.TrialBalanceService/StreamImportTrialBalance";

absl::StatusOr<trial_balance::ChartRegistry::Applied> ApplyChange(
    trial_balance::ChartRegistry& chart, absl::string_view request_id,
    absl::StatusOr<trial_balance::ChartBody> body, absl::string_view record_field) {
  RETURN_IF_ERROR(ValidateRequestId(request_id));
  if (!body.ok()) return PrefixField(record_field, body.status());
  absl::StatusOr<trial_balance::ChartRegistry::Applied> applied =
      chart.Apply({std::string(request_id), *std::move(body)});
  if (!applied.ok()) return PrefixRecordError(record_field, applied.status());
  return applied;
}

template <typename T>
absl::StatusOr<trial_balance::ChartBody> AsBody(absl::StatusOr<T> record) {
  if (!record.ok()) return record.status();
  return trial_balance::ChartBody(*std::move(record));
}

}  // namespace

TrialBalanceService::TrialBalanceService(trial_balance::ChartRegistry* chart,
                                         trial_balance::TrialBalanceImporter* importer,
                                         group::StructureRegistry* structures,
                                         pricing::PricingRegistry* pricing,
                                         const Authorizer* authorizer, StreamLimits stream_limits,
                                         ImportStreamLimits import_limits)
    : chart_(chart),
      importer_(importer),
      structures_(structures),
      pricing_(pricing),
      authorizer_(authorizer),
      import_limits_(import_limits),
      stream_slots_(stream_limits.max_concurrent_streams, stream_limits.total),
      idle_streams_(stream_limits.idle_timeout) {
  MarkMethodRawCallback(
      MethodIndex("interco.v1.TrialBalanceService", "StreamImportTrialBalance"),
      NewParsedClientStreamHandler<v1::ImportTrialBalanceRequest, v1::ImportTrialBalanceResponse>(
          kStreamMethod,
          [this](grpc::CallbackServerContext* context, v1::ImportTrialBalanceResponse* response) {
            return StreamImportTrialBalance(context, response);
          }));
}

grpc::ServerUnaryReactor* TrialBalanceService::UpsertGroupAccount(
    grpc::CallbackServerContext* context, const v1::UpsertGroupAccountRequest* request,
    v1::UpsertGroupAccountResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  auto applied = ApplyChange(*chart_, request->request_id(),
                             AsBody(GroupAccountFromProto(request->account())), "account");
  if (applied.ok()) {
    *response->mutable_account() =
        GroupAccountToProto(std::get<trial_balance::GroupAccount>(applied->record));
    response->set_chart_version(applied->version);
  }
  return FinishUnary(context, applied.status());
}

grpc::ServerUnaryReactor* TrialBalanceService::UpsertChartMapping(
    grpc::CallbackServerContext* context, const v1::UpsertChartMappingRequest* request,
    v1::UpsertChartMappingResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  // A mapping for an entity the group does not know would never be used: refuse the typo.
  if (ValidateRequestId(request->request_id()).ok() &&
      structures_->Current()->FindEntity(request->mapping().entity_id()) == nullptr) {
    return FinishUnary(context, FieldError(absl::StatusCode::kNotFound, "mapping.entity_id",
                                           request->mapping().entity_id(), "UNKNOWN_ID",
                                           "no legal entity with this id"));
  }
  auto applied = ApplyChange(*chart_, request->request_id(),
                             AsBody(ChartMappingFromProto(request->mapping())), "mapping");
  if (applied.ok()) {
    *response->mutable_mapping() =
        ChartMappingToProto(std::get<trial_balance::ChartMapping>(applied->record));
    response->set_chart_version(applied->version);
  }
  return FinishUnary(context, applied.status());
}

absl::Status TrialBalanceService::CheckCaller(const trial_balance::TrialBalanceImport& import,
                                              absl::string_view caller) const {
  // Malformed requests are refused as such before asking whose entity it is.
  RETURN_IF_ERROR(ValidateRequestId(import.request_id));
  RETURN_IF_ERROR(group::ValidateId("entity_id", import.entity_id));
  if (authorizer_ == nullptr) return absl::OkStatus();
  return authorizer_->CheckEntities(caller, {import.entity_id},
                                    security::EntityWrite::kTrialBalanceImport);
}

absl::Status TrialBalanceService::CheckImportHeader(
    const trial_balance::TrialBalanceImport& import, absl::string_view caller) const {
  RETURN_IF_ERROR(CheckCaller(import, caller));
  // Entities are never removed from a group, so one that is unknown now stays unknown
  // when the import is checked in full.
  return trial_balance::CheckImportEntity(import, *structures_->Current());
}

absl::StatusOr<trial_balance::TrialBalanceHeader> TrialBalanceService::Import(
    const trial_balance::TrialBalanceImport& import, absl::string_view caller) const {
  RETURN_IF_ERROR(CheckCaller(import, caller));
  // Read for the checks, then again inside the importer's exclusive section, so that the
  // calendar checked is the one in force when the import is written. Every snapshot read is
  // kept until the import returns: the importer compares them by address, which a freed
  // snapshot's successor could otherwise reuse.
  struct Snapshot {
    std::shared_ptr<const group::GroupStructure> structure;
    std::shared_ptr<const pricing::PricingBook> book;
    std::shared_ptr<const trial_balance::Chart> chart;
  };
  std::vector<Snapshot> read;
  read.reserve(2);
  return importer_->Import(import, [&] {
    const Snapshot& now =
        read.emplace_back(Snapshot{structures_->Current(), pricing_->Current(), chart_->Current()});
    return trial_balance::ImportReferences{now.structure.get(), now.book.get(), now.chart.get()};
  });
}

absl::Status ImportCancelled() {
  return absl::CancelledError(
      "the import's call was cancelled or ran out of time before it was imported; nothing "
      "was written");
}

grpc::ServerUnaryReactor* TrialBalanceService::ImportTrialBalance(
    grpc::CallbackServerContext* context, const v1::ImportTrialBalanceRequest* request,
    v1::ImportTrialBalanceResponse* response) {
  absl::StatusOr<std::string> caller =
      authorizer_ == nullptr ? std::string() : authorizer_->AuthorizeCall(*context);
  if (!caller.ok()) return FinishUnary(context, caller.status());
  trial_balance::TrialBalanceImport import;
  absl::Status converted = AddToImport(*request, /*first_message=*/true, 0, &import);
  if (!converted.ok()) return FinishUnary(context, converted);
  ImportLane* lane = import_limits_.lane;
  if (lane == nullptr) {
    absl::StatusOr<trial_balance::TrialBalanceHeader> header = Import(import, *caller);
    if (header.ok()) *response->mutable_trial_balance() = TrialBalanceHeaderToProto(*header);
    return FinishUnary(context, header.status());
  }
  // Answered from the lane's thread; the call (and its group's lease) lives until then.
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto shared = std::make_shared<trial_balance::TrialBalanceImport>(std::move(import));
  absl::Status queued = lane->Submit([this, context, reactor, response, shared,
                                      who = *std::move(caller)] {
    if (context->IsCancelled()) {
      reactor->Finish(ToGrpcStatus(ImportCancelled()));
      return;
    }
    absl::StatusOr<trial_balance::TrialBalanceHeader> header = Import(*shared, who);
    if (header.ok()) *response->mutable_trial_balance() = TrialBalanceHeaderToProto(*header);
    reactor->Finish(ToGrpcStatus(header.status()));
  });
  if (!queued.ok()) reactor->Finish(ToGrpcStatus(queued));
  return reactor;
}

grpc::ServerReadReactor<v1::ImportTrialBalanceRequest>*
TrialBalanceService::StreamImportTrialBalance(grpc::CallbackServerContext* context,
                                              v1::ImportTrialBalanceResponse* response) {
  absl::StatusOr<std::string> caller =
      authorizer_ == nullptr ? std::string() : authorizer_->AuthorizeCall(*context);
  if (!caller.ok()) return new FinishedReader<v1::ImportTrialBalanceRequest>(caller.status());
  // Released by the reactor's OnDone.
  if (absl::Status slot = stream_slots_.Take(); !slot.ok()) {
    return new FinishedReader<v1::ImportTrialBalanceRequest>(slot);
  }
  return NewImportStreamReactor(this, context, response, *std::move(caller));
}

}  // namespace interco::api
