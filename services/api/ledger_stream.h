// The reactor behind LedgerService.StreamPostTransactions.
//
// What a posting stream may hold, unlike an import stream (trial_balance_stream.cc), is
// bounded without a budget of its own: each message is a posting of its own, prepared and
// handed to the writer as it arrives, so nothing is buffered waiting for the end of the
// stream. The call is authorized when it opens (the method's rule); whether a poster may
// book the entities is decided for each posting as it arrives, when it is prepared and
// before it reaches the writer (LedgerService::Prepare), and a refusal costs one compact
// result, not the stream. Held per stream: at most kStreamWindow postings waiting
// for the writer (the group's Sequencer also caps its queue) and the reply, at most
// kMaxStreamTransactions results of kMaxStreamResultBytes (4 MB). All streams together: the
// server's --max_concurrent_streams_total of them (256 at the defaults, so at most 1 GiB of
// replies in the worst case, every stream at 10,000 refused items with the longest
// messages; a typical result is under 100 bytes). A slow but live stream is not ended by
// the import streams' minimum rate: its postings are committed as they arrive, so it holds
// only its slot.
#ifndef INTERCO_SERVICES_API_LEDGER_STREAM_H_
#define INTERCO_SERVICES_API_LEDGER_STREAM_H_

#include <functional>
#include <string>

#include "grpcpp/grpcpp.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "services/api/stream_limits.h"

namespace interco::api {

class LedgerService;

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
// calling `on_done` (which releases the stream's place among the concurrent streams) once,
// when it finishes the call (or, without a finish, when gRPC is done with it).
grpc::ServerReadReactor<v1::PostTransactionRequest>* NewStreamPostReactor(
    const LedgerService* service, v1::StreamPostTransactionsResponse* response, std::string caller,
    std::function<void()> on_done);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_LEDGER_STREAM_H_
