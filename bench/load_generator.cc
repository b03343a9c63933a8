#include "bench/load_generator.h"

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

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

constexpr int kMaxChannels = 8;

// gRPC's status codes are numbered as absl's, whose names are the canonical ones.
std::string CodeName(grpc::StatusCode code) {
  std::string name = absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
  return name.empty() ? "UNKNOWN" : name;
}

// Channels live as long as the program: gRPC may still be finishing a call's cleanup on
// its own threads when a scenario's last reply has arrived.
std::vector<std::shared_ptr<v1::LedgerService::Stub>> Stubs(const std::string& address, int n) {
  static auto* const kKeep = new std::vector<std::shared_ptr<v1::LedgerService::Stub>>;
  std::vector<std::shared_ptr<v1::LedgerService::Stub>> stubs;
  for (int i = 0; i < std::min(n, kMaxChannels); ++i) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // A connection of its own.
    args.SetInt("interco.bench.channel", i);
    args.SetMaxReceiveMessageSize(64 << 20);
    stubs.push_back(v1::LedgerService::NewStub(
        grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args)));
  }
  kKeep->insert(kKeep->end(), stubs.begin(), stubs.end());
  return stubs;
}

// Keeps `in_flight` calls going until `total` are done. `issue(i, done)` starts call i and
// calls done(code, extra_errors) when it completes. Thread-safe collection.
class Driver {
 public:
  using Done = std::function<void(grpc::StatusCode, const std::map<std::string, int64_t>&)>;
  using Issue = std::function<void(int, Done)>;

  Driver(int in_flight, int total, Issue issue)
      : total_(total), issue_(std::move(issue)), in_flight_(std::min(in_flight, total)) {}

  void Run(Figures* f) {
    const absl::Time start = absl::Now();
    for (int i = 0; i < in_flight_; ++i) Next();
    done_.WaitForNotification();
    f->seconds = absl::ToDoubleSeconds(absl::Now() - start);
    absl::MutexLock lock(&mu_);
    f->errors = errors_;
    SetLatencies(std::move(latencies_), f);
  }

 private:
  void Next() {
    const int i = next_.fetch_add(1);
    if (i >= total_) return;
    const absl::Time sent = absl::Now();
    issue_(i, [this, sent](grpc::StatusCode code, const std::map<std::string, int64_t>& extra) {
      const double ms = absl::ToDoubleMilliseconds(absl::Now() - sent);
      {
        absl::MutexLock lock(&mu_);
        latencies_.push_back(ms);
        if (code != grpc::OK) ++errors_[CodeName(code)];
        for (const auto& [name, n] : extra) errors_[name] += n;
      }
      // Start the next call before counting this one finished: once the last is counted,
      // Run() returns and the driver is gone, so nothing may touch it after that.
      Next();
      if (finished_.fetch_add(1) + 1 == total_) done_.Notify();
    });
  }

  const int total_;
  const Issue issue_;
  const int in_flight_;
  std::atomic<int> next_{0};
  std::atomic<int> finished_{0};
  absl::Notification done_;
  absl::Mutex mu_;
  std::vector<double> latencies_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int64_t> errors_ ABSL_GUARDED_BY(mu_);
};

template <typename Request, typename Response>
struct Call {
  grpc::ClientContext context;
  Request request;
  Response response;
};

}  // namespace

