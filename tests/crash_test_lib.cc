#include "tests/crash_test_lib.h"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <random>
#include <set>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "interco/v1/admin.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/crash_record_checks.h"
#include "tests/crash_records.h"
#include "tests/group_channel.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

constexpr char kDefaultGroup[] = "default";

// A posting: its group and its request_id. The same request_id posts once in each group.
using Posting = std::pair<std::string, std::string>;

using Channels = GroupChannels;

// Every reply the server acknowledged, by posting, as bytes.
class Acknowledged {
 public:
  void Add(const Posting& posting, const std::string& reply) {
    absl::MutexLock lock(&mu_);
    replies_.emplace(posting, reply);
  }
  std::map<Posting, std::string> Snapshot() const {
    absl::MutexLock lock(&mu_);
    return replies_;
  }

 private:
  mutable absl::Mutex mu_;
  std::map<Posting, std::string> replies_ ABSL_GUARDED_BY(mu_);
};

// The invoice number of a posting. It names the group, so that an entry in another group's
// journal gives itself away.
std::string InvoiceOf(const std::string& group, const std::string& request_id) {
  return absl::StrCat("INV-", group, "-", request_id);
}

// What a posting sends, the same each time: its amount depends on its group too.
v1::PostTransactionRequest CrashPosting(const Posting& posting) {
  const auto& [group, request_id] = posting;
  const int64_t cost =
      10 + static_cast<int64_t>(std::hash<std::string>{}(group + "/" + request_id) % 1000);
  v1::PostTransactionRequest request = GoodsPosting(request_id, "A", "B", cost);
  request.mutable_transaction()->set_transaction_id(InvoiceOf(group, request_id));
  return request;
}

// The default group is reached as before groups, by naming none; the others by name.
Channels ChannelsTo(const ServerProcess& server, const std::vector<std::string>& groups) {
  Channels channels;
  for (const std::string& group : groups) {
    channels[group] =
        group == kDefaultGroup ? server.Channel() : GroupChannel(server.address(), group);
  }
  return channels;
}

// Creates every group of `channels` but default and gives each the same trading group, and
// each of `record_groups` the records' chart, once: `set_up` holds those already done.
absl::Status SetUpGroups(const ServerProcess& server, const Channels& channels,
                         const std::set<std::string>& record_groups,
                         std::set<std::string>& set_up) {
  auto admin = v1::AdminService::NewStub(server.Channel());
  for (const auto& [group, channel] : channels) {
    if (!set_up.insert(group).second) continue;
    if (group != kDefaultGroup) {
      v1::CreateGroupRequest request;
      request.set_request_id("crash-create-" + group);
      request.set_group_id(group);
      request.set_display_name("Crash test " + group);
      v1::Group created;
      const grpc::Status status =
          Call(*admin, &v1::AdminService::Stub::CreateGroup, request, &created);
      if (!status.ok()) {
        return absl::InternalError(
            absl::StrCat("creating group ", group, ": ", status.error_message()));
      }
    }
    absl::Status setup = SetUpTradingGroup(channel);
    if (setup.ok() && record_groups.count(group) != 0) setup = SetUpRecordChart(channel);
    if (!setup.ok()) {
      return absl::InternalError(absl::StrCat("group ", group, ": ", setup.message()));
    }
  }
  return absl::OkStatus();
}

void Writer(const Channels& channels, int cycle, int writer, uint64_t seed,
            const std::vector<Posting>& earlier, Acknowledged& acknowledged,
            std::atomic<bool>& stop, std::atomic<int64_t>& duplicates) {
  std::vector<std::string> groups;
  std::map<std::string, std::unique_ptr<v1::LedgerService::Stub>> stubs;
  for (const auto& [group, channel] : channels) {
    groups.push_back(group);
    stubs[group] = v1::LedgerService::NewStub(channel);
  }
  std::mt19937_64 random(seed);
  // Each request_id goes to every group in turn, each writer starting at another group, so
  // that the groups' writers commit at the same time.
  for (int i = 0; !stop; ++i) {
    for (size_t k = 0; k < groups.size() && !stop; ++k) {
      Posting posting{groups[(writer + k) % groups.size()],
                      absl::StrCat("c", cycle, "-w", writer, "-", i)};
      // One in eight requests repeats an earlier acknowledged one: it must not post again.
      if (!earlier.empty() && random() % 8 == 0) {
        posting = earlier[random() % earlier.size()];
        ++duplicates;
      }
      v1::PostTransactionResponse response;
      const grpc::Status status =
          Call(*stubs.at(posting.first), &v1::LedgerService::Stub::PostTransaction,
               CrashPosting(posting), &response);
      if (status.ok()) {
        acknowledged.Add(posting, response.SerializeAsString());
      } else if (status.error_code() == grpc::UNAVAILABLE) {
        return;  // The server is gone.
      }
    }
  }
}

