#include "services/cli/commands.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "services/cli/group_file.h"
#include "services/cli/journal_csv.h"
#include "services/cli/refusals.h"
#include "services/cli/transactions_csv.h"
#include "services/cli/wire.h"

namespace interco::cli {
namespace {

// A batch item's error in the words of its CSV row: "transactions[3].transaction.quantity: ..."
// is about the row's quantity column; the batch index is the CLI's business, not the user's.
std::string InRowWords(absl::string_view message) {
  absl::string_view rest = message;
  if (!absl::ConsumePrefix(&rest, "transactions[")) return std::string(message);
  const size_t close = rest.find(']');
  if (close == absl::string_view::npos) return std::string(message);
  rest.remove_prefix(close + 1);
  if (!absl::ConsumePrefix(&rest, ".")) absl::ConsumePrefix(&rest, ": ");
  absl::ConsumePrefix(&rest, "transaction.");
  return std::string(rest);
}

// The ledger's last sequence now: postings answered with a sequence up to it were on the
// ledger before this run. A retry under an old request_id repeats the first reply, which
// carries no original_request_id; its sequence tells it from a new posting. Returns
// kExitOk, or the exit code of the failed call.
int HeadSequence(const std::shared_ptr<grpc::Channel>& channel, uint64_t* sequence,
                 Console& console) {
  v1::LedgerHead head;
  const grpc::Status status = v1::LedgerService::NewStub(channel)->GetLedgerHead(
      CallContext().get(), v1::GetLedgerHeadRequest(), &head);
  if (!status.ok()) return Failed(status, console);
  *sequence = head.sequence();
  return kExitOk;
}

// What a posting run did, for its summary line.
struct PostingTally {
  size_t fresh = 0;    // Written by this run.
  size_t earlier = 0;  // On the ledger before: an earlier run, or another file.
  size_t lines = 0;    // Ledger lines of both.
  size_t refused = 0;
  std::set<uint64_t> counted;  // Sequences already counted by this run.

