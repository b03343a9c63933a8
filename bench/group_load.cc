#include "bench/group_load.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "bench/process_meter.h"
#include "grpcpp/grpcpp.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/trading_group.h"

namespace interco::bench {
namespace {

namespace v1 = ::interco::v1;

constexpr char kGroupHeader[] = "x-interco-group";
constexpr absl::Duration kCallDeadline = absl::Seconds(120);
constexpr int kInFlightMax = 10000;
constexpr int kBatchSizeMax = 1000;  // The server's limit per BatchPostTransactions.
constexpr int kConnectionsMax = 64;

using Stub = v1::LedgerService::Stub;

// gRPC's status codes are numbered as absl's, whose names are the canonical ones.
std::string CodeName(int code) {
  const std::string name = absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
  return name.empty() ? "UNKNOWN" : name;
}

// Connections of their own (not shared with other channels to the address). They live as
// long as the program: gRPC may still be finishing a call's cleanup on its own threads
// when the load's last answer has arrived.
std::vector<std::shared_ptr<Stub>> Connections(const std::string& address, int n) {
  static auto* const kKeep = new std::vector<std::shared_ptr<Stub>>;
  std::vector<std::shared_ptr<Stub>> stubs;
  for (int i = 0; i < n; ++i) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("interco.bench.group_load_channel", i);
    args.SetMaxReceiveMessageSize(64 << 20);
    stubs.push_back(v1::LedgerService::NewStub(
        grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args)));
  }
  kKeep->insert(kKeep->end(), stubs.begin(), stubs.end());
  return stubs;
}

enum class Phase { kWarmUp, kMeasured, kDraining };

// The calls of one load. Each call holds a reference, so the load outlives its last
// callback even after RunGroupLoad has returned. Thread-safe: callbacks run on gRPC's
// threads.
class Load : public std::enable_shared_from_this<Load> {
 public:
  Load(const GroupLoadOptions& options, std::vector<std::shared_ptr<Stub>> stubs)
      : options_(options),
        stubs_(std::move(stubs)),
        next_batch_(options.in_flight, 0),
        postings_by_group_(options.groups.size()) {}

  // Opens every slot's first call.
  void Start() {
    active_slots_ = options_.in_flight;
    for (int slot = 0; slot < options_.in_flight; ++slot) Issue(slot);
  }

  // From now on, completed calls are counted (kMeasured), or no slot starts another
  // (kDraining).
  void SetPhase(Phase phase) { phase_.store(phase); }

  // Waits until every slot's last call has answered (kDraining first). Calls have
  // deadlines, so this ends.
  void WaitDrained() { drained_.WaitForNotification(); }

  // The counted calls' figures into `result`.
  void Collect(GroupLoadResult* result) {
    Figures& f = result->figures;
    f.postings = postings_.load();
    f.lines = lines_.load();
    for (const std::atomic<int64_t>& n : postings_by_group_) {
      result->postings_by_group.push_back(n.load());
    }
    absl::MutexLock lock(&mu_);
    f.errors = errors_;
    SetLatencies(std::move(latencies_ms_), &f);
  }

 private:
  struct Call {
    std::shared_ptr<Load> load;
    int slot = 0;
    absl::Time sent;
    grpc::ClientContext context;
    v1::BatchPostTransactionsRequest request;
    v1::BatchPostTransactionsResponse response;
  };

  void Issue(int slot) {
    const size_t group = slot % options_.groups.size();
    auto* call = new Call;
    call->load = shared_from_this();
    call->slot = slot;
    // Only this slot's chain of calls touches its counter, one call after another.
    const std::string id =
        absl::StrCat(options_.request_prefix, "s", slot, "-", next_batch_[slot]++);
    call->request.set_request_id(id);
    for (int i = 0; i < options_.batch_size; ++i) {
      *call->request.add_transactions() =
          testing::GoodsPosting(absl::StrCat(id, "-", i), "A", "B", 10 + i % 1000);
    }
    call->context.AddMetadata(kGroupHeader, options_.groups[group]);
    call->context.set_deadline(absl::ToChronoTime(absl::Now() + kCallDeadline));
    call->sent = absl::Now();
    stubs_[slot % stubs_.size()]->async()->BatchPostTransactions(
        &call->context, &call->request, &call->response,
        [call](grpc::Status status) { call->load->Completed(call, status); });
  }