// What earlier checks established of one group, so each cycle checks only what is new: the
// hash chain (VerifyLedger) covers every older entry, and the chain hash of the last entry
// read ties that chain to the one found after the next crash.
struct GroupChecked {
  uint64_t entries = 0;                               // Journal entries already read.
  std::string last_chain_hash{std::string(64, '0')};  // Entry `entries`' (zeros: none).
  std::set<std::string> request_ids;                  // Their request_ids.
};

struct Checked {
  std::map<std::string, GroupChecked> groups;
  std::set<Posting> resubmitted;  // Acknowledged postings already resubmitted.
  RecordsChecked records;
};

// Checks one group's ledger: it verifies, every entry is this group's posting and holds its
// request_id once, and the head is the last entry of a chain that extends the one read
// before the crash. Sets *entries to the number of entries.
absl::Status CheckGroup(const std::shared_ptr<grpc::Channel>& channel, const std::string& group,
                        const std::string& where, GroupChecked& checked, uint64_t* entries) {
  auto stub = v1::LedgerService::NewStub(channel);
  v1::VerifyLedgerResponse verified;
  // A whole audit of every record takes seconds per hundred thousand entries, and longer on
  // a machine the run shares with builds: give it minutes, not the usual 10 s.
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
  grpc::Status status = stub->VerifyLedger(&context, v1::VerifyLedgerRequest(), &verified);
  if (status.ok()) {
    const absl::Status families = CheckFamiliesVerified(verified, where);
    if (!families.ok()) return families;
  }
  if (!status.ok() || !verified.ok()) {
    return absl::DataLossError(absl::StrCat(
        where, ": the ledger does not verify: ", status.error_message(), verified.problem()));
  }
  v1::LedgerHead head;
  status = Call(*stub, &v1::LedgerService::Stub::GetLedgerHead, v1::GetLedgerHeadRequest(), &head);
  if (!status.ok()) return absl::InternalError(status.error_message());
  // Nothing posts during the checks: the head is the last entry verified, and no entry read
  // before the crash may be gone.
  if (head.sequence() != verified.entries_checked() || head.sequence() < checked.entries) {
    return absl::DataLossError(absl::StrCat(where, ": the head is at ", head.sequence(), ", ",
                                            verified.entries_checked(), " entries verify, ",
                                            checked.entries, " were read before the crash"));
  }
  std::string chain_hash = checked.last_chain_hash;
  for (uint64_t sequence = checked.entries + 1; sequence <= head.sequence(); ++sequence) {
    v1::GetEntryRequest get;
    get.set_sequence(sequence);
    v1::LedgerEntry entry;
    status = Call(*stub, &v1::LedgerService::Stub::GetEntry, get, &entry);
    if (!status.ok()) return absl::InternalError(status.error_message());
    if (entry.previous_hash() != chain_hash) {
      return absl::DataLossError(absl::StrCat(where, ": entry ", sequence,
                                              " does not extend the chain read before the crash"));
    }
    if (entry.transaction_id() != InvoiceOf(group, entry.request_id())) {
      return absl::DataLossError(absl::StrCat(where, ": entry ", sequence, " (",
                                              entry.transaction_id(),
                                              ") is not a posting of this group"));
    }
    if (!checked.request_ids.insert(entry.request_id()).second) {
      return absl::DataLossError(
          absl::StrCat(where, ": ", entry.request_id(), " is in the journal twice"));
    }
    chain_hash = entry.chain_hash();
  }
  if (head.chain_hash() != chain_hash) {
    return absl::DataLossError(absl::StrCat(where, ": the head's chain hash ", head.chain_hash(),
                                            " is not its last entry's ", chain_hash));
  }
  checked.entries = head.sequence();
  checked.last_chain_hash = chain_hash;
  *entries = head.sequence();
  return absl::OkStatus();
}

