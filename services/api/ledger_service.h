// interco.v1.LedgerService: prices and books transactions through the group-commit
// sequencer (one at a time, in batches, or streamed); reverses entries; reads and verifies
// the journal.
#ifndef INTERCO_SERVICES_API_LEDGER_SERVICE_H_
#define INTERCO_SERVICES_API_LEDGER_SERVICE_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "services/api/arena_messages.h"
#include "services/api/authorizer.h"
#include "services/api/bounded_call.h"
#include "services/api/grpc_status.h"
#include "services/api/journal_watch.h"
#include "services/api/ledger_stream.h"
#include "services/api/reactors.h"
#include "services/api/stream_limits.h"
#include "services/common/bounded_runner.h"
#include "services/group/registry.h"
#include "services/ledger/chained_family.h"
#include "services/ledger/journal.h"
#include "services/ledger/poster.h"
#include "services/ledger/sequencer.h"
#include "services/pricing/pricing_book.h"

namespace interco::api {

inline constexpr int kMaxBatchTransactions = 1000;

// What the ledger service lets callers hold at once.
struct LedgerLimits {
  // Open StreamPostTransactions calls; more are RESOURCE_EXHAUSTED. Each may hold
  // kStreamWindow postings in memory.
  int max_concurrent_streams = 64;
  // VerifyLedger calls running at once, each on a thread of its own (never a gRPC
  // thread); more are RESOURCE_EXHAUSTED.
  int max_concurrent_verifications = 1;
  // A VerifyLedger call stops with DEADLINE_EXCEEDED after this long, or at the caller's
  // deadline if that comes first.
  absl::Duration max_verification_time = absl::Minutes(30);
  // An import stream that sends nothing for this long is ended (DEADLINE_EXCEEDED, reason
  // STREAM_IDLE), so idle clients cannot hold the stream slots.
  absl::Duration stream_idle_timeout = absl::Seconds(30);
  // The largest reply the server may send (its --max_message_bytes): a batch whose reply
  // could exceed it is refused before anything is written.
  size_t max_reply_bytes = 4 << 20;
  // The stream slots of every group together (posting and import streams; the server's);
  // null: only max_concurrent_streams per group.
  StreamSlots* total_streams = nullptr;
  // The server's readers, shared by every group: ListEntries runs there (as do the
  // group's consolidations and mismatches), never on a gRPC thread, and is
  // RESOURCE_EXHAUSTED (TOO_MANY_READS) when they and their queue are full
  // (bounded_call.h). Null: on the gRPC thread (unit tests).
  BoundedRunner* reads = nullptr;
  // The group's WatchJournal streams waiting for a commit (journal_watch.h), told by the
  // group's writer; null: WatchJournal is UNIMPLEMENTED (unit tests of other calls).
  JournalWatchers* watchers = nullptr;
};

// Not final: the server serves StreamParsingLedgerService, which registers the stream raw.
class LedgerService : public v1::LedgerService::CallbackService {
 public:
  // Everything must outlive the service, the authorizer included (never null: without an
  // access policy it treats every caller as admin).
  LedgerService(group::StructureRegistry* structures, pricing::PricingRegistry* pricing,
                ledger::Journal* journal, ledger::Sequencer* sequencer, LedgerLimits limits = {},
                const Authorizer* authorizer = nullptr,
                std::vector<const ledger::ChainedFamily*> histories = {})
      : structures_(structures),
        pricing_(pricing),
        journal_(journal),
        sequencer_(sequencer),
        limits_(limits),
        authorizer_(authorizer),
        histories_(std::move(histories)),
        watch_slots_(limits.max_concurrent_streams, limits.total_streams),
        verifications_(limits.max_concurrent_verifications) {
    SetMessageAllocatorFor_PostTransaction(&post_messages_);
    SetMessageAllocatorFor_BatchPostTransactions(&batch_messages_);
    SetMessageAllocatorFor_ReverseTransaction(&reverse_messages_);
    SetMessageAllocatorFor_PostJournalEntry(&journal_entry_messages_);
  }

