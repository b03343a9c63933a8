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
class StreamPostReactor final : public grpc::ServerReadReactor<v1::PostTransactionRequest> {
 public:
  StreamPostReactor(const LedgerService* service, v1::StreamPostTransactionsResponse* response,
                    std::string caller, std::function<void()> on_done)
      : service_(service),
        response_(response),
        caller_(std::move(caller)),
        on_done_(std::move(on_done)) {
    StartRead(&request_);
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
    absl::StatusOr<LedgerService::Prepared> prepared = service_->Prepare(request_, caller_);
    if (!prepared.ok()) {
      Complete(index, "", prepared.status());
    } else if (prepared->existing.has_value()) {
      Complete(index, prepared->request_id,
               std::vector<ledger::JournalEntry>{*std::move(prepared->existing)});
    } else {
      // Each item is a group of its own: a repeat of an earlier item is answered by the
      // sequencer like a retry.
      std::vector<ledger::PendingPosting> group;
      group.push_back(std::move(prepared->pending));
      service_->sequencer()->Submit(std::move(group),
                                    [this, index, request_id = std::move(prepared->request_id)](
                                        absl::StatusOr<std::vector<ledger::JournalEntry>> r) {
                                      Complete(index, request_id, std::move(r));
                                    });
    }
    absl::MutexLock lock(&mu_);
    if (in_flight_ < kStreamWindow) {
      StartRead(&request_);
    } else {
      read_paused_ = true;
    }
  }

  void OnDone() override {
    on_done_();
    delete this;
  }

 private:
  // `request_id` is the item's own, to tell a resent invoice (posted under another id).
  void Complete(int index, absl::string_view request_id,
                absl::StatusOr<std::vector<ledger::JournalEntry>> result) {
    absl::MutexLock lock(&mu_);
    v1::PostResult* slot = response_->mutable_results(index);
    if (result.ok()) {
      const ledger::JournalEntry& entry = result->front();
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
      StartRead(&request_);
    }
    MaybeFinishLocked();
  }

  void MaybeFinishLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!reading_done_ || in_flight_ > 0 || finished_) return;
    finished_ = true;
    if (!failure_.ok()) response_->clear_results();
    Finish(ToGrpcStatus(failure_));
  }

  const LedgerService* const service_;
  v1::StreamPostTransactionsResponse* const response_;
  const std::string caller_;
  const std::function<void()> on_done_;
  v1::PostTransactionRequest request_;  // Reused by every read; one read at a time.
  absl::Mutex mu_;
  int count_ ABSL_GUARDED_BY(mu_) = 0;
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  bool read_paused_ ABSL_GUARDED_BY(mu_) = false;
  bool reading_done_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status failure_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

grpc::ServerReadReactor<v1::PostTransactionRequest>* NewStreamPostReactor(
    const LedgerService* service, v1::StreamPostTransactionsResponse* response, std::string caller,
    std::function<void()> on_done) {
  return new StreamPostReactor(service, response, std::move(caller), std::move(on_done));
}

}  // namespace interco::api
