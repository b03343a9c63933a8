#include "tests/crash_record_checks.h"

#include <algorithm>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "tests/requests.h"

namespace interco::testing {
namespace {

// The histories beside the journal, as VerifyLedger and GetLedgerHead name them.
constexpr const char* kFamilies[] = {"structure", "pricing", "chart", "trial_balances"};

// A list longer than this many pages is a server that never ends its pages.
constexpr int kListPagesMax = 10000;
constexpr int kListPageSize = 1000;

using FamilyVersions = std::map<std::string, uint64_t>;
// How many times each request_id is in a history.
using RequestIdCounts = std::map<std::string, int>;

absl::StatusOr<FamilyVersions> ReadFamilyHeads(const std::shared_ptr<grpc::Channel>& channel) {
  v1::LedgerHead head;
  const grpc::Status status =
      Call(*v1::LedgerService::NewStub(channel), &v1::LedgerService::Stub::GetLedgerHead,
           v1::GetLedgerHeadRequest(), &head);
  if (!status.ok()) return absl::InternalError("GetLedgerHead: " + status.error_message());
  FamilyVersions heads;
  for (const v1::FamilyHead& family : head.family_heads())
    heads[family.family()] = family.version();
  for (const char* family : kFamilies) {
    if (heads.count(family) == 0) {
      return absl::DataLossError(absl::StrCat("GetLedgerHead names no ", family, " head"));
    }
  }
  return heads;
}

absl::StatusOr<RequestIdCounts> ImportsByRequestId(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = v1::TrialBalanceService::NewStub(channel);
  RequestIdCounts counts;
  v1::ListTrialBalancesRequest list;
  list.set_page_size(kListPageSize);
  for (int page = 0; page < kListPagesMax; ++page) {
    v1::ListTrialBalancesResponse response;
    const grpc::Status status =
        Call(*stub, &v1::TrialBalanceService::Stub::ListTrialBalances, list, &response);
    if (!status.ok()) return absl::InternalError("ListTrialBalances: " + status.error_message());
    for (const v1::TrialBalanceVersion& version : response.trial_balances()) {
      ++counts[version.request_id()];
    }
    if (response.next_page_token().empty()) return counts;
    list.set_page_token(response.next_page_token());
  }
  return absl::InternalError("ListTrialBalances does not end");
}

absl::StatusOr<RequestIdCounts> StructureVersionsByRequestId(
    const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = v1::GroupStructureService::NewStub(channel);
  RequestIdCounts counts;
  v1::ListStructureVersionsRequest list;
  list.set_page_size(kListPageSize);
  for (int page = 0; page < kListPagesMax; ++page) {
    v1::ListStructureVersionsResponse response;
    const grpc::Status status =
        Call(*stub, &v1::GroupStructureService::Stub::ListStructureVersions, list, &response);
    if (!status.ok()) {
      return absl::InternalError("ListStructureVersions: " + status.error_message());
    }
    for (const v1::StructureVersion& version : response.versions()) {
      ++counts[version.request_id()];
    }
    if (response.next_page_token().empty()) return counts;
    list.set_page_token(response.next_page_token());
  }
  return absl::InternalError("ListStructureVersions does not end");
}

// No head may be behind a version the server acknowledged in its family, nor behind the
// head found after the previous restart.
absl::Status CheckHeadsNotBehind(const std::string& where, const FamilyVersions& heads,
                                 const FamilyVersions& acknowledged_max,
                                 const FamilyVersions& previous) {
  for (const auto& [family, version] : heads) {
    const auto acknowledged = acknowledged_max.find(family);
    if (acknowledged != acknowledged_max.end() && version < acknowledged->second) {
      return absl::DataLossError(absl::StrCat(where, "the ", family, " head is at version ",
                                              version, ", version ", acknowledged->second,
                                              " was acknowledged"));
    }
    const auto before = previous.find(family);
    if (before != previous.end() && version < before->second) {
      return absl::DataLossError(absl::StrCat(where, "the ", family, " head went back from ",
                                              before->second, " to ", version));
    }
  }
  return absl::OkStatus();
}

// Each acknowledged import and acquisition of the group is in its history exactly once.
// (A chart change has no history listed by request_id: the unmoved chart head after the
// retries is its check.)
absl::Status CheckOnceInHistories(const std::shared_ptr<grpc::Channel>& channel,
                                  const std::string& where, const std::vector<Record>& records,
                                  const std::map<Record, RecordReply>& acknowledged) {
  const absl::StatusOr<RequestIdCounts> imports = ImportsByRequestId(channel);
  if (!imports.ok()) return imports.status();
  const absl::StatusOr<RequestIdCounts> structure = StructureVersionsByRequestId(channel);
  if (!structure.ok()) return structure.status();
  for (const Record& record : records) {
    const RequestIdCounts* counts = record.kind == RecordKind::kTrialBalance  ? &*imports
                                    : record.kind == RecordKind::kAcquisition ? &*structure
                                                                              : nullptr;
    if (counts == nullptr) continue;
    const std::string& stored_as = acknowledged.at(record).stored_request_id;
    const auto it = counts->find(stored_as);
    const int times = it == counts->end() ? 0 : it->second;
    if (times != 1) {
      return absl::DataLossError(absl::StrCat(where, "acknowledged ", KindName(record.kind), " ",
                                              record.request_id, " (stored as ", stored_as,
                                              ") is in its history ", times, " times"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckGroupRecords(const std::shared_ptr<grpc::Channel>& channel,
                               const std::string& where, const std::vector<Record>& records,
                               const std::map<Record, RecordReply>& acknowledged,
                               RecordsChecked& checked, FamilyVersions& seen_heads) {
  const absl::StatusOr<FamilyVersions> heads = ReadFamilyHeads(channel);
  if (!heads.ok()) return heads.status();
  FamilyVersions acknowledged_max;
  for (const Record& record : records) {
    uint64_t& highest = acknowledged_max[FamilyOf(record.kind)];
    highest = std::max(highest, acknowledged.at(record).version);
  }
  absl::Status status = CheckHeadsNotBehind(where, *heads, acknowledged_max, seen_heads);
  if (!status.ok()) return status;
  for (const Record& record : records) {
    if (!checked.resubmitted.insert(record).second) continue;  // Checked in an earlier cycle.
    const RecordReply& reply = acknowledged.at(record);
    status = ReadBackRecord(channel, record, reply);
    if (!status.ok()) return absl::DataLossError(where + std::string(status.message()));
    RecordReply again;
    const grpc::Status sent = SendRecord(channel, record, &again);
    if (!sent.ok() || again.bytes != reply.bytes) {
      return absl::DataLossError(absl::StrCat(
          where, "a retry of ", KindName(record.kind), " ", record.request_id, " answered ",
          sent.ok() ? absl::StrCat("version ", again.version) : sent.error_message(),
          ", not version ", reply.version, " as acknowledged"));
    }
  }
  status = CheckOnceInHistories(channel, where, records, acknowledged);
  if (!status.ok()) return status;
  // A retry that wrote again would have moved a head.
  const absl::StatusOr<FamilyVersions> after = ReadFamilyHeads(channel);
  if (!after.ok()) return after.status();
  if (*after != *heads) {
    return absl::DataLossError(absl::StrCat(where, "retries of acknowledged records moved a head"));
  }
  seen_heads = *after;
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckFamiliesVerified(const v1::VerifyLedgerResponse& verified,
                                   const std::string& where) {
  std::map<std::string, const v1::FamilyVerification*> families;
  for (const v1::FamilyVerification& family : verified.families()) {
    families[family.family()] = &family;
  }
  for (const char* name : kFamilies) {
    const auto it = families.find(name);
    if (it == families.end()) {
      return absl::DataLossError(absl::StrCat(where, ": VerifyLedger did not verify ", name));
    }
    const v1::FamilyVerification& family = *it->second;
    if (!family.ok()) {
      return absl::DataLossError(absl::StrCat(
          where, ": the ", name, " history does not verify at version ",
          family.first_broken_version(), " (key ", family.key(), "): ", family.problem(), " (",
          family.versions_checked(), " versions checked)"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckRecordsAfterRestart(const GroupChannels& channels, int cycle,
                                      const std::map<Record, RecordReply>& acknowledged,
                                      RecordsChecked& checked) {
  std::map<std::string, std::vector<Record>> by_group;
  for (const auto& [record, reply] : acknowledged) by_group[record.group].push_back(record);
  for (const auto& [group, channel] : channels) {
    const absl::Status status =
        CheckGroupRecords(channel, absl::StrCat("cycle ", cycle, ", group ", group, ": "),
                          by_group[group], acknowledged, checked, checked.heads[group]);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace interco::testing
