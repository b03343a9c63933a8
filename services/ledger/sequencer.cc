#include "services/ledger/sequencer.h"

#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/field_error.h"
#include "services/common/request_id.h"
#include "services/common/status_macros.h"
#include "services/ledger/fingerprint.h"

namespace interco::ledger {
namespace {

constexpr char kOtherPosting[] = "a posting with different content";

absl::Status BusinessKeyReused(absl::string_view business_key) {
  return FieldError(absl::StatusCode::kAlreadyExists, "transaction.transaction_id", business_key,
                    "TRANSACTION_ID_REUSED",
                    "this seller's transaction_id is on the ledger with different content; a "
                    "corrected invoice needs a transaction_id of its own");
}

absl::Status RepeatedInGroup(absl::string_view field, absl::string_view value) {
  return InvalidField(field, value, "REPEATED_IN_GROUP",
                      "appears twice in one atomic group; each posting once");
}

}  // namespace

// Where one posting's answer comes from.
struct Sequencer::Source {
  std::optional<size_t> appended;  // Index into the append list.
  std::optional<uint64_t> stored;  // Sequence already in the journal.
};

// What this drain appends, by request_id and business key (fingerprint and index in the
// append list), so that a repeat later in the drain is answered like a retry of the journal.
struct Sequencer::DrainIndex {
  absl::flat_hash_map<std::string, std::pair<std::string, size_t>> requests;
  absl::flat_hash_map<std::string, std::pair<std::string, size_t>> keys;
  absl::flat_hash_set<uint64_t> reversed;
};

// What the journal held for one posting when its drain began: the journal cannot change
// before the drain's own Append (the sequencer thread is its only writer), and what the
// drain appends is in DrainIndex, so these answer as a lookup at resolution time would.
struct Sequencer::Stored {
  absl::StatusOr<std::optional<StoredRequest>> by_request_id = std::nullopt;
  // Not looked up (nullopt) for a posting without a business key.
  absl::StatusOr<std::optional<StoredRequest>> by_business_key = std::nullopt;
};

Sequencer::Sequencer(Journal* journal, SequencerOptions options, Admission admit)
    : journal_(journal),
      options_(options),
      admit_(std::move(admit)),
      thread_([this] { Run(); }),
      answer_thread_([this] { AnswerLoop(); }) {}

Sequencer::~Sequencer() { Shutdown(); }

void Sequencer::Submit(std::vector<PendingPosting> group, Done done) {
  if (group.empty() || group.size() > options_.max_postings_per_write) {
    done(InvalidField(
        "transactions", absl::StrCat(group.size()), "BAD_GROUP_SIZE",
        absl::StrCat("a group holds 1 to ", options_.max_postings_per_write, " postings")));
    return;
  }
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) {
      done(absl::UnavailableError("the ledger is shutting down"));
      return;
    }
    if (queued_postings_ + group.size() <= options_.max_queued_postings) {
      queued_postings_ += group.size();
      queue_.push_back({std::move(group), std::move(done)});
      return;
    }
  }
  done(WithReason(absl::ResourceExhaustedError("the ledger's write queue is full; retry later"),
                  "QUEUE_FULL"));
}

void Sequencer::Shutdown() {
  // One caller at a time: a second waits for the first's joins instead of racing them.
  absl::MutexLock shutting(&shutdown_mu_);
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  {
    absl::MutexLock lock(&answers_mu_);
    answers_closed_ = true;
  }
  if (answer_thread_.joinable()) answer_thread_.join();
}

void Sequencer::Hand(std::vector<Answer> answers) {
  constexpr size_t kMaxWaitingDrains = 2;
  absl::MutexLock lock(&answers_mu_);
  answers_mu_.Await(absl::Condition(
      +[](Sequencer* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->answers_mu_) {
        return s->answers_.size() < kMaxWaitingDrains;
      },
      this));
  answers_.push_back(std::move(answers));
}

void Sequencer::AnswerLoop() {
  while (true) {
    std::vector<Answer> answers;
    {
      absl::MutexLock lock(&answers_mu_);
      answers_mu_.Await(absl::Condition(
          +[](Sequencer* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->answers_mu_) {
            return s->answers_closed_ || !s->answers_.empty();
          },
          this));
      if (answers_.empty()) return;  // Closed, and everything is answered.
      answers = std::move(answers_.front());
      answers_.pop_front();
    }
    for (Answer& answer : answers) answer.done(std::move(answer.result));
  }
}

void Sequencer::Run() {
  while (true) {
    std::vector<Item> items;
    size_t still_queued = 0;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](Sequencer* s)
               ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->mu_) { return s->stopping_ || !s->queue_.empty(); },
          this));
      if (queue_.empty()) return;  // Stopping, and everything is answered.
      size_t postings = 0;
      while (!queue_.empty() && (items.empty() || postings + queue_.front().group.size() <=
                                                      options_.max_postings_per_write)) {
        postings += queue_.front().group.size();
        items.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      queued_postings_ -= postings;
      still_queued = queued_postings_;
    }
    std::vector<Answer> answers;
    {
      absl::MutexLock commit(&commit_mu_);
      answers = Commit(std::move(items), still_queued);
    }
    // Outside the commit lock: waiting for the answer thread must not hold up RunExclusive.
    Hand(std::move(answers));
  }
}

