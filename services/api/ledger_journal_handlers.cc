// LedgerService.GetLedgerHead and LedgerService.PostJournalEntry. A manual journal entry
// takes the postings' road: the same request_id and business-key records, the same
// sequencer (so closed periods are refused or rolled forward at commit, and two concurrent
// first attempts post once), the same reversal.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/api/grpc_status.h"
#include "services/api/ledger_convert.h"
#include "services/api/ledger_service.h"
#include "services/api/reactors.h"
#include "services/common/field_error.h"
#include "services/common/request_id.h"
#include "services/common/status_macros.h"
#include "services/group/validation.h"
#include "services/ledger/fingerprint.h"
#include "services/ledger/journal_entry_builder.h"

namespace interco::api {
namespace {

// The sequencer names the business key as a posting's field; for an entry it is entry_id.
absl::Status AsEntryField(absl::Status status) {
  return RenameField(std::move(status), "transaction.transaction_id", "entry_id");
}

absl::StatusOr<v1::PostJournalEntryResponse> JournalReply(const ledger::JournalEntry& entry,
                                                          absl::string_view request_id) {
  ASSIGN_OR_RETURN(v1::PostJournalEntryResponse reply, JournalEntryResponse(entry));
  if (entry.request_id != request_id) reply.set_original_request_id(entry.request_id);
  return reply;
}

}  // namespace

grpc::ServerUnaryReactor* LedgerService::GetLedgerHead(grpc::CallbackServerContext* context,
                                                       const v1::GetLedgerHeadRequest*,
                                                       v1::LedgerHead* response) {
  if (auto* refused = RefuseUnary(authorizer_, context, Permission::kRead)) return refused;
  const ledger::ChainHead head = journal_->CurrentHead();
  response->set_sequence(head.sequence);
  response->set_chain_hash(ledger::HashHex(head.hash));
  response->set_structure_version(structures_->Current()->version());
  response->set_pricing_version(pricing_->Current()->version());
  return FinishUnary(context, absl::OkStatus());
}

absl::Status LedgerService::CheckEveryEntity(absl::string_view caller,
                                             const ledger::Posting& posting) const {
  if (authorizer_ == nullptr) return absl::OkStatus();
  // Unlike a priced posting, whose other side follows from a policy, a manual entry says
  // what it books: a poster may write only its own entities' books.
  std::vector<std::string> checked;
  for (const ledger::LedgerLine& line : posting.lines) {
    if (std::find(checked.begin(), checked.end(), line.entity_id) != checked.end()) continue;
    RETURN_IF_ERROR(authorizer_->CheckEntities(caller, {line.entity_id}));
    checked.push_back(line.entity_id);
  }
  return absl::OkStatus();
}

absl::StatusOr<LedgerService::Prepared> LedgerService::PrepareJournalEntry(
    const v1::PostJournalEntryRequest& request, absl::string_view caller) const {
  RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  RETURN_IF_ERROR(group::ValidateId("entry_id", request.entry_id()));
  ASSIGN_OR_RETURN(JournalEntryRequestInput input, JournalEntryFromProto(request));
  Prepared prepared;
  prepared.request_id = request.request_id();
  prepared.business_key = ledger::JournalEntryKey(request.entry_id());
  // A retry is answered from the journal whatever has changed since (accounts, rates).
  ASSIGN_OR_RETURN(std::optional<ledger::StoredRequest> stored,
                   journal_->FindRequest(request.request_id()));
  if (stored.has_value() && !ledger::SameRequest(stored->fingerprint, input.fingerprint, "")) {
    return RequestIdReused(request.request_id(), "a posting or entry with different content");
  }
  if (!stored.has_value()) {
    ASSIGN_OR_RETURN(stored, journal_->FindBusinessKey(prepared.business_key));
    if (stored.has_value() && !ledger::SameRequest(stored->fingerprint, input.fingerprint, "")) {
      return FieldError(absl::StatusCode::kAlreadyExists, "entry_id", request.entry_id(),
                        "ENTRY_ID_REUSED",
                        "this entry_id is on the ledger with different content; correct it by "
                        "reversal and an entry with an entry_id of its own");
    }
  }
  if (stored.has_value()) {
    ASSIGN_OR_RETURN(prepared.existing, journal_->Get(stored->sequence));
    RETURN_IF_ERROR(CheckEveryEntity(caller, prepared.existing->posting));
    return prepared;
  }
  const auto structure = structures_->Current();
  const auto book = pricing_->Current();
  ASSIGN_OR_RETURN(prepared.pending.posting,
                   ledger::BuildJournalEntry(input.entry, *structure, *book));
  RETURN_IF_ERROR(CheckEveryEntity(caller, prepared.pending.posting));
  prepared.pending.request_id = request.request_id();
  prepared.pending.fingerprint = std::move(input.fingerprint);
  prepared.pending.business_key = prepared.business_key;
  return prepared;
}

grpc::ServerUnaryReactor* LedgerService::PostJournalEntry(
    grpc::CallbackServerContext* context, const v1::PostJournalEntryRequest* request,
    v1::PostJournalEntryResponse* response) {
  absl::StatusOr<std::string> caller = Authorize(*context, Permission::kPost);
  if (!caller.ok()) return FinishUnary(context, caller.status());
  absl::StatusOr<Prepared> prepared = PrepareJournalEntry(*request, *caller);
  if (!prepared.ok()) return FinishUnary(context, prepared.status());
  if (prepared->existing.has_value()) {
    absl::StatusOr<v1::PostJournalEntryResponse> reply =
        JournalReply(*prepared->existing, prepared->request_id);
    if (reply.ok()) *response = *std::move(reply);
    return FinishUnary(context, reply.status());
  }
  if (absl::Status in_time = CheckDeadline(*context); !in_time.ok()) {
    return FinishUnary(context, in_time);
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::vector<ledger::PendingPosting> group;
  group.push_back(std::move(prepared->pending));
  sequencer_->Submit(std::move(group),
                     [reactor, response, request_id = std::move(prepared->request_id)](
                         absl::StatusOr<std::vector<ledger::JournalEntry>> entries) {
                       absl::Status status = AsEntryField(entries.status());
                       if (status.ok()) {
                         absl::StatusOr<v1::PostJournalEntryResponse> reply =
                             JournalReply(entries->front(), request_id);
                         if (reply.ok()) *response = *std::move(reply);
                         status = reply.status();
                       }
                       reactor->Finish(ToGrpcStatus(status));
                     });
  return reactor;
}

}  // namespace interco::api
