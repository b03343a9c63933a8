// The groups (tenants) of a deployment, for operators: list, create and delete them, and
// checkpoint one (AdminService). Each command returns the process exit code (call.h) and reports on
// console; a failed call is reported and mapped as every other command's (Failed()).
#ifndef INTERCO_SERVICES_CLI_GROUPS_COMMAND_H_
#define INTERCO_SERVICES_CLI_GROUPS_COMMAND_H_

#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"
#include "services/cli/call.h"

namespace interco::cli {

struct CreateGroupOptions {
  std::string group_id;      // A DNS label (tenancy/group_id.h), checked before any call.
  std::string display_name;  // Free text for people; may be empty.
  // Names the request, exactly once: a retry with the same id answers with the group it
  // created. Empty: a fresh id (FreshRequestId), so create, delete, create creates again.
  std::string request_id;
};

struct DeleteGroupOptions {
  std::string group_id;  // A DNS label (tenancy/group_id.h), checked before any call.
  // Delete even though its ledger has entries; the server still refuses unless a
  // checkpoint of the group was taken after its last posting.
  bool force = false;
  std::string request_id;  // As CreateGroupOptions's: empty means a fresh one.
};

// Every group, in id order, page after page: its id, display name and create time, as a
// table or (`format` "csv") RFC 4180 CSV.
int ListGroups(const std::shared_ptr<grpc::Channel>& channel, const std::string& format,
               Console& console);

// Creates a group: an empty set of books, named by later commands' --group.
int CreateGroup(const std::shared_ptr<grpc::Channel>& channel, const CreateGroupOptions& options,
                Console& console);

// Deletes a group and all of its data. The server refuses a group whose ledger has
// entries (FAILED_PRECONDITION: exit 1) unless `force` and a recent checkpoint.
int DeleteGroup(const std::shared_ptr<grpc::Channel>& channel, const DeleteGroupOptions& options,
                Console& console);

// Writes a checkpoint of the group the command names (--group; none: default) on the
// server, under its --backup_dir, while postings continue; prints where, and the ledger
// sequence and chain hash it holds at least. A forced DeleteGroup needs one.
int Checkpoint(const std::shared_ptr<grpc::Channel>& channel, const std::string& name,
               Console& console);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_GROUPS_COMMAND_H_