  void Completed(Call* call, const grpc::Status& status) {
    const absl::Time answered = absl::Now();
    const int slot = call->slot;
    const Phase phase = phase_.load();
    if (phase == Phase::kMeasured) {
      int64_t postings = 0, lines = 0;
      std::map<std::string, int64_t> refused;
      for (const v1::PostResult& result : call->response.results()) {
        if (result.status().code() != 0) {
          ++refused[absl::StrCat("item ", CodeName(result.status().code()))];
        } else {
          ++postings;
          lines += result.response().lines_size();
        }
      }
      postings_ += postings;
      lines_ += lines;
      postings_by_group_[slot % options_.groups.size()] += postings;
      absl::MutexLock lock(&mu_);
      latencies_ms_.push_back(absl::ToDoubleMilliseconds(answered - call->sent));
      if (!status.ok()) ++errors_[CodeName(status.error_code())];
      for (const auto& [name, n] : refused) errors_[name] += n;
    }
    std::shared_ptr<Load> self = std::move(call->load);
    delete call;
    if (phase != Phase::kDraining) {
      Issue(slot);
    } else if (active_slots_.fetch_sub(1) == 1) {
      drained_.Notify();
    }
  }

  const GroupLoadOptions options_;
  const std::vector<std::shared_ptr<Stub>> stubs_;
  std::vector<int64_t> next_batch_;  // By slot.
  std::atomic<Phase> phase_{Phase::kWarmUp};
  std::atomic<int> active_slots_{0};
  absl::Notification drained_;
  std::atomic<int64_t> postings_{0};
  std::atomic<int64_t> lines_{0};
  std::vector<std::atomic<int64_t>> postings_by_group_;
  absl::Mutex mu_;
  std::vector<double> latencies_ms_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int64_t> errors_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

absl::StatusOr<GroupLoadResult> RunGroupLoad(const GroupLoadOptions& options) {
  const int groups = static_cast<int>(options.groups.size());
  if (groups == 0) return absl::InvalidArgumentError("no group to post to");
  if (options.in_flight < groups || options.in_flight > kInFlightMax) {
    return absl::InvalidArgumentError(absl::StrCat("in_flight must be in [", groups, ", ",
                                                   kInFlightMax, "] for ", groups, " groups"));
  }
  if (options.batch_size < 1 || options.batch_size > kBatchSizeMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("batch_size must be in [1, ", kBatchSizeMax, "]"));
  }
  if (options.connections < 1 || options.connections > kConnectionsMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("connections must be in [1, ", kConnectionsMax, "]"));
  }
  GroupLoadResult result;
  result.groups = groups;
  result.figures = Figures("interco", "groups", options.in_flight, options.batch_size);
  auto load = std::make_shared<Load>(options, Connections(options.address, options.connections));
  load->Start();
  absl::SleepFor(options.warm_up);
  // The window: the meter reads /proc at its two ends, the load counts what completes
  // between them.
  const ProcessMeter meter(options.server_pid, /*peak_rss=*/true);
  const absl::Time start = absl::Now();
  load->SetPhase(Phase::kMeasured);
  absl::SleepFor(options.measured);
  load->SetPhase(Phase::kDraining);
  result.figures.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  meter.Finish(&result.figures);
  load->WaitDrained();
  load->Collect(&result);
  result.figures.note = absl::StrCat(groups, " groups");
  return result;
}

}  // namespace interco::bench
