#include "tests/crash_records.h"

#include <cstdio>
#include <functional>
#include <random>
#include <utility>

#include "absl/strings/str_cat.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "tests/requests.h"

namespace interco::testing {
namespace {

using Structure = v1::GroupStructureService::Stub;
using TrialBalances = v1::TrialBalanceService::Stub;

// Spreads records over entities, periods and amounts, the same for every retry.
uint64_t Spread(const Record& record) {
  return std::hash<std::string>{}(record.group + "/" + record.request_id);
}

v1::GroupAccount Account(const char* id, std::string name, v1::AccountClass account_class,
                         const char* statement_line, v1::EliminationFamily family) {
  v1::GroupAccount account;
  account.set_account_id(id);
  account.set_name(std::move(name));
  account.set_account_class(account_class);
  account.set_statement_line(statement_line);
  account.set_elimination_family(family);
  return account;
}

// A renamed cash account: a chart change that keeps the account's class, as every one must.
v1::GroupAccount CashAccount(const std::string& name) {
  return Account("1000", name, v1::ACCOUNT_CLASS_ASSET, "BS.ASSETS.CASH",
                 v1::ELIMINATION_FAMILY_NONE);
}

// A's mapping; A-SUNDRY (never imported) moves between two accounts, so that the versions
// of the mapping differ.
v1::ChartMapping MappingOfA(bool sundry_is_cash) {
  v1::ChartMapping mapping;
  mapping.set_entity_id("A");
  *mapping.mutable_valid_from() = Date(2024, 1, 1);
  for (const auto& [local, group] :
       {std::pair{"A-CASH", "1000"}, {"A-CAPITAL", "3000"}, {"A-SUNDRY", "3000"}}) {
    v1::LocalAccountMapping* line = mapping.add_mappings();
    line->set_local_account(local);
    line->set_group_account(std::string(local) == "A-SUNDRY" && sundry_is_cash ? "1000" : group);
  }
  return mapping;
}

// One of the trading group's entities (A maps its local accounts, B and P book in the
// group chart), a month of 2024, cash against share capital.
v1::ImportTrialBalanceRequest TrialBalanceOf(const Record& record) {
  const uint64_t spread = Spread(record);
  static constexpr const char* kEntities[] = {"A", "B", "P"};
  const std::string entity = kEntities[spread % 3];
  char period[8];
  std::snprintf(period, sizeof(period), "2024-%02d", static_cast<int>(spread / 3 % 12) + 1);
  const uint64_t cents = 10000 + spread / 36 % 1000000;
  const std::string amount = absl::StrCat(cents / 100, ".", cents % 100 / 10, cents % 10);
  v1::ImportTrialBalanceRequest request;
  request.set_request_id(record.request_id);
  request.set_entity_id(entity);
  request.set_period(period);
  request.set_currency_code(entity == "B" ? "USD" : "EUR");
  request.set_source_system("ERP-" + entity);
  const bool mapped = entity == "A";
  for (const auto& [account, balance] : {std::pair{mapped ? "A-CASH" : "1000", amount},
                                         {mapped ? "A-CAPITAL" : "3000", "-" + amount}}) {
    v1::TrialBalanceLine* line = request.add_lines();
    line->set_account(account);
    line->mutable_balance()->set_value(balance);
  }
  return request;
}

// P's acquisition of A or B on the day its edge starts; a later one of the same pair is a
// correction with another consideration.
v1::UpsertAcquisitionRequest AcquisitionOf(const Record& record) {
  const uint64_t spread = Spread(record);
  v1::UpsertAcquisitionRequest request;
  request.set_request_id(record.request_id);
  v1::Acquisition* acquisition = request.mutable_acquisition();
  acquisition->set_holder_id("P");
  acquisition->set_held_id(spread % 2 == 0 ? "A" : "B");
  *acquisition->mutable_acquisition_date() = Date(2024, 1, 1);
  acquisition->mutable_consideration()->set_currency_code("EUR");
  acquisition->mutable_consideration()->set_units(1000 + static_cast<int64_t>(spread / 2 % 100000));
  acquisition->set_investment_account("1500");
  acquisition->set_nci_measurement(v1::NCI_MEASUREMENT_PROPORTIONATE);
  return request;
}

v1::UpsertGroupAccountRequest GroupAccountOf(const Record& record) {
  v1::UpsertGroupAccountRequest request;
  request.set_request_id(record.request_id);
  *request.mutable_account() = CashAccount("Cash " + record.request_id);
  return request;
}

v1::UpsertChartMappingRequest ChartMappingOf(const Record& record) {
  v1::UpsertChartMappingRequest request;
  request.set_request_id(record.request_id);
  *request.mutable_mapping() = MappingOfA(Spread(record) % 2 == 0);
  return request;
}

absl::Status ReadBackFailed(const Record& record, const RecordReply& reply,
                            const std::string& what) {
  return absl::DataLossError(absl::StrCat("acknowledged ", KindName(record.kind), " ",
                                          record.request_id, " (version ", reply.version,
                                          "): ", what));
}

// Compares a read-back with the acknowledged reply: the same record, written by its version.
template <typename Message>
absl::Status SameAsAcknowledged(const Record& record, const RecordReply& reply,
                                const grpc::Status& status, const Message& read,
                                const Message& acknowledged, uint64_t read_version) {
  if (!status.ok()) return ReadBackFailed(record, reply, "unreadable: " + status.error_message());
  if (read.SerializeAsString() != acknowledged.SerializeAsString() ||
      read_version != reply.version) {
    return ReadBackFailed(
        record, reply,
        absl::StrCat("read back as ", read.ShortDebugString(), " at version ", read_version));
  }
  return absl::OkStatus();
}

}  // namespace

const char* KindName(RecordKind kind) {
  switch (kind) {
    case RecordKind::kTrialBalance:
      return "trial balance";
    case RecordKind::kGroupAccount:
      return "group account";
    case RecordKind::kChartMapping:
      return "chart mapping";
    case RecordKind::kAcquisition:
      return "acquisition";
  }
  return "?";
}

const char* FamilyOf(RecordKind kind) {
  switch (kind) {
    case RecordKind::kTrialBalance:
      return "trial_balances";
    case RecordKind::kGroupAccount:
    case RecordKind::kChartMapping:
      return "chart";
    case RecordKind::kAcquisition:
      return "structure";
  }
  return "?";
}

absl::Status SetUpRecordChart(const std::shared_ptr<grpc::Channel>& channel) {
  auto chart = v1::TrialBalanceService::NewStub(channel);
  v1::UpsertGroupAccountRequest account;
  for (const v1::GroupAccount& body :
       {CashAccount("Cash"),
        Account("1500", "Investments", v1::ACCOUNT_CLASS_ASSET, "BS.ASSETS.INVESTMENTS",
                v1::ELIMINATION_FAMILY_INVESTMENT_EQUITY),
        Account("3000", "Share capital", v1::ACCOUNT_CLASS_EQUITY, "BS.EQUITY.SHARE_CAPITAL",
                v1::ELIMINATION_FAMILY_INVESTMENT_EQUITY)}) {
    *account.mutable_account() = body;
    // The investment account of every acquisition.
    account.mutable_account()->set_investment_in_held_entity(body.account_id() == "1500");
    account.set_request_id("crash-account-" + body.account_id());
    v1::UpsertGroupAccountResponse response;
    const grpc::Status status =
        Call(*chart, &TrialBalances::UpsertGroupAccount, account, &response);
    if (!status.ok()) {
      return absl::InternalError(
          absl::StrCat("account ", body.account_id(), ": ", status.error_message()));
    }
  }
  v1::UpsertChartMappingRequest mapping;
  mapping.set_request_id("crash-mapping-A");
  *mapping.mutable_mapping() = MappingOfA(false);
  v1::UpsertChartMappingResponse mapped;
  const grpc::Status status = Call(*chart, &TrialBalances::UpsertChartMapping, mapping, &mapped);
  if (!status.ok()) return absl::InternalError("mapping: " + status.error_message());
  return absl::OkStatus();
}

grpc::Status SendRecord(const std::shared_ptr<grpc::Channel>& channel, const Record& record,
                        RecordReply* reply) {
  grpc::Status status;
  switch (record.kind) {
    case RecordKind::kTrialBalance: {
      v1::ImportTrialBalanceResponse response;
      status = Call(*v1::TrialBalanceService::NewStub(channel), &TrialBalances::ImportTrialBalance,
                    TrialBalanceOf(record), &response);
      *reply = {response.SerializeAsString(), response.trial_balance().import_sequence(),
                response.trial_balance().request_id()};
      break;
    }
    case RecordKind::kGroupAccount: {
      v1::UpsertGroupAccountResponse response;
      status = Call(*v1::TrialBalanceService::NewStub(channel), &TrialBalances::UpsertGroupAccount,
                    GroupAccountOf(record), &response);
      *reply = {response.SerializeAsString(), response.chart_version(), record.request_id};
      break;
    }
    case RecordKind::kChartMapping: {
      v1::UpsertChartMappingResponse response;
      status = Call(*v1::TrialBalanceService::NewStub(channel), &TrialBalances::UpsertChartMapping,
                    ChartMappingOf(record), &response);
      *reply = {response.SerializeAsString(), response.chart_version(), record.request_id};
      break;
    }
    case RecordKind::kAcquisition: {
      v1::UpsertAcquisitionResponse response;
      status = Call(*v1::GroupStructureService::NewStub(channel), &Structure::UpsertAcquisition,
                    AcquisitionOf(record), &response);
      *reply = {response.SerializeAsString(), response.structure_version(), record.request_id};
      break;
    }
  }
  return status;
}

absl::Status ReadBackRecord(const std::shared_ptr<grpc::Channel>& channel, const Record& record,
                            const RecordReply& reply) {
  auto chart = v1::TrialBalanceService::NewStub(channel);
  switch (record.kind) {
    case RecordKind::kTrialBalance: {
      v1::ImportTrialBalanceResponse acknowledged;
      acknowledged.ParseFromString(reply.bytes);
      v1::GetTrialBalanceRequest get;
      get.set_entity_id(acknowledged.trial_balance().entity_id());
      get.set_period(acknowledged.trial_balance().period());
      get.set_version(acknowledged.trial_balance().version());
      v1::TrialBalanceVersion read;
      const grpc::Status status = Call(*chart, &TrialBalances::GetTrialBalance, get, &read);
      return SameAsAcknowledged(record, reply, status, read, acknowledged.trial_balance(),
                                read.import_sequence());
    }
    case RecordKind::kGroupAccount: {
      v1::UpsertGroupAccountResponse acknowledged;
      acknowledged.ParseFromString(reply.bytes);
      v1::GetGroupAccountRequest get;
      get.set_account_id(acknowledged.account().account_id());
      get.set_as_of_chart_version(reply.version);
      v1::VersionedGroupAccount read;
      const grpc::Status status = Call(*chart, &TrialBalances::GetGroupAccount, get, &read);
      return SameAsAcknowledged(record, reply, status, read.account(), acknowledged.account(),
                                read.chart_version());
    }
    case RecordKind::kChartMapping: {
      v1::UpsertChartMappingResponse acknowledged;
      acknowledged.ParseFromString(reply.bytes);
      v1::GetChartMappingRequest get;
      get.set_entity_id(acknowledged.mapping().entity_id());
      *get.mutable_valid_from() = acknowledged.mapping().valid_from();
      get.set_as_of_chart_version(reply.version);
      v1::VersionedChartMapping read;
      const grpc::Status status = Call(*chart, &TrialBalances::GetChartMapping, get, &read);
      return SameAsAcknowledged(record, reply, status, read.mapping(), acknowledged.mapping(),
                                read.chart_version());
    }
    case RecordKind::kAcquisition: {
      v1::UpsertAcquisitionResponse acknowledged;
      acknowledged.ParseFromString(reply.bytes);
      v1::GetAcquisitionRequest get;
      get.set_holder_id(acknowledged.acquisition().holder_id());
      get.set_held_id(acknowledged.acquisition().held_id());
      get.set_as_of_structure_version(reply.version);
      v1::VersionedAcquisition read;
      const grpc::Status status = Call(*v1::GroupStructureService::NewStub(channel),
                                       &Structure::GetAcquisition, get, &read);
      return SameAsAcknowledged(record, reply, status, read.acquisition(),
                                acknowledged.acquisition(), read.structure_version());
    }
  }
  return absl::InternalError("unknown record kind");
}

void AcknowledgedRecords::Add(const Record& record, const RecordReply& reply) {
  absl::MutexLock lock(&mu_);
  const auto [it, added] = replies_.emplace(record, reply);
  if (!added && it->second.bytes != reply.bytes && problem_.empty()) {
    problem_ = absl::StrCat("a retry of ", KindName(record.kind), " ", record.request_id,
                            " in group ", record.group, " answered version ", reply.version,
                            ", not ", it->second.version);
  }
}

void AcknowledgedRecords::Refused(const Record& record, const grpc::Status& status) {
  absl::MutexLock lock(&mu_);
  if (!problem_.empty()) return;
  problem_ =
      absl::StrCat(KindName(record.kind), " ", record.request_id, " in group ", record.group,
                   " was refused (code ", status.error_code(), "): ", status.error_message());
}

std::map<Record, RecordReply> AcknowledgedRecords::Snapshot() const {
  absl::MutexLock lock(&mu_);
  return replies_;
}

std::string AcknowledgedRecords::Problem() const {
  absl::MutexLock lock(&mu_);
  return problem_;
}

void RecordWriter(std::shared_ptr<grpc::Channel> channel, std::string group, int cycle,
                  uint64_t seed, const std::vector<Record>& earlier,
                  AcknowledgedRecords& acknowledged, std::atomic<bool>& stop,
                  std::atomic<int64_t>& duplicates) {
  // Imports are the bulk of a month end; chart changes and acquisitions come between them.
  static constexpr RecordKind kRound[] = {RecordKind::kTrialBalance, RecordKind::kGroupAccount,
                                          RecordKind::kAcquisition,  RecordKind::kTrialBalance,
                                          RecordKind::kChartMapping, RecordKind::kAcquisition};
  static constexpr const char* kPrefix[] = {"tb", "account", "mapping", "acquisition"};
  std::mt19937_64 random(seed);
  for (int i = 0; !stop; ++i) {
    const RecordKind kind = kRound[i % std::size(kRound)];
    Record record{group, kind, absl::StrCat(kPrefix[static_cast<int>(kind)], "-c", cycle, "-", i)};
    if (!earlier.empty() && random() % 8 == 0) {
      record = earlier[random() % earlier.size()];
      ++duplicates;
    }
    RecordReply reply;
    const grpc::Status status = SendRecord(channel, record, &reply);
    switch (status.error_code()) {
      case grpc::OK:
        acknowledged.Add(record, reply);
        break;
      case grpc::UNAVAILABLE:
        return;  // The server is gone.
      case grpc::INVALID_ARGUMENT:
      case grpc::NOT_FOUND:
      case grpc::ALREADY_EXISTS:
      case grpc::FAILED_PRECONDITION:
      case grpc::OUT_OF_RANGE:
      case grpc::DATA_LOSS:
        // A verdict on the request: but every record is valid and each retry repeats its
        // content exactly.
        acknowledged.Refused(record, status);
        break;
      default:
        // Load or a connection torn by the kill: the record may or may not be written.
        break;
    }
  }
}

}  // namespace interco::testing
