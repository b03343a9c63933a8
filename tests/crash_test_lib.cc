#include "tests/crash_test_lib.h"

#include <signal.h>

#include <atomic>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

// Every reply the server acknowledged, by request_id, as bytes.
class Acknowledged {
 public:
  void Add(const std::string& request_id, const std::string& reply) {
    absl::MutexLock lock(&mu_);
    replies_.emplace(request_id, reply);
  }
  std::map<std::string, std::string> Snapshot() const {
    absl::MutexLock lock(&mu_);
    return replies_;
  }

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, std::string> replies_;
};

void Writer(const std::shared_ptr<grpc::Channel>& channel, int cycle, int writer, uint64_t seed,
            const std::vector<std::string>& earlier, Acknowledged& acknowledged,
            std::atomic<bool>& stop, std::atomic<int64_t>& duplicates) {
  auto stub = v1::LedgerService::NewStub(channel);
  std::mt19937_64 random(seed);
  for (int i = 0; !stop; ++i) {
    std::string id = absl::StrCat("c", cycle, "-w", writer, "-", i);
    // One in eight requests repeats an earlier acknowledged one: it must not post again.
    if (!earlier.empty() && random() % 8 == 0) {
      id = earlier[random() % earlier.size()];
      ++duplicates;
    }
    const int64_t cost = 10 + static_cast<int64_t>(std::hash<std::string>{}(id) % 1000);
    v1::PostTransactionResponse response;
    const grpc::Status status = Call(*stub, &v1::LedgerService::Stub::PostTransaction,
                                     GoodsPosting(id, "A", "B", cost), &response);
    if (status.ok()) {
      acknowledged.Add(id, response.SerializeAsString());
    } else if (status.error_code() == grpc::UNAVAILABLE) {
      return;  // The server is gone.
    }
  }
}

// What earlier checks established, so each cycle checks only what is new: the hash chain
// (VerifyLedger) covers every older entry, so they cannot have changed unnoticed.
struct Checked {
  uint64_t entries = 0;               // Journal entries already read.
  std::set<std::string> request_ids;  // Their request_ids.
  std::set<std::string> replies;      // Acknowledged ids already resubmitted.
};

absl::Status CheckAfterRestart(const std::shared_ptr<grpc::Channel>& channel, int cycle,
                               const std::map<std::string, std::string>& acknowledged,
                               bool everything, Checked& checked, CrashTestReport* report) {
  auto stub = v1::LedgerService::NewStub(channel);
  v1::VerifyLedgerResponse verified;
  // A whole audit of every record takes seconds per hundred thousand entries, and longer on
  // a machine the run shares with builds: give it minutes, not the usual 10 s.
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
  grpc::Status status = stub->VerifyLedger(&context, v1::VerifyLedgerRequest(), &verified);
  if (!status.ok() || !verified.ok()) {
    return absl::DataLossError(absl::StrCat("cycle ", cycle, ": the ledger does not verify: ",
                                            status.error_message(), verified.problem()));
  }
  report->ledger_entries = verified.entries_checked();
  // Every entry once: no request_id twice in the journal.
  if (everything) checked = Checked{};
  std::set<std::string>& seen = checked.request_ids;
  for (uint64_t sequence = checked.entries + 1; sequence <= verified.entries_checked();
       ++sequence) {
    v1::GetEntryRequest get;
    get.set_sequence(sequence);
    v1::LedgerEntry entry;
    status = Call(*stub, &v1::LedgerService::Stub::GetEntry, get, &entry);
    if (!status.ok()) return absl::InternalError(status.error_message());
    if (!seen.insert(entry.request_id()).second) {
      return absl::DataLossError(
          absl::StrCat("cycle ", cycle, ": ", entry.request_id(), " is in the journal twice"));
    }
  }
  checked.entries = verified.entries_checked();
  // Every acknowledged posting is there, unchanged: resubmitting returns the same bytes.
  for (const auto& [id, reply] : acknowledged) {
    if (!checked.replies.insert(id).second) continue;  // Checked in an earlier cycle.
    if (seen.count(id) == 0) {
      return absl::DataLossError(absl::StrCat("cycle ", cycle, ": acknowledged ", id, " is lost"));
    }
    const int64_t cost = 10 + static_cast<int64_t>(std::hash<std::string>{}(id) % 1000);
    v1::PostTransactionResponse again;
    status = Call(*stub, &v1::LedgerService::Stub::PostTransaction,
                  GoodsPosting(id, "A", "B", cost), &again);
    if (!status.ok() || again.SerializeAsString() != reply) {
      return absl::DataLossError(absl::StrCat("cycle ", cycle, ": the reply to ", id,
                                              " changed after a crash: ", status.error_message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RunCrashTest(const CrashTestOptions& options, CrashTestReport* report) {
  std::mt19937_64 random(options.seed);
  Acknowledged acknowledged;
  std::atomic<int64_t> duplicates{0};
  Checked checked;
  for (int cycle = 0; cycle < options.cycles; ++cycle) {
    auto server = ServerProcess::Start(
        {"--listen=127.0.0.1:0", "--data_dir=" + options.data_dir, "--log_level=error"});
    if (!server.ok()) return server.status();
    if (cycle == 0) {
      const absl::Status setup = SetUpTradingGroup((*server)->Channel());
      if (!setup.ok()) return setup;
    }
    const std::map<std::string, std::string> before = acknowledged.Snapshot();
    absl::Status check = CheckAfterRestart((*server)->Channel(), cycle, before,
                                           /*everything=*/false, checked, report);
    if (!check.ok()) return check;
    std::vector<std::string> earlier;
    for (const auto& [id, reply] : before) earlier.push_back(id);
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < options.writers; ++w) {
      writers.emplace_back(Writer, (*server)->Channel(), cycle, w, random(), std::cref(earlier),
                           std::ref(acknowledged), std::ref(stop), std::ref(duplicates));
    }
    absl::SleepFor(absl::Milliseconds(50 + static_cast<int64_t>(random() % 400)));
    (*server)->SignalAndWait(SIGKILL, absl::Seconds(10));  // Mid-write, at a random moment.
    stop = true;
    for (auto& w : writers) w.join();
  }
  // A final restart checks the last cycle's writes too.
  auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + options.data_dir});
  if (!server.ok()) return server.status();
  const std::map<std::string, std::string> all = acknowledged.Snapshot();
  // The last check reads the whole journal and resubmits every acknowledged request again.
  absl::Status check = CheckAfterRestart((*server)->Channel(), options.cycles, all,
                                         /*everything=*/true, checked, report);
  report->cycles = options.cycles;
  report->acknowledged = static_cast<int64_t>(all.size());
  report->duplicates_sent = duplicates;
  return check;
}

}  // namespace interco::testing