void Sequencer::RunExclusive(absl::FunctionRef<void()> fn) {
  absl::MutexLock commit(&commit_mu_);
  fn();
}

absl::Status Sequencer::Admit(Posting& posting,
                              const absl::flat_hash_set<uint64_t>& reversed_in_drain) const {
  if (posting.reverses.has_value()) {
    const uint64_t original = *posting.reverses;
    absl::StatusOr<std::optional<uint64_t>> reversal = journal_->FindReversal(original);
    if (!reversal.ok()) return reversal.status();
    if (reversal->has_value() || reversed_in_drain.contains(original)) {
      return FieldError(absl::StatusCode::kFailedPrecondition, "sequence", absl::StrCat(original),
                        "ALREADY_REVERSED",
                        reversal->has_value()
                            ? absl::StrCat("was reversed by entry ", **reversal)
                            : std::string("is being reversed by another request"));
    }
  }
  return admit_ == nullptr ? absl::OkStatus() : admit_(posting);
}

std::vector<std::vector<Sequencer::Stored>> Sequencer::LookUp(
    const std::vector<Item>& items) const {
  std::vector<RecordKey> keys;
  for (const Item& item : items) {
    for (const PendingPosting& posting : item.group) {
      keys.push_back({RecordKey::Kind::kRequestId, posting.request_id});
      if (!posting.business_key.empty()) {
        keys.push_back({RecordKey::Kind::kBusinessKey, posting.business_key});
      }
    }
  }
  std::vector<absl::StatusOr<std::optional<StoredRequest>>> found = journal_->FindRecords(keys);
  // An answer per key, whatever the journal: a short answer is our bug, and fails the drain's
  // postings as a lookup error would instead of reading past the end.
  found.resize(keys.size(), absl::InternalError("the journal answered fewer lookups than asked"));
  std::vector<std::vector<Stored>> stored(items.size());
  size_t next = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    stored[i].reserve(items[i].group.size());
    for (const PendingPosting& posting : items[i].group) {
      Stored& records = stored[i].emplace_back();
      records.by_request_id = std::move(found[next++]);
      if (!posting.business_key.empty()) records.by_business_key = std::move(found[next++]);
    }
  }
  return stored;
}

absl::StatusOr<Sequencer::Source> Sequencer::Resolve(const PendingPosting& posting,
                                                     const DrainIndex& drain,
                                                     const Stored& stored) {
  Source source;
  if (const auto seen = drain.requests.find(posting.request_id); seen != drain.requests.end()) {
    if (!SameRequest(seen->second.first, posting.fingerprint, posting.legacy_fingerprint)) {
      return RequestIdReused(posting.request_id, kOtherPosting);
    }
    source.appended = seen->second.second;
    return source;
  }
  RETURN_IF_ERROR(stored.by_request_id.status());
  if (const std::optional<StoredRequest>& record = *stored.by_request_id; record.has_value()) {
    if (!SameRequest(record->fingerprint, posting.fingerprint, posting.legacy_fingerprint)) {
      return RequestIdReused(posting.request_id, kOtherPosting);
    }
    source.stored = record->sequence;
    return source;
  }
  // A new request_id: the same invoice may still be on the ledger under another one.
  if (posting.business_key.empty()) return source;
  if (const auto seen = drain.keys.find(posting.business_key); seen != drain.keys.end()) {
    if (!SameRequest(seen->second.first, posting.fingerprint, posting.legacy_fingerprint)) {
      return BusinessKeyReused(posting.business_key);
    }
    source.appended = seen->second.second;
    return source;
  }
  RETURN_IF_ERROR(stored.by_business_key.status());
  if (const std::optional<StoredRequest>& record = *stored.by_business_key; record.has_value()) {
    if (!SameRequest(record->fingerprint, posting.fingerprint, posting.legacy_fingerprint)) {
      return BusinessKeyReused(posting.business_key);
    }
    source.stored = record->sequence;
  }
  return source;
}

