#include "services/api/ledger_service.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/api/authorizer.h"
#include "services/api/convert.h"
#include "services/api/grpc_status.h"
#include "services/api/history_convert.h"
#include "services/api/ledger_convert.h"
#include "services/api/ledger_stream.h"
#include "services/api/paging.h"
#include "services/api/reactors.h"
#include "services/common/field_error.h"
#include "services/common/request_id.h"
#include "services/common/status_macros.h"
#include "services/group/validation.h"
#include "services/ledger/fingerprint.h"
#include "services/ledger/period.h"
#include "services/ledger/poster.h"
#include "services/ledger/reversal.h"
#include "services/posting/posting_builder.h"

namespace interco::api {
namespace {

// Prefixes the field path only when the error names one.
absl::Status PrefixIfField(absl::string_view prefix, absl::Status status) {
  const std::optional<ErrorDetail> detail = GetErrorDetail(status);
  if (!detail.has_value() || detail->field.empty() || detail->field == "request_id") {
    return status;
  }
  return PrefixField(prefix, std::move(status));
}

// Collects the per-item results of a non-atomic batch and finishes the call when the last
// one arrives, on whichever thread that is.
class BatchCollector {
 public:
  BatchCollector(grpc::ServerUnaryReactor* reactor, v1::BatchPostTransactionsResponse* response,
                 int items)
      : reactor_(reactor), response_(response), remaining_(items) {
    response_->mutable_results()->Reserve(items);
    for (int i = 0; i < items; ++i) response_->add_results();
  }
  // `request_id` is the item's own, to tell a resent invoice (posted under another id).
  void Set(int index, const ledger::Posted& posted, absl::string_view request_id) {
    bool last = false;
    {
      // The reply is built in place, under the lock: items answered inline (errors,
      // retries) and by the writer's answer thread share the response.
      absl::MutexLock lock(&mu_);
      v1::PostResult* slot = response_->mutable_results(index);
      absl::Status status = posted.status();
      if (status.ok()) status = LedgerService::Reply(*posted, request_id, slot->mutable_response());
      if (status.ok()) {
        slot->mutable_status()->set_code(0);
      } else {
        slot->clear_response();
        *slot->mutable_status() = ToRpcStatus(status);
      }
      last = --remaining_ == 0;
    }
    if (last) reactor_->Finish(grpc::Status::OK);
  }