// Checks the postings, then the other records, of every group of `channels`. With
// `everything` it reads every journal whole and retries every acknowledged request again;
// the family heads found earlier are kept, to be compared with.
absl::Status CheckAfterRestart(const Channels& channels, int cycle,
                               const std::map<Posting, std::string>& acknowledged,
                               const AcknowledgedRecords& records, bool everything,
                               Checked& checked, CrashTestReport* report) {
  if (everything) {
    checked.groups.clear();
    checked.resubmitted.clear();
    checked.records.resubmitted.clear();
  }
  report->ledger_entries = 0;
  for (const auto& [group, channel] : channels) {
    uint64_t entries = 0;
    const absl::Status status =
        CheckGroup(channel, group, absl::StrCat("cycle ", cycle, ", group ", group),
                   checked.groups[group], &entries);
    if (!status.ok()) return status;
    report->ledger_entries_by_group[group] = entries;
    report->ledger_entries += entries;
  }
  // Every acknowledged posting is in its own group's journal, unchanged: resubmitting it
  // there returns the same bytes. (Another group's journal cannot hold it: its invoice
  // number would not be that group's.)
  for (const auto& [posting, reply] : acknowledged) {
    if (!checked.resubmitted.insert(posting).second) continue;  // Checked in an earlier cycle.
    const auto& [group, request_id] = posting;
    const std::string where = absl::StrCat("cycle ", cycle, ", group ", group, ": ");
    if (checked.groups[group].request_ids.count(request_id) == 0) {
      return absl::DataLossError(absl::StrCat(where, "acknowledged ", request_id, " is lost"));
    }
    v1::PostTransactionResponse again;
    const grpc::Status status =
        Call(*v1::LedgerService::NewStub(channels.at(group)),
             &v1::LedgerService::Stub::PostTransaction, CrashPosting(posting), &again);
    if (!status.ok() || again.SerializeAsString() != reply) {
      return absl::DataLossError(absl::StrCat(where, "the reply to ", request_id,
                                              " changed after a crash: ", status.error_message()));
    }
  }
  if (const std::string problem = records.Problem(); !problem.empty()) {
    return absl::DataLossError(absl::StrCat("cycle ", cycle, ": ", problem));
  }
  return CheckRecordsAfterRestart(channels, cycle, records.Snapshot(), checked.records);
}

// What a run keeps across its cycles.
struct Run {
  explicit Run(const CrashTestOptions& options)
      : options(options),
        random(options.seed),
        // Apart from `random`, so that the postings' kill moments and duplicates stay what
        // they were before the records.
        record_random(options.seed + 1) {}

  const CrashTestOptions& options;
  std::set<std::string> record_groups;  // Those that get a records writer.
  std::set<std::string> set_up;         // Groups created and set up.
  std::mt19937_64 random;
  std::mt19937_64 record_random;
  Acknowledged acknowledged;
  AcknowledgedRecords records;
  std::atomic<int64_t> duplicates{0};
  std::atomic<int64_t> record_duplicates{0};
  Checked checked;
};

// Starts a records writer for each group of `channels` among run.record_groups; each may
// repeat the records of its group in `earlier`, which must outlive the threads.
void StartRecordWriters(const Channels& channels, int cycle,
                        const std::map<std::string, std::vector<Record>>& earlier,
                        std::atomic<bool>& stop, Run& run, std::vector<std::thread>& writers) {
  static const std::vector<Record> kNone;
  for (const auto& [group, channel] : channels) {
    if (run.record_groups.count(group) == 0) continue;
    const auto it = earlier.find(group);
    writers.emplace_back(RecordWriter, channel, group, cycle, run.record_random(),
                         std::cref(it == earlier.end() ? kNone : it->second), std::ref(run.records),
                         std::ref(stop), std::ref(run.record_duplicates));
  }
}