Figures RunUnary(const Target& target, int in_flight, int total, const std::string& prefix) {
  Figures f{"interco", "unary", in_flight, 1};
  auto stubs = Stubs(target.address, in_flight);
  ProcessMeter meter(target.pid, /*peak_rss=*/true);
  std::atomic<int64_t> postings{0}, lines{0};
  Driver driver(in_flight, total, [&](int i, Driver::Done done) {
    using C = Call<v1::PostTransactionRequest, v1::PostTransactionResponse>;
    auto* call = new C;
    call->request = testing::GoodsPosting(absl::StrCat(prefix, i), "A", "B", 10 + i % 1000);
    call->context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
    stubs[i % stubs.size()]->async()->PostTransaction(
        &call->context, &call->request, &call->response,
        [call, done, &postings, &lines](grpc::Status status) {
          if (status.ok()) {
            ++postings;
            lines += call->response.lines_size();
          }
          delete call;
          done(status.error_code(), {});  // Last: the scenario may end with it.
        });
  });
  driver.Run(&f);
  meter.Finish(&f);
  f.postings = postings;
  f.lines = lines;
  return f;
}

Figures RunBatches(const Target& target, int in_flight, int size, int batches,
                   const std::string& prefix) {
  Figures f{"interco", "batch", in_flight, size};
  auto stubs = Stubs(target.address, in_flight);
  ProcessMeter meter(target.pid, /*peak_rss=*/true);
  std::atomic<int64_t> postings{0}, lines{0};
  Driver driver(in_flight, batches, [&](int b, Driver::Done done) {
    using C = Call<v1::BatchPostTransactionsRequest, v1::BatchPostTransactionsResponse>;
    auto* call = new C;
    call->request.set_request_id(absl::StrCat(prefix, "batch-", b));
    for (int i = 0; i < size; ++i) {
      *call->request.add_transactions() =
          testing::GoodsPosting(absl::StrCat(prefix, b, "-", i), "A", "B", 10 + i % 1000);
    }
    call->context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(120)));
    stubs[b % stubs.size()]->async()->BatchPostTransactions(
        &call->context, &call->request, &call->response,
        [call, done, &postings, &lines](grpc::Status status) {
          std::map<std::string, int64_t> items;
          for (const v1::PostResult& result : call->response.results()) {
            if (result.status().code() != 0) {
              ++items[absl::StrCat(
                  "item ", CodeName(static_cast<grpc::StatusCode>(result.status().code())))];
            } else {
              ++postings;
              lines += result.response().lines_size();
            }
          }
          delete call;
          done(status.error_code(), items);  // Last: the scenario may end with it.
        });
  });
  driver.Run(&f);
  meter.Finish(&f);
  f.postings = postings;
  f.lines = lines;
  return f;
}

Figures RunStreams(const Target& target, int streams, int per_stream, const std::string& prefix) {
  Figures f{"interco", "stream", streams, per_stream};
  auto stubs = Stubs(target.address, streams);
  ProcessMeter meter(target.pid, /*peak_rss=*/true);
  std::vector<double> latencies(streams);
  std::vector<grpc::StatusCode> codes(streams);
  std::vector<int64_t> ok(streams);
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int s = 0; s < streams; ++s) {
    threads.emplace_back([&, s] {
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(600)));
      v1::StreamPostTransactionsResponse response;
      auto writer = stubs[s % stubs.size()]->StreamPostTransactions(&context, &response);
      const absl::Time begun = absl::Now();
      for (int i = 0; i < per_stream; ++i) {
        if (!writer->Write(
                testing::GoodsPosting(absl::StrCat(prefix, s, "-", i), "A", "B", 10 + i % 1000))) {
          break;
        }
      }
      writer->WritesDone();
      codes[s] = writer->Finish().error_code();
      latencies[s] = absl::ToDoubleMilliseconds(absl::Now() - begun);
      for (const v1::PostResult& r : response.results()) ok[s] += r.status().code() == 0;
    });
  }
  for (auto& t : threads) t.join();
  f.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  meter.Finish(&f);
  for (int s = 0; s < streams; ++s) {
    if (codes[s] != grpc::OK) ++f.errors[CodeName(codes[s])];
    f.postings += ok[s];
  }
  f.lines = f.postings * 4;  // Streamed results carry no lines; a goods posting books 4.
  SetLatencies(latencies, &f);
  f.note = "latency per stream";
  return f;
}

}  // namespace interco::bench
