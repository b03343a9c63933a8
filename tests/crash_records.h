// What the crash test writes beside postings (issue 24): trial balance imports, chart
// changes (the cash account renamed, A's mapping replaced) and acquisitions, each under a
// request_id of its own, so that a SIGKILL can be checked to lose none of those the server
// acknowledged and to write none twice. A record's content follows from its group, kind and
// request_id alone, so that a retry sends the same request. Private to crash_test_lib.
#ifndef INTERCO_TESTS_CRASH_RECORDS_H_
#define INTERCO_TESTS_CRASH_RECORDS_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/grpcpp.h"

namespace interco::testing {

// Each group's channel to one server process.
using GroupChannels = std::map<std::string, std::shared_ptr<grpc::Channel>>;

enum class RecordKind { kTrialBalance, kGroupAccount, kChartMapping, kAcquisition };

struct Record {
  std::string group;
  RecordKind kind;
  std::string request_id;

  bool operator<(const Record& other) const {
    return std::tie(group, kind, request_id) < std::tie(other.group, other.kind, other.request_id);
  }
};

// What the server acknowledged: the reply's bytes, the version it names (the import
// sequence, chart version or structure version the write created) and the request_id that
// version is stored under: the record's own, but for a trial balance that repeats the latest
// version's content under a new request_id, which the server answers with that version.
struct RecordReply {
  std::string bytes;
  uint64_t version = 0;
  std::string stored_request_id;
};

// "trial balance", "group account", "chart mapping" or "acquisition".
const char* KindName(RecordKind kind);
// The history a kind's version counts in, as FamilyHead.family names it: "trial_balances",
// "chart" or "structure".
const char* FamilyOf(RecordKind kind);

// Upserts the group chart the records use (cash 1000, investments 1500, share capital
// 3000) and A's mapping (A-CASH, A-CAPITAL, A-SUNDRY), under fixed request ids: set up once
// per group, after SetUpTradingGroup (the mapping names its entity A).
absl::Status SetUpRecordChart(const std::shared_ptr<grpc::Channel>& channel);

// Sends `record`'s request (the first time or again); on OK fills *reply.
grpc::Status SendRecord(const std::shared_ptr<grpc::Channel>& channel, const Record& record,
                        RecordReply* reply);

// OK when the group of `channel` holds `record` as `reply` acknowledged it: read back at the
// acknowledged version, the same content, written by that version. DataLoss naming the
// record otherwise.
absl::Status ReadBackRecord(const std::shared_ptr<grpc::Channel>& channel, const Record& record,
                            const RecordReply& reply);

// Every record the server acknowledged, with its first reply, and the first refusal of a
// record that a server keeping its promises accepts (ALREADY_EXISTS for a retry,
// NOT_FOUND, ...: a verdict on the request, not a failed call) or the first retry answered
// differently. Thread-safe.
class AcknowledgedRecords {
 public:
  void Add(const Record& record, const RecordReply& reply);
  void Refused(const Record& record, const grpc::Status& status);
  std::map<Record, RecordReply> Snapshot() const;
  // Empty while nothing went wrong.
  std::string Problem() const;

 private:
  mutable absl::Mutex mu_;
  std::map<Record, RecordReply> replies_ ABSL_GUARDED_BY(mu_);
  std::string problem_ ABSL_GUARDED_BY(mu_);
};

// Writes records of every kind into `group` until `stop` or the server is gone; one in
// eight requests repeats one of `earlier` (acknowledged records of this group), counted in
// `duplicates`.
void RecordWriter(std::shared_ptr<grpc::Channel> channel, std::string group, int cycle,
                  uint64_t seed, const std::vector<Record>& earlier,
                  AcknowledgedRecords& acknowledged, std::atomic<bool>& stop,
                  std::atomic<int64_t>& duplicates);

}  // namespace interco::testing

#endif  // INTERCO_TESTS_CRASH_RECORDS_H_
