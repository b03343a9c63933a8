#include "services/ledger/poster.h"

#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/field_error.h"
#include "services/common/request_id.h"
#include "services/common/status_macros.h"
#include "services/ledger/fingerprint.h"

namespace interco::ledger {
namespace {

// The sequencer names a business key held by other content as a posting's; a manual
// entry's key is its entry_id.
absl::Status NameBusinessKey(absl::Status status, absl::string_view field) {
  if (status.ok() || field == "transaction.transaction_id") return status;
  return RenameField(std::move(status), "transaction.transaction_id", field);
}

// INVALID_ARGUMENT naming the later of two items of one atomic group that share a
// request_id or business key: both cannot be posted, and posting one would leave the other's
// caller unable to confirm it.
absl::Status RefuseRepeats(const std::vector<absl::StatusOr<PreparedPosting>>& items,
                           const std::function<std::string(size_t)>& item_field) {
  absl::flat_hash_map<absl::string_view, size_t> ids, keys;
  for (size_t i = 0; i < items.size(); ++i) {
    const PreparedPosting& item = *items[i];
    if (const auto [it, fresh] = ids.emplace(item.request_id, i); !fresh) {
      return InvalidField(absl::StrCat(item_field(i), ".request_id"), item.request_id,
                          "REPEATED_IN_BATCH",
                          absl::StrCat("repeats the request_id of ", item_field(it->second),
                                       "; an atomic batch holds each request once"));
    }
    if (item.business_key.empty()) continue;
    if (const auto [it, fresh] = keys.emplace(item.business_key, i); !fresh) {
      return InvalidField(
          absl::StrCat(item_field(i), ".", item.business_key_field), item.business_key,
          "REPEATED_IN_BATCH",
          absl::StrCat("repeats the ", item.business_key_field, " of ", item_field(it->second),
                       "; an atomic batch holds each invoice or entry once"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckInTime(absl::Time deadline) {
  if (absl::Now() < deadline) return absl::OkStatus();
  return WithReason(absl::DeadlineExceededError(
                        "the call's deadline passed before its postings reached the writer; "
                        "nothing was written, retry with the same request_id"),
                    "DEADLINE_PASSED");
}

absl::StatusOr<JournalEntry> Poster::EntryAt(uint64_t sequence) const {
  // The head first: an entry appended after it is found, never called missing.
  const uint64_t head = journal_->CurrentHead().sequence;
  absl::StatusOr<JournalEntry> entry = journal_->Get(sequence);
  if (entry.ok() || sequence == 0 || sequence > head) return entry;
  return MissingIsDamage(entry.status(), absl::StrCat("journal entry ", sequence),
                         absl::StrCat("the chain head (sequence ", head, ")"));
}

absl::StatusOr<std::optional<JournalEntry>> Poster::FindRetry(const PostingRequest& request) const {
  ASSIGN_OR_RETURN(std::optional<StoredRequest> stored, journal_->FindRequest(request.request_id));
  if (stored.has_value() &&
      !SameRequest(stored->fingerprint, request.fingerprint, request.legacy_fingerprint)) {
    return RequestIdReused(request.request_id, "a posting with different content");
  }
  if (!stored.has_value() && !request.business_key.empty()) {
    ASSIGN_OR_RETURN(stored, journal_->FindBusinessKey(request.business_key));
    if (stored.has_value() &&
        !SameRequest(stored->fingerprint, request.fingerprint, request.legacy_fingerprint)) {
      return FieldError(absl::StatusCode::kAlreadyExists, request.business_key_field,
                        request.business_key, request.business_key_reason,
                        "is on the ledger with different content; a correction is a reversal "
                        "and a posting with an id of its own");
    }
  }
  if (!stored.has_value()) return std::nullopt;
  ASSIGN_OR_RETURN(JournalEntry original,
                   MissingIsDamage(journal_->Get(stored->sequence),
                                   absl::StrCat("journal entry ", stored->sequence),
                                   "the idempotency record of a retried request"));
  return original;
}

absl::StatusOr<PreparedPosting> Poster::Prepare(const PostingRequest& request) const {
  RETURN_IF_ERROR(ValidateRequestId(request.request_id));
  PreparedPosting prepared;
  prepared.request_id = request.request_id;
  prepared.business_key = request.business_key;
  prepared.business_key_field = request.business_key_field;
  ASSIGN_OR_RETURN(prepared.existing, FindRetry(request));
  if (prepared.existing.has_value()) {
    if (request.may_post) RETURN_IF_ERROR(request.may_post(prepared.existing->posting));
    return prepared;
  }
  ASSIGN_OR_RETURN(prepared.pending.posting, request.build());
  if (request.may_post) RETURN_IF_ERROR(request.may_post(prepared.pending.posting));
  prepared.pending.request_id = request.request_id;
  prepared.pending.fingerprint = request.fingerprint;
  prepared.pending.legacy_fingerprint = request.legacy_fingerprint;
  prepared.pending.business_key = request.business_key;
  return prepared;
}

void Poster::PostOne(absl::StatusOr<PreparedPosting> item, std::function<void(Posted)> done) const {
  if (!item.ok()) return done(item.status());
  if (item->existing.has_value()) return done(*std::move(item->existing));
  std::vector<PendingPosting> group;
  group.push_back(std::move(item->pending));
  sequencer_->Submit(std::move(group),
                     [done = std::move(done), field = std::move(item->business_key_field)](
                         absl::StatusOr<std::vector<JournalEntry>> entries) {
                       if (!entries.ok()) return done(NameBusinessKey(entries.status(), field));
                       done(std::move(entries->front()));
                     });
}

void Poster::PostEach(std::vector<absl::StatusOr<PreparedPosting>> items,
                      std::function<void(size_t, Posted)> done) const {
  auto shared = std::make_shared<std::function<void(size_t, Posted)>>(std::move(done));
  for (size_t i = 0; i < items.size(); ++i) {
    PostOne(std::move(items[i]), [shared, i](Posted posted) { (*shared)(i, std::move(posted)); });
  }
}

void Poster::PostAtomic(std::vector<absl::StatusOr<PreparedPosting>> items,
                        const std::function<std::string(size_t)>& item_field,
                        std::function<void(absl::StatusOr<std::vector<JournalEntry>>)> done) const {
  for (const absl::StatusOr<PreparedPosting>& item : items) {
    if (!item.ok()) return done(item.status());
  }
  if (absl::Status repeats = RefuseRepeats(items, item_field); !repeats.ok()) return done(repeats);
  std::vector<PendingPosting> group;
  std::vector<JournalEntry> existing;
  for (absl::StatusOr<PreparedPosting>& item : items) {
    if (item->existing.has_value()) {
      existing.push_back(*std::move(item->existing));
    } else {
      group.push_back(std::move(item->pending));
    }
  }
  if (!existing.empty() && !group.empty()) {
    return done(WithReason(
        absl::AlreadyExistsError("part of this atomic batch was posted before; resend only "
                                 "the rest or the whole batch unchanged"),
        "PARTIAL_RETRY"));
  }
  if (group.empty()) return done(std::move(existing));
  sequencer_->Submit(std::move(group), std::move(done));
}

}  // namespace interco::ledger