  // A row repeated within the file is answered with the posting its first copy made: it
  // counts once as new, then as already there.
  void Count(uint64_t sequence, const std::string& original_request_id, int lines_size,
             uint64_t head_before) {
    const bool repeat = !counted.insert(sequence).second;
    ++(original_request_id.empty() && sequence > head_before && !repeat ? fresh : earlier);
    if (!repeat) lines += lines_size;
  }
  std::string Summary(const char* what, const std::string& path, size_t unreadable) const {
    return absl::StrCat(fresh + earlier, " ", what, " of ", path, " on the ledger: ", fresh,
                        " new, ", earlier, " already there (", lines, " lines); ", refused,
                        " refused by the server, ", unreadable, " unreadable rows\n");
  }
};

grpc::Status Send(const std::shared_ptr<grpc::Channel>& channel, const GroupStep& step) {
  auto structure = v1::GroupStructureService::NewStub(channel);
  auto policies = v1::PolicyService::NewStub(channel);
  return std::visit(
      [&](const auto& request) -> grpc::Status {
        using T = std::decay_t<decltype(request)>;
        auto context = CallContext();
        if constexpr (std::is_same_v<T, v1::UpsertEntityRequest>) {
          v1::UpsertEntityResponse r;
          return structure->UpsertEntity(context.get(), request, &r);
        } else if constexpr (std::is_same_v<T, v1::UpsertDepartmentRequest>) {
          v1::UpsertDepartmentResponse r;
          return structure->UpsertDepartment(context.get(), request, &r);
        } else if constexpr (std::is_same_v<T, v1::UpsertEmployeeRequest>) {
          v1::UpsertEmployeeResponse r;
          return structure->UpsertEmployee(context.get(), request, &r);
        } else if constexpr (std::is_same_v<T, v1::AddOwnershipEdgeRequest>) {
          v1::AddOwnershipEdgeResponse r;
          return structure->AddOwnershipEdge(context.get(), request, &r);
        } else if constexpr (std::is_same_v<T, v1::UpsertPolicyRequest>) {
          v1::UpsertPolicyResponse r;
          return policies->UpsertPolicy(context.get(), request, &r);
        } else if constexpr (std::is_same_v<T, v1::UpsertFxRateRequest>) {
          v1::UpsertFxRateResponse r;
          return policies->UpsertFxRate(context.get(), request, &r);
        } else {
          v1::UpsertAccountMapResponse r;
          return policies->UpsertAccountMap(context.get(), request, &r);
        }
      },
      step);
}

// Posts `file`'s transactions `batch_size` at a time, counting each reply in `tally` and
// each refused row in `refusals`. kExitOk, or the exit code of a failed call.
int PostInBatches(const std::shared_ptr<grpc::Channel>& channel, const TransactionsCsv& file,
                  int batch_size, uint64_t head_before, PostingTally& tally, Refusals& refusals,
                  Console& console) {
  auto ledger = v1::LedgerService::NewStub(channel);
  const size_t total = file.transactions.size();
  ProgressLine progress(console, "posting", total);
  for (size_t start = 0; start < total; start += batch_size) {
    v1::BatchPostTransactionsRequest batch;
    // Only for the server's logs: each item's own request_id makes it exactly once.
    batch.set_request_id(RequestId("batch", file.transactions[start].request.request_id()));
    const size_t end = std::min(total, start + batch_size);
    for (size_t i = start; i < end; ++i) *batch.add_transactions() = file.transactions[i].request;
    v1::BatchPostTransactionsResponse response;
    const grpc::Status status =
        ledger->BatchPostTransactions(CallContext().get(), batch, &response);
    if (!status.ok()) return Failed(status, console);
    for (int i = 0; i < response.results_size(); ++i) {
      const v1::PostResult& result = response.results(i);
      if (result.status().code() == 0) {
        const v1::PostTransactionResponse& posted = result.response();
        tally.Count(posted.sequence(), posted.original_request_id(), posted.lines_size(),
                    head_before);
      } else {
        ++tally.refused;
        const CsvTransaction& row = file.transactions[start + i];
        refusals.Add(row.line, row.fields, InRowWords(result.status().message()));
      }
    }
    progress.Update(end);
  }
  return kExitOk;
}

}  // namespace

int LoadGroup(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
              Console& console) {
  std::string text;
  if (!ReadInputFile(path, &text, console)) return kExitBadInput;
  absl::StatusOr<std::vector<GroupStep>> steps = ReadGroupFile(text);
  if (!steps.ok()) {
    console.err << "interco: " << path << ": " << steps.status().message() << "\n";
    return kExitBadInput;
  }
  size_t failed = 0;
  ProgressLine progress(console, "loading", steps->size());
  for (size_t i = 0; i < steps->size(); ++i) {
    const grpc::Status status = Send(channel, (*steps)[i]);
    if (Fatal(status, console)) return kExitUnavailable;
    if (!status.ok()) {
      ++failed;
      console.err << "interco: " << path << ": item " << i + 1 << ": " << status.error_message()
                  << "\n";
    }
    progress.Update(i + 1);
  }
  console.out << "loaded " << steps->size() - failed << " of " << steps->size() << " items from "
              << path << (failed ? absl::StrCat(", ", failed, " refused") : "") << "\n";
  return failed == 0 ? kExitOk : kExitSomeFailed;
}

int PostTransactions(const std::shared_ptr<grpc::Channel>& channel, const PostOptions& options,
                     DecimalMark mark, Console& console) {
  const std::string& path = options.path;
  std::string text;
  if (!ReadInputFile(path, &text, console)) return kExitBadInput;
  absl::StatusOr<TransactionsCsv> file = ReadTransactionsCsv(text, mark);
  if (!file.ok()) {
    console.err << "interco: " << path << ": " << file.status().message() << "\n";
    return kExitBadInput;
  }
  absl::StatusOr<std::unique_ptr<Refusals>> refusals =
      Refusals::Create(path, file->header, file->format, options.rejects_path, console);
  if (!refusals.ok()) {
    console.err << "interco: " << refusals.status().message() << "\n";
    return kExitBadInput;
  }
  for (const CsvRowError& error : file->errors) {
    (*refusals)->Add(error.line, error.fields, error.message);
  }
  uint64_t head_before = 0;
  if (int code = HeadSequence(channel, &head_before, console); code != kExitOk) return code;
  PostingTally tally;
  if (int code = PostInBatches(channel, *file, options.batch_size, head_before, tally, **refusals,
                               console);
      code != kExitOk) {
    return code;
  }
  console.out << tally.Summary("transactions", path, file->errors.size());
  if (absl::Status written = (*refusals)->Finish(); !written.ok()) {
    console.err << "interco: --rejects: " << written.message() << "\n";
    return kExitSomeFailed;
  }
  return tally.refused == 0 && file->errors.empty() ? kExitOk : kExitSomeFailed;
}

int PostJournal(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                DecimalMark mark, Console& console) {
  std::string text;
  if (!ReadInputFile(path, &text, console)) return kExitBadInput;
  absl::StatusOr<JournalCsv> file = ReadJournalCsv(text, mark);
  if (!file.ok()) {
    console.err << "interco: " << path << ": " << file.status().message() << "\n";
    return kExitBadInput;
  }
  std::unique_ptr<Refusals> refusals = Refusals::Printing(path, console);
  for (const CsvRowError& error : file->errors) refusals->Add(error.line, {}, error.message);
  uint64_t head_before = 0;
  if (int code = HeadSequence(channel, &head_before, console); code != kExitOk) return code;
  auto ledger = v1::LedgerService::NewStub(channel);
  PostingTally tally;
  ProgressLine progress(console, "posting", file->entries.size());
  for (size_t i = 0; i < file->entries.size(); ++i) {
    const CsvJournalEntry& entry = file->entries[i];
    v1::PostJournalEntryResponse response;
    const grpc::Status status =
        ledger->PostJournalEntry(CallContext().get(), entry.request, &response);
    if (Fatal(status, console)) return kExitUnavailable;
    if (status.ok()) {
      tally.Count(response.sequence(), response.original_request_id(), response.lines_size(),
                  head_before);
    } else {
      ++tally.refused;
      refusals->AddItem(LineOfError(entry, status.error_message()),
                        absl::StrCat("entry ", entry.request.entry_id()), status.error_message());
    }
    progress.Update(i + 1);
  }
  console.out << tally.Summary("journal entries", path, file->errors.size());
  refusals->Finish().IgnoreError();  // Without a rejects file it writes nothing.
  return tally.refused == 0 && file->errors.empty() ? kExitOk : kExitSomeFailed;
}

int ShowHead(const std::shared_ptr<grpc::Channel>& channel, Console& console) {
  v1::LedgerHead head;
  const grpc::Status status = v1::LedgerService::NewStub(channel)->GetLedgerHead(
      CallContext().get(), v1::GetLedgerHeadRequest(), &head);
  if (!status.ok()) return Failed(status, console);
  console.out << "ledger head: sequence " << head.sequence() << ", hash " << head.chain_hash()
              << ", structure version " << head.structure_version() << ", pricing version "
              << head.pricing_version() << "\n";
  std::vector<std::string> heads;
  for (const v1::FamilyHead& family : head.family_heads()) {
    heads.push_back(absl::StrCat(family.family(), " ", family.version()));
  }
  console.out << "combined head: " << head.combined_hash() << " (journal " << head.sequence()
              << ", " << absl::StrJoin(heads, ", ") << ")\n";
  return kExitOk;
}

int VerifyLedger(const std::shared_ptr<grpc::Channel>& channel, Console& console) {
  v1::VerifyLedgerResponse response;
  const grpc::Status status = v1::LedgerService::NewStub(channel)->VerifyLedger(
      CallContext().get(), v1::VerifyLedgerRequest(), &response);
  if (!status.ok()) return Failed(status, console);
  const bool journal_ok = response.problem().empty() && response.first_broken_sequence() == 0 &&
                          response.affected_count() == 0;
  if (journal_ok) {
    console.out << "ledger verified: " << response.entries_checked()
                << " entries, hash chain and balances intact\n";
  } else {
    console.out << "LEDGER BROKEN at sequence " << response.first_broken_sequence() << ": "
                << response.problem() << " (" << response.entries_checked()
                << " entries verified before it)\n";
  }
  std::vector<std::string> intact;
  for (const v1::FamilyVerification& family : response.families()) {
    if (family.ok()) {
      intact.push_back(absl::StrCat(family.family(), " ", family.versions_checked()));
      continue;
    }
    console.out << "HISTORY BROKEN: " << family.family() << " at version "
                << family.first_broken_version() << " (key " << family.key()
                << "): " << family.problem() << " (" << family.versions_checked()
                << " versions verified before it)\n";
  }
  if (!intact.empty()) {
    console.out << "histories verified (versions): " << absl::StrJoin(intact, ", ")
                << "; hash chains intact\n";
  }
  return response.ok() ? kExitOk : kExitSomeFailed;
}

}  // namespace interco::cli