absl::StatusOr<std::vector<size_t>> Sequencer::ResolveGroup(std::vector<PendingPosting>& group,
                                                            const DrainIndex& drain,
                                                            const std::vector<Stored>& stored,
                                                            std::vector<Source>& sources) const {
  absl::flat_hash_set<absl::string_view> ids, keys;
  std::vector<size_t> fresh;  // Positions in `group` to append.
  for (size_t p = 0; p < group.size(); ++p) {
    const PendingPosting& posting = group[p];
    // Handlers refuse repeats naming the item; this guards every other caller.
    if (!ids.insert(posting.request_id).second) {
      return RepeatedInGroup("request_id", posting.request_id);
    }
    if (!posting.business_key.empty() && !keys.insert(posting.business_key).second) {
      return RepeatedInGroup("transaction.transaction_id", posting.business_key);
    }
    ASSIGN_OR_RETURN(Source source, Resolve(posting, drain, stored[p]));
    if (!source.appended.has_value() && !source.stored.has_value()) fresh.push_back(p);
    sources.push_back(source);
  }
  // An atomic group is posted whole or answered whole from the journal, never mixed.
  if (!fresh.empty() && fresh.size() != group.size()) {
    return WithReason(
        absl::AlreadyExistsError("part of this group was posted before with the same "
                                 "request_ids or invoices; resend the whole group or only "
                                 "the rest"),
        "PARTIAL_RETRY");
  }
  absl::flat_hash_set<uint64_t> reversed_here;
  for (size_t p : fresh) {
    Posting& posting = group[p].posting;
    if (posting.reverses.has_value() && !reversed_here.insert(*posting.reverses).second) {
      return RepeatedInGroup("sequence", absl::StrCat(*posting.reverses));
    }
    RETURN_IF_ERROR(Admit(posting, drain.reversed));
  }
  return fresh;
}

std::vector<Sequencer::Answer> Sequencer::Answers(
    std::vector<Item>& items, const std::vector<std::vector<Source>>& sources,
    const std::vector<absl::Status>& failures,
    absl::StatusOr<std::vector<JournalEntry>>& appended) const {
  // How many answers still need each appended entry: the last one takes it without a copy
  // (a repeat within the drain shares its original's entry).
  std::vector<uint32_t> uses(appended.ok() ? appended->size() : 0);
  for (size_t i = 0; i < items.size(); ++i) {
    if (!failures[i].ok() || !appended.ok()) continue;
    for (const Source& source : sources[i]) {
      if (source.appended.has_value()) ++uses[*source.appended];
    }
  }
  std::vector<Answer> answers;
  answers.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    answers.push_back({std::move(items[i].done), std::vector<JournalEntry>()});
    if (!failures[i].ok()) {
      answers.back().result = failures[i];
      continue;
    }
    std::vector<JournalEntry> entries;
    entries.reserve(sources[i].size());
    for (const Source& source : sources[i]) {
      if (source.appended.has_value() && !appended.ok()) {
        answers.back().result = appended.status();
        break;
      }
      if (source.appended.has_value()) {
        JournalEntry& entry = (*appended)[*source.appended];
        entries.push_back(--uses[*source.appended] == 0 ? std::move(entry) : entry);
        continue;
      }
      absl::StatusOr<JournalEntry> original = MissingIsDamage(
          journal_->Get(*source.stored), absl::StrCat("journal entry ", *source.stored),
          "the idempotency record of a retried request");
      if (!original.ok()) {
        answers.back().result = original.status();
        break;
      }
      entries.push_back(*std::move(original));
    }
    if (answers.back().result.ok()) answers.back().result = std::move(entries);
  }
  return answers;
}

std::vector<Sequencer::Answer> Sequencer::Commit(std::vector<Item> items, size_t still_queued) {
  std::vector<PendingPosting> to_append;
  std::vector<std::vector<Source>> sources(items.size());
  std::vector<absl::Status> failures(items.size());
  DrainIndex drain;
  const std::vector<std::vector<Stored>> stored = LookUp(items);
  for (size_t i = 0; i < items.size(); ++i) {
    absl::StatusOr<std::vector<size_t>> fresh =
        ResolveGroup(items[i].group, drain, stored[i], sources[i]);
    if (!fresh.ok()) {
      failures[i] = fresh.status();
      continue;
    }
    for (size_t p : *fresh) {
      PendingPosting& posting = items[i].group[p];
      if (posting.posting.reverses.has_value()) drain.reversed.insert(*posting.posting.reverses);
      sources[i][p].appended = to_append.size();
      drain.requests[posting.request_id] = {posting.fingerprint, to_append.size()};
      if (!posting.business_key.empty()) {
        drain.keys[posting.business_key] = {posting.fingerprint, to_append.size()};
      }
      to_append.push_back(std::move(posting));
    }
  }
  absl::StatusOr<std::vector<JournalEntry>> appended = std::vector<JournalEntry>();
  if (!to_append.empty()) {
    CommitStats stats;
    stats.postings_appended = to_append.size();
    for (const PendingPosting& pending : to_append)
      stats.lines_appended += pending.posting.lines.size();
    stats.postings_still_queued = still_queued;
    const absl::Time start = absl::Now();
    appended = journal_->Append(std::move(to_append));
    stats.write_time = absl::Now() - start;
    stats.write_ok = appended.ok();
    stats.write_status = appended.status();
    if (options_.on_commit) options_.on_commit(stats);
  }
  return Answers(items, sources, failures, appended);
}

}  // namespace interco::ledger