  grpc::ServerUnaryReactor* PostTransaction(grpc::CallbackServerContext* context,
                                            const v1::PostTransactionRequest* request,
                                            v1::PostTransactionResponse* response) override;
  grpc::ServerUnaryReactor* BatchPostTransactions(
      grpc::CallbackServerContext* context, const v1::BatchPostTransactionsRequest* request,
      v1::BatchPostTransactionsResponse* response) override;
  grpc::ServerReadReactor<v1::PostTransactionRequest>* StreamPostTransactions(
      grpc::CallbackServerContext* context, v1::StreamPostTransactionsResponse* response) override;
  grpc::ServerUnaryReactor* ReverseTransaction(grpc::CallbackServerContext* context,
                                               const v1::ReverseTransactionRequest* request,
                                               v1::PostTransactionResponse* response) override;
  grpc::ServerUnaryReactor* GetEntry(grpc::CallbackServerContext* context,
                                     const v1::GetEntryRequest* request,
                                     v1::LedgerEntry* response) override;
  grpc::ServerUnaryReactor* ListEntries(grpc::CallbackServerContext* context,
                                        const v1::ListEntriesRequest* request,
                                        v1::ListEntriesResponse* response) override;
  grpc::ServerUnaryReactor* VerifyLedger(grpc::CallbackServerContext* context,
                                         const v1::VerifyLedgerRequest* request,
                                         v1::VerifyLedgerResponse* response) override;
  // In ledger_journal_handlers.cc.
  grpc::ServerUnaryReactor* GetLedgerHead(grpc::CallbackServerContext* context,
                                          const v1::GetLedgerHeadRequest* request,
                                          v1::LedgerHead* response) override;
  grpc::ServerWriteReactor<v1::WatchJournalResponse>* WatchJournal(
      grpc::CallbackServerContext* context, const v1::WatchJournalRequest* request) override;
  grpc::ServerUnaryReactor* PostJournalEntry(grpc::CallbackServerContext* context,
                                             const v1::PostJournalEntryRequest* request,
                                             v1::PostJournalEntryResponse* response) override;

  // A request made ready for the writer (services/ledger/poster.h).
  using Prepared = ledger::PreparedPosting;

  // Validates and prices a request, or finds it in the journal (a retry); PERMISSION_DENIED
  // when `caller` (an identity from the Authorizer) is a poster the posting does not book.
  // Thread-safe.
  absl::StatusOr<Prepared> Prepare(const v1::PostTransactionRequest& request,
                                   absl::string_view caller) const;
  // Fills `*reply` (empty; on the call's arena) for `entry`, which answers `request_id`:
  // original_request_id is set when the entry was posted under another one. On error
  // `*reply` is partly filled.
  static absl::Status Reply(const ledger::JournalEntry& entry, absl::string_view request_id,
                            v1::PostTransactionResponse* reply);
  // The one way postings reach the journal, for every handler and the stream reactor.
  const ledger::Poster* poster() const { return &poster_; }
  const LedgerLimits& limits() const { return limits_; }
  IdleStreamReaper* idle_streams() const { return &idle_streams_; }

