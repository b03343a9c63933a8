// Poster: the one way a posting reaches the ledger, whoever asks (a unary call, a batch
// item, a stream item, a reversal, a manual journal entry). Plain C++: gRPC handlers
// convert a wire request into a PostingRequest, call the Poster, and convert what it
// answers back; nothing else on the way to the journal.
//
// Prepare answers a retry from the journal before anything is priced or built (the same
// request_id, or the same business key, with the same fingerprint), so a retry gets the
// original whatever changed since; other content under either key is ALREADY_EXISTS.
// Otherwise it builds the posting. The Post functions hand prepared postings to the
// Sequencer, which resolves retries again at commit time (two first attempts post once)
// and applies the period rules. Thread-safe.
#ifndef INTERCO_SERVICES_LEDGER_POSTER_H_
#define INTERCO_SERVICES_LEDGER_POSTER_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/ledger/journal.h"
#include "services/ledger/sequencer.h"

namespace interco::ledger {

struct PostingRequest {
  std::string request_id;
  // BusinessKey() of seller and transaction_id, JournalEntryKey() of an entry; empty for
  // reversals.
  std::string business_key;
  // The field ALREADY_EXISTS names when the business key holds other content, and why.
  std::string business_key_field = "transaction.transaction_id";
  std::string business_key_reason = "TRANSACTION_ID_REUSED";
  std::string fingerprint;         // services/ledger/fingerprint.h.
  std::string legacy_fingerprint;  // Version 1, for old records; may be empty.
  // Builds the posting when no retry answers the request; run at most once.
  std::function<absl::StatusOr<Posting>()> build;
  // PERMISSION_DENIED when the caller may not post `posting` (or read it back as a retry's
  // answer); empty: everyone may.
  std::function<absl::Status(const Posting&)> may_post;
};

// A request made ready: either answered by the journal or a posting for the writer.
struct PreparedPosting {
  std::string request_id;
  std::string business_key;
  std::string business_key_field;
  std::optional<JournalEntry> existing;
  PendingPosting pending;
};

// What answers one request: its entry (whose request_id differs from the request's when
// the same business key was posted under another one), or why not.
using Posted = absl::StatusOr<JournalEntry>;

// DEADLINE_EXCEEDED (reason DEADLINE_PASSED) once `deadline` has passed: a request whose
// caller has given up is not handed to the writer, and its retry posts it once.
absl::Status CheckInTime(absl::Time deadline);

class Poster {
 public:
  // Both must outlive the poster.
  Poster(Journal* journal, Sequencer* sequencer) : journal_(journal), sequencer_(sequencer) {}

  absl::StatusOr<PreparedPosting> Prepare(const PostingRequest& request) const;

  // One request: `done` runs exactly once, on this thread for an answer from the journal or
  // an error, else on the writer's thread once the posting is on disk.
  void PostOne(absl::StatusOr<PreparedPosting> item, std::function<void(Posted)> done) const;

  // Each item a group of its own (a repeat of an earlier item is answered like a retry):
  // `done(i, ...)` runs exactly once per item, from any thread.
  void PostEach(std::vector<absl::StatusOr<PreparedPosting>> items,
                std::function<void(size_t, Posted)> done) const;

  // All items or none: the first failed item fails them all; a request_id or business key
  // repeated inside is INVALID_ARGUMENT naming the later item (`item_field(i)` gives its
  // path, e.g. "transactions[2]"); a mix of new and already posted items is ALREADY_EXISTS
  // (PARTIAL_RETRY). `done` runs exactly once, with one entry per item.
  void PostAtomic(std::vector<absl::StatusOr<PreparedPosting>> items,
                  const std::function<std::string(size_t)>& item_field,
                  std::function<void(absl::StatusOr<std::vector<JournalEntry>>)> done) const;

  // The entry at `sequence`, which a caller names (to read or reverse it): NOT_FOUND beyond
  // the journal's head; DATA_LOSS (RECORD_MISSING) when it is missing at or before the head,
  // since the journal holds every sequence from 1 to its head.
  absl::StatusOr<JournalEntry> EntryAt(uint64_t sequence) const;

 private:
  // The entry answering a retry, if the journal holds the request_id or business key.
  absl::StatusOr<std::optional<JournalEntry>> FindRetry(const PostingRequest& request) const;

  Journal* const journal_;
  Sequencer* const sequencer_;
};

}  // namespace interco::ledger

#endif  // INTERCO_SERVICES_LEDGER_POSTER_H_
