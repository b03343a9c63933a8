// The reactor behind LedgerService.StreamPostTransactions.
#ifndef INTERCO_SERVICES_API_LEDGER_STREAM_H_
#define INTERCO_SERVICES_API_LEDGER_STREAM_H_

#include <functional>
#include <string>
#include <thread>

#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "interco/v1/ledger.grpc.pb.h"

namespace interco::api {

class LedgerService;

// Ends import streams whose client has sent nothing for `idle_timeout` while the server
// waited for it, so that idle clients cannot hold the stream slots: a thread of its own
// looks at every open stream a few times per timeout. Thread-safe.
class IdleStreamReaper {
 public:
  class Stream {
   public:
    virtual ~Stream() = default;
    // Ends the stream if it has waited for its client since before `cutoff`.
    virtual void EndIfIdleSince(absl::Time cutoff) = 0;
  };

  explicit IdleStreamReaper(absl::Duration idle_timeout);
  ~IdleStreamReaper();  // Stops the thread; every stream must have been removed.
  IdleStreamReaper(const IdleStreamReaper&) = delete;
  IdleStreamReaper& operator=(const IdleStreamReaper&) = delete;

  void Add(Stream* stream);
  // After Remove returns, `stream` is not being looked at and will not be again.
  void Remove(Stream* stream);

 private:
  void Run();

  const absl::Duration idle_timeout_;
  absl::Mutex mu_;
  absl::flat_hash_set<Stream*> streams_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

// At most this many postings of one stream wait for the disk at once; reading pauses
// until one completes (backpressure instead of unbounded memory).
inline constexpr int kStreamWindow = 512;
// A stream carries at most this many transactions (its reply holds one result each).
inline constexpr int kMaxStreamTransactions = 10000;
// One result of a stream serialized, at most: a refusal's compact status
// (kMaxCompactStatusBytes), or a sequence, a chain hash and an original request_id, with
// their framing. The server's --max_message_bytes must hold kMaxStreamTransactions of them.
inline constexpr size_t kMaxStreamResultBytes = 400;
inline constexpr size_t kMinMaxMessageBytes = kMaxStreamTransactions * kMaxStreamResultBytes + 64;

// Starts reading at once, preparing each item for `caller` (an identity, see Authorizer);
// registers with the service's IdleStreamReaper; owns itself and is deleted in OnDone,
// after calling `on_done` (which releases the stream's place among the concurrent streams).
grpc::ServerReadReactor<v1::PostTransactionRequest>* NewStreamPostReactor(
    const LedgerService* service, v1::StreamPostTransactionsResponse* response, std::string caller,
    std::function<void()> on_done);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_LEDGER_STREAM_H_
