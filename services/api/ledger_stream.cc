#include "services/api/ledger_stream.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/api/grpc_status.h"
#include "services/api/ledger_service.h"
#include "services/common/field_error.h"

namespace interco::api {
namespace {

// Per-item results of a stream are compact (status, sequence, chain hash): a reply with
// the lines of thousands of postings would not fit a message.
class StreamPostReactor final : public grpc::ServerReadReactor<v1::PostTransactionRequest>,
                                public IdleStreamReaper::Stream {
 public:
  StreamPostReactor(const LedgerService* service, v1::StreamPostTransactionsResponse* response,
                    std::string caller, std::function<void()> on_done)
      : service_(service),
        response_(response),
        caller_(std::move(caller)),
        on_done_(std::move(on_done)) {
    service_->idle_streams()->Add(this);
    StartRead(&request_);
  }

  void EndIfIdleSince(absl::Time cutoff) override {
    absl::MutexLock lock(&mu_);
    // Paused reading waits for the disk, not for the client.
    if (reading_done_ || read_paused_ || last_message_ >= cutoff) return;
    failure_ = WithReason(
        absl::DeadlineExceededError(
            "the stream sent nothing for too long and was ended; postings answered before "
            "are committed, resend the stream (request_ids make that safe)"),
        "STREAM_IDLE");
    reading_done_ = true;
    MaybeFinishLocked();
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // The client closed its side (or the call ended).
      absl::MutexLock lock(&mu_);
      reading_done_ = true;
      MaybeFinishLocked();
      return;
    }
    int index = 0;
    {
      absl::MutexLock lock(&mu_);
      if (reading_done_) return;  // Ended as idle while this message arrived.
      last_message_ = absl::Now();
      if (count_ == kMaxStreamTransactions) {
        failure_ = WithReason(
            absl::ResourceExhaustedError(absl::StrCat(
                "a stream carries at most ", kMaxStreamTransactions,
                " transactions; results so far are lost, resend them (they are idempotent)")),
            "STREAM_TOO_LONG");
        reading_done_ = true;
        MaybeFinishLocked();
        return;
      }
      index = count_++;
      response_->add_results();
      ++in_flight_;
    }
    // Each item is a posting of its own: a repeat of an earlier item is answered like a
    // retry.
    absl::StatusOr<LedgerService::Prepared> prepared = service_->Prepare(request_, caller_);
    const std::string request_id = prepared.ok() ? prepared->request_id : "";
    service_->poster()->PostOne(std::move(prepared),
                                [this, index, request_id](ledger::Posted posted) {
                                  Complete(index, request_id, std::move(posted));
                                });
    absl::MutexLock lock(&mu_);
    if (reading_done_) return;
    if (in_flight_ < kStreamWindow) {
      last_message_ = absl::Now();  // Waiting for the client starts now.
      StartRead(&request_);
    } else {
      read_paused_ = true;
    }
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
  // `request_id` is the item's own, to tell a resent invoice (posted under another id).
  void Complete(int index, absl::string_view request_id, ledger::Posted result) {
    absl::MutexLock lock(&mu_);
    v1::PostResult* slot = response_->mutable_results(index);
    if (result.ok()) {
      const ledger::JournalEntry& entry = *result;
      slot->mutable_response()->set_sequence(entry.sequence);
      slot->mutable_response()->set_chain_hash(ledger::HashHex(entry.hash));
      if (entry.request_id != request_id) {
        slot->mutable_response()->set_original_request_id(entry.request_id);
      }
    } else {
      // Bounded, so that the reply fits its message whatever each item's error says.
      *slot->mutable_status() = ToCompactRpcStatus(result.status());
    }
    --in_flight_;
    if (read_paused_ && !reading_done_) {
      read_paused_ = false;
      last_message_ = absl::Now();
      StartRead(&request_);
    }
    MaybeFinishLocked();
  }

  void ReleaseSlotLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (slot_released_) return;
    slot_released_ = true;
    on_done_();
  }

  void MaybeFinishLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!reading_done_ || in_flight_ > 0 || finished_) return;
    finished_ = true;
    if (!failure_.ok()) response_->clear_results();
    // The slot is free once the answer is decided, before the client can read it, so a
    // client that opens its next stream on reading the status is never refused for it.
    ReleaseSlotLocked();
    Finish(ToGrpcStatus(failure_));
  }

  const LedgerService* const service_;
  v1::StreamPostTransactionsResponse* const response_;
  const std::string caller_;
  const std::function<void()> on_done_;
  v1::PostTransactionRequest request_;  // Reused by every read; one read at a time.
  absl::Mutex mu_;
  int count_ ABSL_GUARDED_BY(mu_) = 0;
  bool slot_released_ ABSL_GUARDED_BY(mu_) = false;
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  bool read_paused_ ABSL_GUARDED_BY(mu_) = false;
  bool reading_done_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  // When the stream last heard from its client, or began waiting for it.
  absl::Time last_message_ ABSL_GUARDED_BY(mu_) = absl::Now();
  absl::Status failure_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

grpc::ServerReadReactor<v1::PostTransactionRequest>* NewStreamPostReactor(
    const LedgerService* service, v1::StreamPostTransactionsResponse* response, std::string caller,
    std::function<void()> on_done) {
  return new StreamPostReactor(service, response, std::move(caller), std::move(on_done));
}

}  // namespace interco::api