 private:
  // The journal's verification and each history's into `response`; errors are
  // `keep_going`'s and I/O errors, damage is an answer.
  absl::Status VerifyAll(const std::function<absl::Status()>& keep_going,
                         v1::VerifyLedgerResponse* response) const;
  // Validates and builds a manual journal entry, or finds it in the journal (a retry by
  // request_id, or the same entry_id under another request_id). PERMISSION_DENIED when
  // `caller` is a poster and any entity the entry books is not one of its own.
  absl::StatusOr<Prepared> PrepareJournalEntry(const v1::PostJournalEntryRequest& request,
                                               absl::string_view caller) const;
  // PERMISSION_DENIED when `caller` is a poster and some entity `posting` books is not its.
  absl::Status CheckEveryEntity(absl::string_view caller, const ledger::Posting& posting) const;
  absl::StatusOr<Prepared> PrepareReversal(const v1::ReverseTransactionRequest& request,
                                           absl::string_view caller) const;
  // DEADLINE_EXCEEDED when the call's deadline has passed (nothing is handed to the writer).
  static absl::Status CheckDeadline(const grpc::CallbackServerContext& context);
  // The entities `posting` books, each once, in the order of its lines.
  static std::vector<std::string> EntitiesOf(const ledger::Posting& posting);
  // PERMISSION_DENIED when `caller` is a poster that `posting` does not book.
  absl::Status CheckEntities(absl::string_view caller, const ledger::Posting& posting) const;
  // Hands one prepared request to the poster and answers with `reply` of its entry, or the
  // error: the one way unary posting calls (transactions, reversals, journal entries) end.
  // A request still to be written is refused when the caller's deadline has passed.
  // `reply` fills the response in place (it lives on the call's arena).
  template <typename Response>
  grpc::ServerUnaryReactor* Submit(grpc::CallbackServerContext* context,
                                   absl::StatusOr<Prepared> prepared, Response* response,
                                   absl::Status (*reply)(const ledger::JournalEntry&,
                                                         absl::string_view, Response*)) {
    if (prepared.ok() && !prepared->existing.has_value()) {
      if (absl::Status in_time = CheckDeadline(*context); !in_time.ok()) {
        return FinishUnary(context, in_time);
      }
    }
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    const std::string request_id = prepared.ok() ? prepared->request_id : "";
    poster_.PostOne(std::move(prepared),
                    [reactor, response, request_id, reply](ledger::Posted posted) {
                      absl::Status status = posted.status();
                      // A partly built response is not sent: gRPC sends none with an error.
                      if (status.ok()) status = reply(*posted, request_id, response);
                      reactor->Finish(ToGrpcStatus(status));
                    });
    return reactor;
  }

  // INVALID_ARGUMENT (REPLY_TOO_LARGE) when the reply to a batch of `prepared` could exceed
  // limits_.max_reply_bytes: refused before writing, so that a committed batch is always
  // confirmed.
  absl::Status CheckReplyFits(const std::vector<absl::StatusOr<Prepared>>& prepared) const;
  // A non-atomic batch: each item a group of its own, one result per item.
  void SubmitEach(std::vector<absl::StatusOr<Prepared>> prepared, grpc::ServerUnaryReactor* reactor,
                  v1::BatchPostTransactionsResponse* response);
  // An atomic batch: one group, all or nothing; repeats inside it are INVALID_ARGUMENT.
  void SubmitAtomic(std::vector<absl::StatusOr<Prepared>> prepared,
                    grpc::ServerUnaryReactor* reactor, v1::BatchPostTransactionsResponse* response);

  // Each posting call's request and reply on an arena of its own (arena_messages.h).
  ArenaMessageAllocator<v1::PostTransactionRequest, v1::PostTransactionResponse> post_messages_;
  ArenaMessageAllocator<v1::BatchPostTransactionsRequest, v1::BatchPostTransactionsResponse>
      batch_messages_;
  ArenaMessageAllocator<v1::ReverseTransactionRequest, v1::PostTransactionResponse>
      reverse_messages_;
  ArenaMessageAllocator<v1::PostJournalEntryRequest, v1::PostJournalEntryResponse>
      journal_entry_messages_;

  group::StructureRegistry* const structures_;
  pricing::PricingRegistry* const pricing_;
  ledger::Journal* const journal_;
  ledger::Sequencer* const sequencer_;
  const ledger::Poster poster_{journal_, sequencer_};
  const LedgerLimits limits_;
  // Open WatchJournal streams (as many as posting streams, counted apart from them).
  mutable StreamSlots watch_slots_;
  const Authorizer* const authorizer_;
  // The chained histories beside the journal, in the order GetLedgerHead names them.
  const std::vector<const ledger::ChainedFamily*> histories_;
  StreamSlots stream_slots_{limits_.max_concurrent_streams, limits_.total_streams};
  mutable IdleStreamReaper idle_streams_{limits_.stream_idle_timeout};
  // Last member: destroyed first, so a running verification stops before the rest goes.
  BoundedRunner verifications_;
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_LEDGER_SERVICE_H_
