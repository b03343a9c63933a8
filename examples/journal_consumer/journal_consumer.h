// A change-data-capture consumer of LedgerService.WatchJournal, as a warehouse would write
// one: it reads the journal from where it stopped, checks that each entry links to the one
// before it (previous_hash is the chain_hash it last saw), and keeps every entity's balances
// by account and currency, exactly (in nanos of the currency, as google.type.Money carries
// them, in 128 bits).
// docs/CHANGE_DATA_CAPTURE.md explains it; tests/watch_journal_e2e_test.cc runs it.
#ifndef INTERCO_EXAMPLES_JOURNAL_CONSUMER_JOURNAL_CONSUMER_H_
#define INTERCO_EXAMPLES_JOURNAL_CONSUMER_JOURNAL_CONSUMER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace interco::examples {

class JournalConsumer {
 public:
  // (entity, account, currency) -> debits minus credits, in nanos of the currency.
  using Balances = std::map<std::tuple<std::string, std::string, std::string>, __int128>;

  explicit JournalConsumer(std::shared_ptr<grpc::Channel> channel) : channel_(std::move(channel)) {}

  // Reads entries after the last one consumed until `sequence` is consumed or `timeout`
  // passes; resumes where it stopped when called again (a new stream each call).
  // DATA_LOSS when an entry does not link to the one before or a sequence is skipped;
  // DEADLINE_EXCEEDED when `sequence` did not come in time; the server's error otherwise.
  absl::Status ConsumeThrough(uint64_t sequence, absl::Duration timeout);

  uint64_t last_sequence() const { return last_sequence_; }
  const std::string& last_hash() const { return last_hash_; }
  const Balances& balances() const { return balances_; }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  uint64_t last_sequence_ = 0;
  std::string last_hash_ = std::string(64, '0');
  Balances balances_;
};

}  // namespace interco::examples

#endif  // INTERCO_EXAMPLES_JOURNAL_CONSUMER_JOURNAL_CONSUMER_H_