 private:
  grpc::ServerUnaryReactor* const reactor_;
  v1::BatchPostTransactionsResponse* const response_;
  absl::Mutex mu_;
  int remaining_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

// A call whose deadline passed while it was validated and priced is not handed to the
// writer: the caller has already been told DEADLINE_EXCEEDED and will retry, and a write
// it cannot see acknowledged is only load.
absl::Status LedgerService::CheckDeadline(const grpc::CallbackServerContext& context) {
  return ledger::CheckInTime(absl::FromChrono(context.deadline()));
}

absl::Status LedgerService::Reply(const ledger::JournalEntry& entry, absl::string_view request_id,
                                  v1::PostTransactionResponse* reply) {
  RETURN_IF_ERROR(PostResponseToProto(entry, reply));
  if (entry.request_id != request_id) reply->set_original_request_id(entry.request_id);
  return absl::OkStatus();
}

std::vector<std::string> LedgerService::EntitiesOf(const ledger::Posting& posting) {
  std::vector<std::string> entities;
  for (const ledger::LedgerLine& line : posting.lines) {
    if (std::find(entities.begin(), entities.end(), line.entity_id) == entities.end()) {
      entities.push_back(line.entity_id);
    }
  }
  return entities;
}

absl::Status LedgerService::CheckEntities(absl::string_view caller,
                                          const ledger::Posting& posting) const {
  return authorizer_->CheckEntities(caller, EntitiesOf(posting), security::EntityWrite::kPosting);
}

absl::StatusOr<LedgerService::Prepared> LedgerService::Prepare(
    const v1::PostTransactionRequest& request, absl::string_view caller) const {
  RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  absl::StatusOr<TransactionInput> converted = TransactionFromProto(request.transaction());
  if (!converted.ok()) return PrefixIfField("transaction", converted.status());
  auto input = std::make_shared<const TransactionInput>(*std::move(converted));
  ledger::PostingRequest posting;
  posting.request_id = request.request_id();
  posting.business_key = ledger::BusinessKey(input->request.seller.id, input->transaction_id);
  posting.fingerprint = input->fingerprint;
  posting.legacy_fingerprint = input->legacy_fingerprint;
  posting.build = [this, input]() -> absl::StatusOr<ledger::Posting> {
    const auto structure = structures_->Current();
    const auto book = pricing_->Current();
    absl::StatusOr<pricing::Quote> quote =
        pricing::PriceTransaction(*structure, *book, input->request);
    if (!quote.ok()) {
      return PrefixIfField("transaction",
                           RenameField(quote.status(), "tested_unit_price", "unit_price"));
    }
    return posting::BuildPosting(input->transaction_id, input->request, *quote, *book);
  };
  posting.may_post = [this, caller = std::string(caller)](const ledger::Posting& built) {
    return CheckEntities(caller, built);
  };
  return poster_.Prepare(posting);
}

grpc::ServerUnaryReactor* LedgerService::PostTransaction(grpc::CallbackServerContext* context,
                                                         const v1::PostTransactionRequest* request,
                                                         v1::PostTransactionResponse* response) {
  absl::StatusOr<std::string> caller = authorizer_->AuthorizeCall(*context);
  if (!caller.ok()) return FinishUnary(context, caller.status());
  return Submit(context, Prepare(*request, *caller), response, &Reply);
}

grpc::ServerUnaryReactor* LedgerService::BatchPostTransactions(
    grpc::CallbackServerContext* context, const v1::BatchPostTransactionsRequest* request,
    v1::BatchPostTransactionsResponse* response) {
  const absl::StatusOr<std::string> caller = authorizer_->AuthorizeCall(*context);
  if (!caller.ok()) return FinishUnary(context, caller.status());
  const int n = request->transactions_size();
  absl::Status status = ValidateRequestId(request->request_id());
  if (status.ok() && (n == 0 || n > kMaxBatchTransactions)) {
    status =
        InvalidField("transactions", absl::StrCat(n, " items"), "BAD_BATCH_SIZE",
                     absl::StrCat("a batch holds 1 to ", kMaxBatchTransactions, " transactions"));
  }
  if (!status.ok()) return FinishUnary(context, status);
  std::vector<absl::StatusOr<Prepared>> prepared;
  prepared.reserve(n);
  for (int i = 0; i < n; ++i) {
    prepared.push_back(Prepare(request->transactions(i), *caller));
    if (!prepared.back().ok()) {
      prepared.back() =
          PrefixField(absl::StrCat("transactions[", i, "]"), prepared.back().status());
    }
  }
  if (absl::Status in_time = CheckDeadline(*context); !in_time.ok()) {
    return FinishUnary(context, in_time);
  }
  if (absl::Status fits = CheckReplyFits(prepared); !fits.ok()) return FinishUnary(context, fits);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (request->atomic()) {
    SubmitAtomic(std::move(prepared), reactor, response);
  } else {
    SubmitEach(std::move(prepared), reactor, response);
  }
  return reactor;
}

absl::Status LedgerService::CheckReplyFits(
    const std::vector<absl::StatusOr<Prepared>>& prepared) const {
  // Whatever the writer answers an item (its posting, the original, or an error of at most
  // about a kilobyte), its reply is at most this: the posting's reply with the widest
  // sequence and an original_request_id of the longest kind.
  constexpr size_t kItemErrorBytes = 1024, kFramingBytes = 16;
  size_t bytes = 0;
  for (const absl::StatusOr<Prepared>& item : prepared) {
    size_t item_bytes = kItemErrorBytes;
    if (!item.ok()) {
      item_bytes = ToRpcStatus(item.status()).ByteSizeLong();
    } else {
      const ledger::Posting& posting =
          item->existing.has_value() ? item->existing->posting : item->pending.posting;
      item_bytes = std::max(item_bytes, PostResponseBytesBound(posting) + kMaxRequestIdBytes + 3);
    }
    bytes += item_bytes + kFramingBytes;
  }
  if (bytes <= limits_.max_reply_bytes) return absl::OkStatus();
  return InvalidField("transactions", absl::StrCat(prepared.size(), " items"), "REPLY_TOO_LARGE",
                      absl::StrCat("the reply could take ", bytes, " bytes, more than the ",
                                   limits_.max_reply_bytes,
                                   " a message may hold; nothing was written, send fewer "
                                   "transactions per batch"));
}

void LedgerService::SubmitEach(std::vector<absl::StatusOr<Prepared>> prepared,
                               grpc::ServerUnaryReactor* reactor,
                               v1::BatchPostTransactionsResponse* response) {
  auto collector =
      std::make_shared<BatchCollector>(reactor, response, static_cast<int>(prepared.size()));
  std::vector<std::string> request_ids;
  for (const absl::StatusOr<Prepared>& item : prepared) {
    request_ids.push_back(item.ok() ? item->request_id : "");
  }
  poster_.PostEach(std::move(prepared), [collector, request_ids = std::move(request_ids)](
                                            size_t i, ledger::Posted posted) {
    collector->Set(static_cast<int>(i), posted, request_ids[i]);
  });
}

void LedgerService::SubmitAtomic(std::vector<absl::StatusOr<Prepared>> prepared,
                                 grpc::ServerUnaryReactor* reactor,
                                 v1::BatchPostTransactionsResponse* response) {
  std::vector<std::string> request_ids;
  for (const absl::StatusOr<Prepared>& item : prepared) {
    request_ids.push_back(item.ok() ? item->request_id : "");
  }
  poster_.PostAtomic(
      std::move(prepared), [](size_t i) { return absl::StrCat("transactions[", i, "]"); },
      [reactor, response, request_ids = std::move(request_ids)](
          absl::StatusOr<std::vector<ledger::JournalEntry>> entries) {
        if (!entries.ok()) return reactor->Finish(ToGrpcStatus(entries.status()));
        response->mutable_results()->Reserve(static_cast<int>(entries->size()));
        for (size_t i = 0; i < entries->size(); ++i) {
          const absl::Status reply =
              Reply((*entries)[i], request_ids[i], response->add_results()->mutable_response());
          if (!reply.ok()) return reactor->Finish(ToGrpcStatus(reply));
        }
        reactor->Finish(grpc::Status::OK);
      });
}

grpc::ServerReadReactor<v1::PostTransactionRequest>* LedgerService::StreamPostTransactions(
    grpc::CallbackServerContext* context, v1::StreamPostTransactionsResponse* response) {
  absl::StatusOr<std::string> caller = authorizer_->AuthorizeCall(*context);
  if (!caller.ok()) return new FinishedReader<v1::PostTransactionRequest>(caller.status());
  if (absl::Status slot = stream_slots_.Take(); !slot.ok()) {
    return new FinishedReader<v1::PostTransactionRequest>(slot);
  }
  return NewStreamPostReactor(this, response, *std::move(caller),
                              [this] { stream_slots_.Release(); });
}

absl::StatusOr<LedgerService::Prepared> LedgerService::PrepareReversal(
    const v1::ReverseTransactionRequest& request, absl::string_view caller) const {
  RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  ASSIGN_OR_RETURN(const absl::CivilDay date, DayFromProto(request.date(), "date"));
  RETURN_IF_ERROR(group::ValidateDay("date", date));
  ledger::PostingRequest posting;
  posting.request_id = request.request_id();
  // A reversal request is identified by what it reverses and when; it has no business key.
  posting.fingerprint = ledger::ReversalFingerprint(request.sequence(), date);
  posting.legacy_fingerprint =
      absl::StrCat("reverse/", request.sequence(), "/", group::DayText(date));  // Version 1.
  posting.build = [this, sequence = request.sequence(), date,
                   caller = std::string(caller)]() -> absl::StatusOr<ledger::Posting> {
    ASSIGN_OR_RETURN(const ledger::JournalEntry original, poster_.EntryAt(sequence));
    // Whose entry it is comes first: ReversalOf's refusals tell of the original (its date,
    // whether it is a reversal), which only a caller who may book its entities may learn.
    RETURN_IF_ERROR(CheckEntities(caller, original.posting));
    return ledger::ReversalOf(original, date);
  };
  posting.may_post = [this, caller = std::string(caller)](const ledger::Posting& built) {
    return CheckEntities(caller, built);
  };
  return poster_.Prepare(posting);
}

grpc::ServerUnaryReactor* LedgerService::ReverseTransaction(
    grpc::CallbackServerContext* context, const v1::ReverseTransactionRequest* request,
    v1::PostTransactionResponse* response) {
  absl::StatusOr<std::string> caller = authorizer_->AuthorizeCall(*context);
  if (!caller.ok()) return FinishUnary(context, caller.status());
  return Submit(context, PrepareReversal(*request, *caller), response, &Reply);
}

grpc::ServerUnaryReactor* LedgerService::GetEntry(grpc::CallbackServerContext* context,
                                                  const v1::GetEntryRequest* request,
                                                  v1::LedgerEntry* response) {
  const absl::StatusOr<security::EntityReadScope> scope =
      authorizer_->AuthorizeEntityRead(*context);
  if (!scope.ok()) return FinishUnary(context, scope.status());
  absl::StatusOr<ledger::JournalEntry> entry = poster_.EntryAt(request->sequence());
  if (!entry.ok()) return FinishUnary(context, entry.status());
  // A poster reads the entries that book one of its own entities only.
  if (absl::Status mine = scope->CheckAny(EntitiesOf(entry->posting)); !mine.ok()) {
    return FinishUnary(context, mine);
  }
  absl::StatusOr<v1::LedgerEntry> proto = EntryToProto(*entry);
  if (proto.ok()) *response = *std::move(proto);
  return FinishUnary(context, proto.status());
}

namespace {

// ListEntries' filters (empty when it has none); they look at the lines of the listed
// entity only.
std::function<bool(const ledger::JournalEntry&)> ListFilter(const v1::ListEntriesRequest& request) {
  const std::string entity = request.entity_id(), account = request.account(),
                    counterparty = request.counterparty_id(),
                    transaction = request.transaction_id();
  if (account.empty() && counterparty.empty() && transaction.empty()) return nullptr;
  return [=](const ledger::JournalEntry& entry) {
    if (!transaction.empty() && entry.posting.transaction_id != transaction) return false;
    for (const ledger::LedgerLine& line : entry.posting.lines) {
      if (line.entity_id == entity && (account.empty() || line.account == account) &&
          (counterparty.empty() || line.counterparty_id == counterparty)) {
        return true;
      }
    }
    return false;
  };
}

}  // namespace

grpc::ServerUnaryReactor* LedgerService::ListEntries(grpc::CallbackServerContext* context,
                                                     const v1::ListEntriesRequest* request,
                                                     v1::ListEntriesResponse* response) {
  const absl::StatusOr<security::EntityReadScope> scope =
      authorizer_->AuthorizeEntityRead(*context);
  if (!scope.ok()) return FinishUnary(context, scope.status());
  absl::Status status = group::ValidateId("entity_id", request->entity_id());
  // A poster lists the entries of its own entities only.
  if (status.ok()) status = scope->Check(request->entity_id());
  std::optional<ledger::Period> period;
  if (status.ok() && !request->period().empty()) {
    absl::StatusOr<ledger::Period> parsed = ledger::Period::Parse("period", request->period());
    status = parsed.status();
    if (parsed.ok()) period = *parsed;
  }
  absl::StatusOr<int> size = PageSize(request->page_size());
  if (status.ok()) status = size.status();
  std::string after;
  if (status.ok() && !absl::WebSafeBase64Unescape(request->page_token(), &after)) {
    status = InvalidField("page_token", request->page_token(), "INVALID_PAGE_TOKEN",
                          "not a token from a previous response");
  }
  if (!status.ok()) return FinishUnary(context, status);
  const std::string entity = request->entity_id();
  const std::function<bool(const ledger::JournalEntry&)> keep = ListFilter(*request);
  // A filtered page may examine Journal::kMaxListExamined entries: on the server's readers,
  // so that many of them at once cannot take the threads health checks are answered on.
  auto list = [this, entity, period, keep, after, page_size = *size, response]() -> absl::Status {
    std::string next;
    absl::StatusOr<std::vector<ledger::JournalEntry>> entries =
        journal_->List(entity, period, keep, after, page_size, &next);
    if (!entries.ok()) return entries.status();
    for (const ledger::JournalEntry& entry : *entries) {
      absl::StatusOr<v1::LedgerEntry> proto = EntryToProto(entry);
      if (!proto.ok()) return proto.status();
      *response->add_entries() = *std::move(proto);
    }
    if (!next.empty()) response->set_next_page_token(absl::WebSafeBase64Escape(next));
    return absl::OkStatus();
  };
  return RunBoundedUnary(limits_.reads, context, std::move(list), ReadersBusy(limits_.reads));
}

absl::Status LedgerService::VerifyAll(const std::function<absl::Status()>& keep_going,
                                      v1::VerifyLedgerResponse* response) const {
  ASSIGN_OR_RETURN(const ledger::Verification verification, journal_->Verify(keep_going));
  response->set_ok(verification.ok);
  response->set_entries_checked(verification.entries_checked);
  response->set_first_broken_sequence(verification.first_broken_sequence);
  response->set_problem(verification.problem);
  response->set_affected_count(verification.affected_count);
  for (uint64_t sequence : verification.affected_sequences) {
    response->add_affected_sequences(sequence);
  }
  // Every history whatever the journal's result: damage is reported where it is.
  for (const ledger::ChainedFamily* history : histories_) {
    ASSIGN_OR_RETURN(const ledger::FamilyCheck check, history->Verify(keep_going));
    FamilyCheckToProto(check, response->add_families());
    if (!check.ok) response->set_ok(false);
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* LedgerService::VerifyLedger(grpc::CallbackServerContext* context,
                                                      const v1::VerifyLedgerRequest*,
                                                      v1::VerifyLedgerResponse* response) {
  // A whole-ledger read: for controllers and admins, not for posters.
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  const absl::Time deadline =
      std::min(absl::FromChrono(context->deadline()), absl::Now() + limits_.max_verification_time);
  // On a thread of the verifications' runner: the gRPC threads stay free for health checks
  // and postings, and a verification never waits behind another (no queue).
  auto verify = [this, context, response, deadline]() -> absl::Status {
    auto keep_going = [this, context, deadline]() -> absl::Status {
      if (verifications_.stopping()) return absl::UnavailableError("the server is shutting down");
      if (context->IsCancelled()) return absl::CancelledError("the call was cancelled");
      if (absl::Now() > deadline) {
        return WithReason(absl::DeadlineExceededError("the verification ran out of time before "
                                                      "the end of the ledger"),
                          "VERIFICATION_TIMED_OUT");
      }
      return absl::OkStatus();
    };
    return VerifyAll(keep_going, response);
  };
  return RunBoundedUnary(
      &verifications_, context, std::move(verify),
      WithReason(absl::ResourceExhaustedError(absl::StrCat(
                     "at most ", limits_.max_concurrent_verifications,
                     " ledger verifications run at once; retry when the running one has finished")),
                 "TOO_MANY_VERIFICATIONS"));
}

}  // namespace interco::api
