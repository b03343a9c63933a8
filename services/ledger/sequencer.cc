#include "services/ledger/sequencer.h"

#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/field_error.h"
#include "services/common/request_id.h"

namespace interco::ledger {
namespace {

constexpr char kOtherPosting[] = "a posting with different content";

// Where one posting's answer comes from.
struct Source {
  std::optional<size_t> appended;  // Index into the append list.
  std::optional<uint64_t> stored;  // Sequence already in the journal.
};

}  // namespace

Sequencer::Sequencer(Journal* journal, SequencerOptions options, Admission admit)
    : journal_(journal), options_(options), admit_(std::move(admit)), thread_([this] { Run(); }) {}

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
  {
    absl::MutexLock lock(&mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
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
    Commit(std::move(items), still_queued);
  }
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

void Sequencer::Commit(std::vector<Item> items, size_t still_queued) {
  std::vector<PendingPosting> to_append;
  std::vector<std::vector<Source>> sources(items.size());
  std::vector<absl::Status> failures(items.size());
  // request_id -> (fingerprint, index in to_append), for retries inside this drain.
  absl::flat_hash_map<std::string, std::pair<std::string, size_t>> in_drain;
  absl::flat_hash_set<uint64_t> reversed_in_drain;
  for (size_t i = 0; i < items.size(); ++i) {
    std::vector<Source>& item_sources = sources[i];
    std::vector<size_t> fresh;  // Positions in items[i].group to append.
    for (size_t p = 0; p < items[i].group.size() && failures[i].ok(); ++p) {
      const PendingPosting& posting = items[i].group[p];
      Source source;
      const auto seen = in_drain.find(posting.request_id);
      if (seen != in_drain.end()) {
        if (seen->second.first != posting.fingerprint)
          failures[i] = RequestIdReused(posting.request_id, kOtherPosting);
        source.appended = seen->second.second;
      } else {
        absl::StatusOr<std::optional<StoredRequest>> stored =
            journal_->FindRequest(posting.request_id);
        if (!stored.ok()) {
          failures[i] = stored.status();
        } else if (stored->has_value()) {
          if ((*stored)->fingerprint != posting.fingerprint) {
            failures[i] = RequestIdReused(posting.request_id, kOtherPosting);
          }
          source.stored = (*stored)->sequence;
        } else {
          fresh.push_back(p);
        }
      }
      item_sources.push_back(source);
    }
    // An atomic group is posted whole or answered whole from the journal, never mixed.
    if (failures[i].ok() && !fresh.empty() && fresh.size() != items[i].group.size()) {
      failures[i] = WithReason(
          absl::AlreadyExistsError("part of this group was posted before with the same "
                                   "request_ids; resend the whole group or only the rest"),
          "PARTIAL_RETRY");
    }
    for (size_t p = 0; p < fresh.size() && failures[i].ok(); ++p) {
      failures[i] = Admit(items[i].group[fresh[p]].posting, reversed_in_drain);
    }
    if (!failures[i].ok()) continue;
    for (size_t p : fresh) {
      if (items[i].group[p].posting.reverses.has_value()) {
        reversed_in_drain.insert(*items[i].group[p].posting.reverses);
      }
      PendingPosting& posting = items[i].group[p];
      item_sources[p].appended = to_append.size();
      in_drain[posting.request_id] = {posting.fingerprint, to_append.size()};
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
    if (options_.on_commit) options_.on_commit(stats);
  }
  for (size_t i = 0; i < items.size(); ++i) {
    if (!failures[i].ok()) {
      items[i].done(failures[i]);
      continue;
    }
    std::vector<JournalEntry> entries;
    absl::Status status;
    for (const Source& source : sources[i]) {
      if (source.appended.has_value()) {
        if (!appended.ok()) {
          status = appended.status();
          break;
        }
        entries.push_back((*appended)[*source.appended]);
      } else {
        absl::StatusOr<JournalEntry> original = journal_->Get(*source.stored);
        if (!original.ok()) {
          status = original.status();
          break;
        }
        entries.push_back(*std::move(original));
      }
    }
    if (status.ok()) {
      items[i].done(std::move(entries));
    } else {
      items[i].done(status);
    }
  }
}

}  // namespace interco::ledger
