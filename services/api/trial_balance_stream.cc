// The reactor behind TrialBalanceService.StreamImportTrialBalance: gathers one import from
// the stream's messages, bounded in lines and bytes, and imports it once the client has
// closed its side, through the same TrialBalanceService::Import as the unary call. Open
// streams are capped and idle ones ended, as the posting streams are (stream_limits.h).
//
// Since the import is written only at the end, everything a stream holds until then is a
// cost that a client could impose without ever being allowed to import: so the first
// message is checked for what it can tell (the caller may import for the entity, which
// exists), each message is charged to the server's budget of import bytes before it is
// kept, and a stream must keep a minimum rate and a maximum duration (import_pace.h).
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/api/grpc_status.h"
#include "services/api/parsed_client_stream.h"
#include "services/api/trial_balance_convert.h"
#include "services/api/trial_balance_service.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"

namespace interco::api {
namespace {

class ImportStreamReactor final : public grpc::ServerReadReactor<v1::ImportTrialBalanceRequest>,
                                  public UnparsableMessageObserver,
                                  public IdleStreamReaper::Stream {
 public:
  ImportStreamReactor(const TrialBalanceService* service, grpc::CallbackServerContext* context,
                      v1::ImportTrialBalanceResponse* response, std::string caller)
      : service_(service),
        context_(context),
        response_(response),
        caller_(std::move(caller)),
        pace_(service->import_limits().pace, absl::Now()) {
    if (service_->import_limits().budget != nullptr) {
      charge_.emplace(service_->import_limits().budget);
    }
    service_->idle_streams()->Add(this);
    StartRead(&request_);
  }

  // The stream's call ends with INVALID_ARGUMENT naming the message; nothing is imported.
  void OnUnparsableMessage() override {
    absl::MutexLock lock(&mu_);
    unparsable_ = true;
  }

  // Nothing is imported before the client closes its side, so an idle stream ends with
  // nothing written; once closed, the import is under way and is never cut short.
  // The reaper's look, about once a second, is also when a stream that trickles is ended
  // (too slow, or too long), as a client that sends nothing more would never be otherwise.
  void EndIfIdleSince(absl::Time cutoff) override {
    absl::MutexLock lock(&mu_);
    if (finished_ || importing_) return;
    if (absl::Status pace = pace_.Check(absl::Now()); !pace.ok()) {
      FinishLocked(pace);
      return;
    }
    if (last_message_ >= cutoff) return;
    FinishLocked(WithReason(
        absl::DeadlineExceededError("the import stream sent nothing for too long and was ended; "
                                    "nothing was written, resend it"),
        "STREAM_IDLE"));
  }

  void OnReadDone(bool ok) override {
    // One read is outstanding at a time, so reactions do not overlap; the mutex orders
    // them with the reaper's EndIfIdleSince.
    absl::MutexLock lock(&mu_);
    if (finished_) return;  // Ended as idle while this read completed.
    if (!ok) {
      OnInputEndedLocked();
      return;
    }
    last_message_ = absl::Now();
    const size_t message_bytes = request_.ByteSizeLong();
    bytes_ += message_bytes;
    if (bytes_ > kMaxTrialBalanceStreamBytes ||
        import_.lines.size() + request_.lines_size() > trial_balance::kMaxTrialBalanceLines) {
      FinishLocked(FieldError(
          absl::StatusCode::kResourceExhausted, "lines",
          absl::StrCat(import_.lines.size() + request_.lines_size()), "TOO_MANY_LINES",
          absl::StrCat("an import carries at most ", trial_balance::kMaxTrialBalanceLines,
                       " lines and ", kMaxTrialBalanceStreamBytes, " bytes; nothing was written")));
      return;
    }
    if (absl::Status kept = Keep(message_bytes); !kept.ok()) {
      FinishLocked(kept);
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override {
    service_->idle_streams()->Remove(this);
    {
      absl::MutexLock lock(&mu_);
      ReleaseSlotLocked();  // A call that ended without Finish (it always has one today).
    }
    delete this;
  }

 private:
  // Adds the message read to the import, or the reason the stream ends: its content, on
  // the first message what the import's final checks would refuse it for, the budget of
  // import bytes, or its pace.
  absl::Status Keep(size_t message_bytes) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    const bool first = messages_ == 0;
    ++messages_;
    RETURN_IF_ERROR(AddToImport(request_, first, import_.lines.size(), &import_));
    if (first) RETURN_IF_ERROR(service_->CheckImportHeader(import_, caller_));
    if (charge_.has_value()) RETURN_IF_ERROR(charge_->Add(message_bytes));
    pace_.Received(message_bytes);
    return pace_.Check(absl::Now());
  }

  // The client closed its side, the call ended, or a message did not parse.
  void OnInputEndedLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (unparsable_) {
      // Nothing imported; the parsing reader turns this OK into its INVALID_ARGUMENT naming
      // the message (parsed_client_stream.h).
      FinishLocked(absl::OkStatus());
      return;
    }
    if (context_->IsCancelled()) {
      FinishLocked(ImportCancelled());
      return;
    }
    if (messages_ == 0) {
      FinishLocked(WithReason(absl::InvalidArgumentError("the import stream carried no message"),
                              "EMPTY_STREAM"));
      return;
    }
    // The client closed its side: the import is complete. It is made without the lock, so
    // that the reaper does not wait for it (an import may wait for the ledger's writer), on
    // the server's import lane when there is one.
    importing_ = true;
    ImportLane* lane = service_->import_limits().lane;
    if (lane == nullptr) {
      mu_.Unlock();
      ImportAndFinish();
      mu_.Lock();
      return;
    }
    if (absl::Status queued = lane->Submit([this] { ImportAndFinish(); }); !queued.ok()) {
      FinishLocked(queued);
    }
  }

  // Called without the lock, once importing_ is set (nothing else then touches import_).
  void ImportAndFinish() ABSL_LOCKS_EXCLUDED(mu_) {
    absl::StatusOr<trial_balance::TrialBalanceHeader> header =
        context_->IsCancelled() ? ImportCancelled() : service_->Import(import_, caller_);
    absl::MutexLock lock(&mu_);
    if (header.ok()) *response_->mutable_trial_balance() = TrialBalanceHeaderToProto(*header);
    FinishLocked(header.status());
  }

  void FinishLocked(const absl::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    finished_ = true;
    // Nothing reads the import any more: its memory and its share of the budget go back
    // now, not when gRPC is done with the call.
    import_ = trial_balance::TrialBalanceImport();
    if (charge_.has_value()) charge_->Release();
    // The slot is free once the answer is decided, before the client can read it, so a
    // client that opens its next stream on reading the status is never refused for it.
    ReleaseSlotLocked();
    Finish(ToGrpcStatus(status));
  }

  void ReleaseSlotLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (slot_released_) return;
    slot_released_ = true;
    service_->stream_slots()->Release();
  }

