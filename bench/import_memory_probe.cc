#include "bench/import_memory_probe.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/process_meter.h"
#include "grpcpp/grpcpp.h"
#include "interco/v1/trial_balance.grpc.pb.h"

namespace interco::bench {
namespace {

namespace v1 = ::interco::v1;

constexpr int kLinesPerMessage = 1500;
constexpr int kAccountBytes = 680;  // About 1 MiB per message.
constexpr int kConnections = 8;

// One message of about 1 MiB: lines whose accounts are too long to be imported.
v1::ImportTrialBalanceRequest Lines(int stream) {
  v1::ImportTrialBalanceRequest message;
  for (int i = 0; i < kLinesPerMessage; ++i) {
    v1::TrialBalanceLine* line = message.add_lines();
    line->set_account(absl::StrCat(stream, "-", i, "-", std::string(kAccountBytes, 'x')));
    line->mutable_balance()->set_value("0.00");
  }
  return message;
}

}  // namespace

absl::StatusOr<ImportMemoryResult> RunImportMemoryProbe(const std::string& address,
                                                        pid_t server_pid, int streams,
                                                        int64_t bytes_per_stream) {
  ImportMemoryResult result;
  result.streams = streams;
  result.bytes_per_stream = bytes_per_stream;
  result.rss_before_kb = ReadStatusField(server_pid, "VmRSS").value_or(-1);
  std::vector<std::shared_ptr<v1::TrialBalanceService::Stub>> stubs;
  for (int i = 0; i < kConnections; ++i) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("interco.bench.import_probe_channel", i);
    stubs.push_back(v1::TrialBalanceService::NewStub(
        grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args)));
  }
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts(streams);
  for (auto& context : contexts) context = std::make_unique<grpc::ClientContext>();
  std::atomic<int> done{0};
  std::atomic<bool> release{false};
  std::mutex mu;
  const absl::Time start = absl::Now();
  std::vector<std::thread> clients;
  for (int s = 0; s < streams; ++s) {
    clients.emplace_back([&, s] {
      v1::ImportTrialBalanceResponse response;
      auto writer = stubs[s % kConnections]->StreamImportTrialBalance(contexts[s].get(), &response);
      v1::ImportTrialBalanceRequest message = Lines(s);
      *message.mutable_request_id() = absl::StrCat("probe-", s);
      message.set_entity_id("A");
      message.set_period("2024-06");
      message.set_currency_code("EUR");
      message.set_source_system("PROBE");
      bool open = true;
      for (int64_t sent = 0; open && sent < bytes_per_stream;) {
        open = writer->Write(message);
        sent += static_cast<int64_t>(message.ByteSizeLong());
        message.clear_request_id();  // The header once is enough.
      }
      std::string outcome = "SENT";
      if (!open) {
        const grpc::Status status = writer->Finish();
        outcome = absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()));
      }
      ++done;
      while (open && !release.load()) absl::SleepFor(absl::Milliseconds(20));
      std::lock_guard<std::mutex> lock(mu);
      ++result.outcomes[outcome];
      if (open) {
        contexts[s]->TryCancel();
        writer->Finish();
      }
    });
  }
  // Sample until every client sent all or was refused, then a little longer.
  absl::Time settled = absl::InfiniteFuture();
  while (absl::Now() < std::min(settled, start + absl::Seconds(120))) {
    const int64_t rss = ReadStatusField(server_pid, "VmRSS").value_or(-1);
    if (rss > result.rss_peak_kb) {
      result.rss_peak_kb = rss;
      result.seconds_to_peak = absl::ToDoubleSeconds(absl::Now() - start);
    }
    if (done.load() == streams && settled == absl::InfiniteFuture()) {
      settled = absl::Now() + absl::Seconds(2);
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  release.store(true);
  for (std::thread& client : clients) client.join();
  return result;
}

}  // namespace interco::bench
