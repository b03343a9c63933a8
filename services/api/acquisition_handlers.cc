// GroupStructureService's acquisitions: the upsert, through group::UpsertAcquisition, and
// the read-backs as of a structure version. An acquisition is entity data of its holder
// and of its held entity: a caller reads those that name an entity its read scope allows
// (security/entity_read_scope.h), as it reads the entries that book one of its entities.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/api/acquisition_convert.h"
#include "services/api/authorizer.h"
#include "services/api/group_structure_service.h"
#include "services/api/paging.h"
#include "services/api/reactors.h"
#include "services/common/field_error.h"
#include "services/common/request_id.h"
#include "services/group/acquisition_upsert.h"
#include "services/group/validation.h"

namespace interco::api {
namespace {

using AcquisitionEntry = std::pair<const group::GroupStructure::AcquisitionKey, group::Acquisition>;

std::vector<std::string> AcquisitionKey(const AcquisitionEntry* entry) {
  return {entry->first.first, entry->first.second};
}

absl::Status UnknownAcquisition(const group::GroupStructure& structure,
                                const v1::GetAcquisitionRequest& request) {
  for (const auto& [field, id] :
       {std::pair{"holder_id", &request.holder_id()}, std::pair{"held_id", &request.held_id()}}) {
    if (structure.FindEntity(*id) == nullptr) {
      return NotFoundField(field, *id, "UNKNOWN_ID", "no legal entity with this id");
    }
  }
  return NotFoundField(
      "held_id", request.held_id(), "UNKNOWN_ACQUISITION",
      absl::StrCat("no acquisition of ", request.held_id(), " by ", request.holder_id(),
                   " at structure version ", structure.version()));
}

// The record as the wire states it. Every stored amount came from google.type.Money, so it
// fits one: a failure is our bug.
absl::StatusOr<v1::Acquisition> ToWire(const group::GroupStructure& structure,
                                       const group::Acquisition& acquisition) {
  absl::StatusOr<v1::Acquisition> wire =
      AcquisitionToProto(acquisition, HeldCurrency(structure, acquisition));
  if (!wire.ok()) return absl::InternalError(wire.status().message());
  return wire;
}

}  // namespace

grpc::ServerUnaryReactor* GroupStructureService::UpsertAcquisition(
    grpc::CallbackServerContext* context, const v1::UpsertAcquisitionRequest* request,
    v1::UpsertAcquisitionResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  if (absl::Status valid = ValidateRequestId(request->request_id()); !valid.ok()) {
    return FinishUnary(context, valid);
  }
  absl::StatusOr<group::AcquisitionUpsert> upsert = AcquisitionUpsertFromProto(*request);
  if (!upsert.ok()) return FinishUnary(context, PrefixField("acquisition", upsert.status()));
  ledger::Sequencer* sequencer = sequencer_;
  auto applied = group::UpsertAcquisition(
      *registry_, *chart_accounts_, *upsert,
      [sequencer](absl::FunctionRef<void()> fn) { sequencer->RunExclusive(fn); });
  if (!applied.ok()) {
    // The record keeps the consideration's currency beside it; the wire, inside its Money.
    return FinishUnary(
        context,
        PrefixRecordError("acquisition", RenameField(applied.status(), "consideration_currency",
                                                     "consideration.currency_code")));
  }
  const auto& record = std::get<group::Acquisition>(applied->record);
  absl::StatusOr<v1::Acquisition> wire = ToWire(*registry_->Current(), record);
  if (!wire.ok()) return FinishUnary(context, wire.status());
  *response->mutable_acquisition() = *std::move(wire);
  response->set_structure_version(applied->version);
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* GroupStructureService::GetAcquisition(
    grpc::CallbackServerContext* context, const v1::GetAcquisitionRequest* request,
    v1::VersionedAcquisition* response) {
  const absl::StatusOr<security::EntityReadScope> scope =
      authorizer_->AuthorizeEntityRead(*context);
  if (!scope.ok()) return FinishUnary(context, scope.status());
  // Checked before the lookup, so a refusal tells nothing of what exists.
  for (const auto& [field, id] :
       {std::pair{"holder_id", &request->holder_id()}, std::pair{"held_id", &request->held_id()}}) {
    if (absl::Status valid = group::ValidateId(field, *id); !valid.ok()) {
      return FinishUnary(context, valid);
    }
  }
  if (absl::Status allowed = scope->CheckAny({request->holder_id(), request->held_id()});
      !allowed.ok()) {
    return FinishUnary(context, allowed);
  }
  auto structure =
      registry_->AtVersion(request->as_of_structure_version(), "as_of_structure_version");
  if (!structure.ok()) return FinishUnary(context, structure.status());
  const group::Acquisition* acquisition =
      (*structure)->FindAcquisition(request->holder_id(), request->held_id());
  if (acquisition == nullptr) {
    return FinishUnary(context, UnknownAcquisition(**structure, *request));
  }
  absl::StatusOr<v1::Acquisition> wire = ToWire(**structure, *acquisition);
  if (!wire.ok()) return FinishUnary(context, wire.status());
  *response->mutable_acquisition() = *std::move(wire);
  response->set_structure_version((*structure)->WrittenAt(*acquisition));
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* GroupStructureService::ListAcquisitions(
    grpc::CallbackServerContext* context, const v1::ListAcquisitionsRequest* request,
    v1::ListAcquisitionsResponse* response) {
  const absl::StatusOr<security::EntityReadScope> scope =
      authorizer_->AuthorizeEntityRead(*context);
  if (!scope.ok()) return FinishUnary(context, scope.status());
  absl::StatusOr<PageRequest> page =
      ParsePageRequest("acquisitions", request->page_size(), request->page_token(), 2);
  if (!page.ok()) return FinishUnary(context, page.status());
  auto structure =
      registry_->AtVersion(request->as_of_structure_version(), "as_of_structure_version");
  if (!structure.ok()) return FinishUnary(context, structure.status());
  std::vector<const AcquisitionEntry*> candidates = Entries((*structure)->acquisitions());
  candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                  [&](const AcquisitionEntry* e) {
                                    return !scope->Allows(e->first.first) &&
                                           !scope->Allows(e->first.second);
                                  }),
                   candidates.end());
  for (const AcquisitionEntry* entry :
       TakePage(std::move(candidates), *page, "acquisitions", AcquisitionKey,
                response->mutable_next_page_token())) {
    absl::StatusOr<v1::Acquisition> wire = ToWire(**structure, entry->second);
    if (!wire.ok()) return FinishUnary(context, wire.status());
    v1::VersionedAcquisition* item = response->add_acquisitions();
    *item->mutable_acquisition() = *std::move(wire);
    item->set_structure_version((*structure)->WrittenAt(entry->second));
  }
  return FinishUnary(context, absl::OkStatus());
}

}  // namespace interco::api
