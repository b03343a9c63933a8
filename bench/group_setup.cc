#include "bench/group_setup.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "interco/v1/admin.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/group_channel.h"
#include "tests/trading_group.h"

namespace interco::bench {
namespace {

namespace v1 = ::interco::v1;

constexpr char kGroupHeader[] = "x-interco-group";
constexpr absl::Duration kCallDeadline = absl::Seconds(60);

absl::Status Failed(const grpc::Status& status, const char* what, const std::string& group) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(what, " of group ", group, ": ", status.error_message()));
}

void SetDeadline(grpc::ClientContext* context) {
  context->set_deadline(absl::ToChronoTime(absl::Now() + kCallDeadline));
}

}  // namespace

std::vector<std::string> GroupIds(const std::string& prefix, int count) {
  std::vector<std::string> ids;
  ids.reserve(count);
  for (int i = 0; i < count; ++i) ids.push_back(absl::StrFormat("%s%04d", prefix, i));
  return ids;
}

absl::StatusOr<std::vector<double>> CreateGroups(const std::string& address,
                                                 const std::vector<std::string>& ids,
                                                 const std::string& request_prefix) {
  auto admin =
      v1::AdminService::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  std::vector<double> times_ms;
  times_ms.reserve(ids.size());
  for (const std::string& id : ids) {
    v1::CreateGroupRequest request;
    request.set_request_id(absl::StrCat(request_prefix, id));
    request.set_group_id(id);
    request.set_display_name(absl::StrCat("Benchmark group ", id));
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::Group group;
    const absl::Time start = absl::Now();
    const grpc::Status status = admin->CreateGroup(&context, request, &group);
    if (!status.ok()) return Failed(status, "CreateGroup", id);
    times_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
  }
  return times_ms;
}

absl::Status SetUpGroups(const std::string& address, const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    const absl::Status status = testing::SetUpTradingGroup(testing::GroupChannel(address, id));
    if (!status.ok()) {
      return absl::Status(status.code(),
                          absl::StrCat("setting up group ", id, ": ", status.message()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> TouchGroups(const std::string& address,
                                                const std::vector<std::string>& ids) {
  auto ledger =
      v1::LedgerService::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  std::vector<double> times_ms;
  times_ms.reserve(ids.size());
  for (const std::string& id : ids) {
    grpc::ClientContext context;
    SetDeadline(&context);
    context.AddMetadata(kGroupHeader, id);
    v1::LedgerHead head;
    const absl::Time start = absl::Now();
    const grpc::Status status = ledger->GetLedgerHead(&context, {}, &head);
    if (!status.ok()) return Failed(status, "GetLedgerHead", id);
    times_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
  }
  return times_ms;
}

}  // namespace interco::bench
