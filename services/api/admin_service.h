// interco.v1.AdminService: operations on the running server (checkpoints for backups).
#ifndef INTERCO_SERVICES_API_ADMIN_SERVICE_H_
#define INTERCO_SERVICES_API_ADMIN_SERVICE_H_

#include <functional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "interco/v1/admin.grpc.pb.h"
#include "services/api/authorizer.h"

namespace interco::api {

class AdminService final : public v1::AdminService::CallbackService {
 public:
  // The ledger head read before the checkpoint was taken: everything up to it is inside.
  struct Checkpoint {
    uint64_t ledger_sequence = 0;
    std::string chain_hash;  // Hex.
  };
  // Writes a checkpoint to a directory that does not exist yet (see Database::Checkpoint).
  using Checkpointer = std::function<absl::StatusOr<Checkpoint>(const std::string& directory)>;

  // `backup_dir` empty: checkpoints are refused. `authorizer` must outlive the service and
  // may be null.
  AdminService(std::string backup_dir, Checkpointer checkpoint,
               const Authorizer* authorizer = nullptr)
      : backup_dir_(std::move(backup_dir)),
        checkpoint_(std::move(checkpoint)),
        authorizer_(authorizer) {}

  grpc::ServerUnaryReactor* CreateCheckpoint(grpc::CallbackServerContext* context,
                                             const v1::CreateCheckpointRequest* request,
                                             v1::CreateCheckpointResponse* response) override;

 private:
  const std::string backup_dir_;
  const Checkpointer checkpoint_;
  const Authorizer* const authorizer_;  // Null: every call is allowed.
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_ADMIN_SERVICE_H_
