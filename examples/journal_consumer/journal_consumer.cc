#include "examples/journal_consumer/journal_consumer.h"

#include "absl/strings/str_cat.h"
#include "interco/v1/ledger.grpc.pb.h"

namespace interco::examples {
namespace {

// google.type.Money in nanos: units and nanos are exact integers (of the same sign).
__int128 Nanos(const google::type::Money& money) {
  return static_cast<__int128>(money.units()) * 1'000'000'000 + money.nanos();
}

}  // namespace

absl::Status JournalConsumer::ConsumeThrough(uint64_t sequence, absl::Duration timeout) {
  auto stub = v1::LedgerService::NewStub(channel_);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  v1::WatchJournalRequest request;
  request.set_after_sequence(last_sequence_);
  std::unique_ptr<grpc::ClientReader<v1::WatchJournalResponse>> reader =
      stub->WatchJournal(&context, request);
  v1::WatchJournalResponse response;
  while (last_sequence_ < sequence && reader->Read(&response)) {
    const v1::LedgerEntry& entry = response.entry();
    if (entry.sequence() != last_sequence_ + 1 || entry.previous_hash() != last_hash_) {
      context.TryCancel();
      return absl::DataLossError(absl::StrCat("entry ", entry.sequence(), " does not follow entry ",
                                              last_sequence_, " (", last_hash_, ")"));
    }
    for (const v1::LedgerLine& line : entry.lines()) {
      const __int128 amount = Nanos(line.amount());
      balances_[{line.entity_id(), line.account(), line.amount().currency_code()}] +=
          line.side() == v1::SIDE_DEBIT ? amount : -amount;
    }
    last_sequence_ = entry.sequence();
    last_hash_ = entry.chain_hash();
  }
  if (last_sequence_ >= sequence) {
    context.TryCancel();  // Done: the stream would wait for more.
    reader->Finish().ok();
    return absl::OkStatus();
  }
  const grpc::Status status = reader->Finish();
  if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED || status.ok()) {
    return absl::DeadlineExceededError(
        absl::StrCat("entry ", sequence, " did not come; consumed through ", last_sequence_));
  }
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

}  // namespace interco::examples
