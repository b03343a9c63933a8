// LedgerService.GetLedgerHead and LedgerService.PostJournalEntry. A manual journal entry
// takes the postings' road: the same request_id and business-key records, the same
// sequencer (so closed periods are refused or rolled forward at commit, and two concurrent
// first attempts post once), the same reversal.
#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "services/api/grpc_status.h"
#include "services/api/history_convert.h"
#include "services/api/ledger_convert.h"
#include "services/api/ledger_service.h"
#include "services/api/reactors.h"
#include "services/common/field_error.h"
#include "services/common/request_id.h"
#include "services/common/status_macros.h"
#include "services/group/validation.h"
#include "services/posting/journal_entry_builder.h"

namespace interco::api {
namespace {

absl::Status JournalReply(const ledger::JournalEntry& entry, absl::string_view request_id,
                          v1::PostJournalEntryResponse* reply) {
  RETURN_IF_ERROR(JournalEntryResponseToProto(entry, reply));
  if (entry.request_id != request_id) reply->set_original_request_id(entry.request_id);
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* LedgerService::GetLedgerHead(grpc::CallbackServerContext* context,
                                                       const v1::GetLedgerHeadRequest*,
                                                       v1::LedgerHead* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  const ledger::ChainHead head = journal_->CurrentHead();
  response->set_sequence(head.sequence);
  response->set_chain_hash(ledger::HashHex(head.hash));
  response->set_structure_version(structures_->Current()->version());
  response->set_pricing_version(pricing_->Current()->version());
  std::vector<ledger::FamilyHead> heads;
  for (const ledger::ChainedFamily* history : histories_) {
    heads.push_back(history->Head());
    FamilyHeadToProto(heads.back(), response->add_family_heads());
  }
  response->set_combined_hash(ledger::HashHex(ledger::CombineHeads(head, heads)));
  return FinishUnary(context, absl::OkStatus());
}

absl::Status LedgerService::CheckEveryEntity(absl::string_view caller,
                                             const ledger::Posting& posting) const {
  // Unlike a priced posting, whose other side follows from a policy, a manual entry says
  // what it books: a poster may write only its own entities' books.
  std::vector<std::string> checked;
  for (const ledger::LedgerLine& line : posting.lines) {
    if (std::find(checked.begin(), checked.end(), line.entity_id) != checked.end()) continue;
    RETURN_IF_ERROR(
        authorizer_->CheckEntities(caller, {line.entity_id}, security::EntityWrite::kPosting));
    checked.push_back(line.entity_id);
  }
  return absl::OkStatus();
}

absl::StatusOr<LedgerService::Prepared> LedgerService::PrepareJournalEntry(
    const v1::PostJournalEntryRequest& request, absl::string_view caller) const {
  RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  RETURN_IF_ERROR(group::ValidateId("entry_id", request.entry_id()));
  ASSIGN_OR_RETURN(JournalEntryRequestInput converted, JournalEntryFromProto(request));
  auto input = std::make_shared<const JournalEntryRequestInput>(std::move(converted));
  ledger::PostingRequest posting;
  posting.request_id = request.request_id();
  posting.business_key = posting::JournalEntryKey(request.entry_id());
  posting.business_key_field = "entry_id";
  posting.business_key_reason = "ENTRY_ID_REUSED";
  posting.fingerprint = input->fingerprint;
  // A retry is answered from the journal whatever has changed since (accounts, rates).
  posting.build = [this, input]() -> absl::StatusOr<ledger::Posting> {
    return posting::BuildJournalEntry(input->entry, *structures_->Current(), *pricing_->Current());
  };
  posting.may_post = [this, caller = std::string(caller)](const ledger::Posting& built) {
    return CheckEveryEntity(caller, built);
  };
  return poster_.Prepare(posting);
}

grpc::ServerUnaryReactor* LedgerService::PostJournalEntry(
    grpc::CallbackServerContext* context, const v1::PostJournalEntryRequest* request,
    v1::PostJournalEntryResponse* response) {
  absl::StatusOr<std::string> caller = authorizer_->AuthorizeCall(*context);
  if (!caller.ok()) return FinishUnary(context, caller.status());
  return Submit(context, PrepareJournalEntry(*request, *caller), response, &JournalReply);
}

grpc::ServerWriteReactor<v1::WatchJournalResponse>* LedgerService::WatchJournal(
    grpc::CallbackServerContext* context, const v1::WatchJournalRequest* request) {
  const absl::StatusOr<security::EntityReadScope> scope =
      authorizer_->AuthorizeEntityRead(*context);
  if (!scope.ok()) return new FinishedWriter<v1::WatchJournalResponse>(scope.status());
  if (limits_.watchers == nullptr) {
    return new FinishedWriter<v1::WatchJournalResponse>(
        absl::UnimplementedError("this server does not watch its journal"));
  }
  // Released by the reactor when the call ends.
  if (absl::Status slot = watch_slots_.Take(); !slot.ok()) {
    return new FinishedWriter<v1::WatchJournalResponse>(slot);
  }
  return NewJournalWatch(
      &poster_, limits_.watchers, &watch_slots_,
      [scope = *scope](const ledger::JournalEntry& entry) {
        return scope.AllowsAny(EntitiesOf(entry.posting));
      },
      request->after_sequence());
}

}  // namespace interco::api
