#include "services/cli/groups_command.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "interco/v1/admin.grpc.pb.h"
#include "services/cli/table.h"
#include "services/cli/wire.h"
#include "services/common/request_id.h"
#include "services/tenancy/group_id.h"

namespace interco::cli {
namespace {

// True when `group_id` and `request_id` (if given) are well formed; else reported on err.
bool ArgumentsValid(const std::string& group_id, const std::string& request_id, Console& console) {
  if (absl::Status valid = tenancy::ValidateGroupId(group_id, "group id"); !valid.ok()) {
    console.err << "interco: " << valid.message() << "\n";
    return false;
  }
  if (request_id.empty()) return true;  // A fresh one will be made.
  if (absl::Status valid = ValidateRequestId(request_id); !valid.ok()) {
    // The server's rule and words, about the field the user set with --request-id.
    console.err << "interco: --request-id" << absl::StripPrefix(valid.message(), "request_id")
                << "\n";
    return false;
  }
  return true;
}

std::string RequestIdOrFresh(const std::string& given, absl::string_view what,
                             const std::string& group_id) {
  return given.empty() ? FreshRequestId(absl::StrCat(what, ":", group_id)) : given;
}

}  // namespace

int ListGroups(const std::shared_ptr<grpc::Channel>& channel, const std::string& format,
               Console& console) {
  auto stub = v1::AdminService::NewStub(channel);
  Table table({"group", "display name", "create time"});
  const int code = ReadAllPages<v1::ListGroupsResponse>(
      v1::ListGroupsRequest(),
      [&](grpc::ClientContext* context, const auto& request, auto* page) {
        return stub->ListGroups(context, request, page);
      },
      [&](const v1::ListGroupsResponse& page) {
        for (const v1::Group& group : page.groups()) {
          table.Add({group.group_id(), group.display_name(), group.create_time()});
        }
      },
      console);
  if (code != kExitOk) return code;
  console.out << (format == "csv" ? table.Csv() : table.Text());
  return kExitOk;
}

int CreateGroup(const std::shared_ptr<grpc::Channel>& channel, const CreateGroupOptions& options,
                Console& console) {
  if (!ArgumentsValid(options.group_id, options.request_id, console)) return kExitBadInput;
  v1::CreateGroupRequest request;
  request.set_request_id(RequestIdOrFresh(options.request_id, "group-create", options.group_id));
  request.set_group_id(options.group_id);
  request.set_display_name(options.display_name);
  v1::Group group;
  const grpc::Status status =
      v1::AdminService::NewStub(channel)->CreateGroup(CallContext().get(), request, &group);
  if (!status.ok()) return Failed(status, console);
  console.out << "created group " << group.group_id();
  if (!group.display_name().empty()) console.out << " (" << group.display_name() << ")";
  console.out << " at " << group.create_time() << "\n";
  return kExitOk;
}

int DeleteGroup(const std::shared_ptr<grpc::Channel>& channel, const DeleteGroupOptions& options,
                Console& console) {
  if (!ArgumentsValid(options.group_id, options.request_id, console)) return kExitBadInput;
  v1::DeleteGroupRequest request;
  request.set_request_id(RequestIdOrFresh(options.request_id, "group-delete", options.group_id));
  request.set_group_id(options.group_id);
  request.set_force(options.force);
  v1::DeleteGroupResponse response;
  const grpc::Status status =
      v1::AdminService::NewStub(channel)->DeleteGroup(CallContext().get(), request, &response);
  if (!status.ok()) return Failed(status, console);
  console.out << "deleted group " << options.group_id;
  if (response.ledger_sequence() == 0) {
    console.out << " (its ledger was empty)\n";
  } else {
    console.out << " with its ledger up to sequence " << response.ledger_sequence() << "\n";
  }
  return kExitOk;
}

int Checkpoint(const std::shared_ptr<grpc::Channel>& channel, const std::string& name,
               Console& console) {
  v1::CreateCheckpointRequest request;
  request.set_name(name);
  v1::CreateCheckpointResponse written;
  const grpc::Status status =
      v1::AdminService::NewStub(channel)->CreateCheckpoint(CallContext().get(), request, &written);
  if (!status.ok()) return Failed(status, console);
  console.out << "checkpoint " << name << " written to " << written.path()
              << " (ledger sequence " << written.ledger_sequence() << " and any after, chain "
              << written.chain_hash() << ")\n";
  return kExitOk;
}

}  // namespace interco::cli