// One cycle on `groups`: starts the server, sets up groups new to the run, checks what the
// earlier cycles left, then writes until a SIGKILL at a random moment.
absl::Status RunCycle(int cycle, const std::vector<std::string>& groups, Run& run,
                      CrashTestReport* report) {
  auto server = ServerProcess::Start(
      {"--listen=127.0.0.1:0", "--data_dir=" + run.options.data_dir, "--log_level=error"});
  if (!server.ok()) return server.status();
  const Channels channels = ChannelsTo(**server, groups);
  const absl::Status setup = SetUpGroups(**server, channels, run.record_groups, run.set_up);
  if (!setup.ok()) return setup;
  const std::map<Posting, std::string> before = run.acknowledged.Snapshot();
  const absl::Status check = CheckAfterRestart(channels, cycle, before, run.records,
                                               /*everything=*/false, run.checked, report);
  if (!check.ok()) return check;
  std::vector<Posting> earlier;
  for (const auto& [posting, reply] : before) earlier.push_back(posting);
  std::map<std::string, std::vector<Record>> earlier_records;
  for (const auto& [record, reply] : run.records.Snapshot()) {
    earlier_records[record.group].push_back(record);
  }
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < run.options.writers; ++w) {
    writers.emplace_back(Writer, std::cref(channels), cycle, w, run.random(), std::cref(earlier),
                         std::ref(run.acknowledged), std::ref(stop), std::ref(run.duplicates));
  }
  StartRecordWriters(channels, cycle, earlier_records, stop, run, writers);
  absl::SleepFor(absl::Milliseconds(50 + static_cast<int64_t>(run.random() % 400)));
  (*server)->SignalAndWait(SIGKILL, absl::Seconds(10));  // Mid-write, at a random moment.
  stop = true;
  for (auto& w : writers) w.join();
  return absl::OkStatus();
}

void FillReport(const Run& run, const std::map<Posting, std::string>& postings,
                CrashTestReport* report) {
  report->cycles = run.options.cycles;
  report->acknowledged = static_cast<int64_t>(postings.size());
  report->acknowledged_by_group.clear();
  for (const auto& [posting, reply] : postings) ++report->acknowledged_by_group[posting.first];
  report->duplicates_sent = run.duplicates;
  report->records_acknowledged_by_kind.clear();
  for (const auto& [record, reply] : run.records.Snapshot()) {
    ++report->records_acknowledged_by_kind[KindName(record.kind)];
  }
  report->record_duplicates_sent = run.record_duplicates;
}

}  // namespace

std::vector<std::string> CrashTestGroups(int groups) {
  std::vector<std::string> ids = {kDefaultGroup};
  for (int g = 1; g < groups; ++g) ids.push_back(absl::StrCat("group-", g));
  return ids;
}

absl::Status RunCrashTest(const CrashTestOptions& options, CrashTestReport* report) {
  if (options.groups < 1 || options.groups > kCrashTestGroupsMax || options.writers < 1 ||
      options.cycles < 0 || options.groups_created_at_cycle < 0 ||
      options.groups_created_at_cycle > options.cycles || options.record_groups < 0 ||
      options.record_groups > options.groups || options.data_dir.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "groups must be 1 to ", kCrashTestGroupsMax,
        ", writers at least 1, cycles not negative, groups_created_at_cycle 0 to cycles, "
        "record_groups 0 to groups, and a data_dir given"));
  }
  const std::vector<std::string> all_groups = CrashTestGroups(options.groups);
  const std::vector<std::string> default_only = CrashTestGroups(1);
  auto groups_at = [&](int cycle) -> const std::vector<std::string>& {
    return cycle >= options.groups_created_at_cycle ? all_groups : default_only;
  };
  Run run(options);
  if (options.record_groups > 0) {
    const std::vector<std::string> ids = CrashTestGroups(options.record_groups);
    run.record_groups.insert(ids.begin(), ids.end());
  }
  for (int cycle = 0; cycle < options.cycles; ++cycle) {
    const absl::Status status = RunCycle(cycle, groups_at(cycle), run, report);
    if (!status.ok()) return status;
  }
  // A final restart checks the last cycle's writes too.
  auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + options.data_dir});
  if (!server.ok()) return server.status();
  const std::map<Posting, std::string> all = run.acknowledged.Snapshot();
  // The last check reads every group's whole journal and resubmits every acknowledged
  // request again.
  absl::Status check =
      CheckAfterRestart(ChannelsTo(**server, groups_at(options.cycles)), options.cycles, all,
                        run.records, /*everything=*/true, run.checked, report);
  FillReport(run, all, report);
  return check;
}

}  // namespace interco::testing