  const TrialBalanceService* const service_;
  grpc::CallbackServerContext* const context_;
  v1::ImportTrialBalanceResponse* const response_;
  const std::string caller_;
  v1::ImportTrialBalanceRequest request_;  // Reused by every read.
  absl::Mutex mu_;
  // Written only under mu_ and before importing_ is set; read without it while importing.
  trial_balance::TrialBalanceImport import_;
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  int messages_ ABSL_GUARDED_BY(mu_) = 0;
  // This stream's share of the server's import bytes (none without a budget).
  std::optional<ImportBufferBudget::Charge> charge_ ABSL_GUARDED_BY(mu_);
  ImportPace pace_ ABSL_GUARDED_BY(mu_);
  bool importing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool unparsable_ ABSL_GUARDED_BY(mu_) = false;
  bool slot_released_ ABSL_GUARDED_BY(mu_) = false;
  // When the stream last heard from its client, or began waiting for it.
  absl::Time last_message_ ABSL_GUARDED_BY(mu_) = absl::Now();
};

}  // namespace

grpc::ServerReadReactor<v1::ImportTrialBalanceRequest>* NewImportStreamReactor(
    const TrialBalanceService* service, grpc::CallbackServerContext* context,
    v1::ImportTrialBalanceResponse* response, std::string caller) {
  return new ImportStreamReactor(service, context, response, std::move(caller));
}

}  // namespace interco::api
