#include "services/api/admin_service.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/api/reactors.h"
#include "services/common/field_error.h"

namespace interco::api {
namespace {

constexpr size_t kMaxCheckpointNameBytes = 64;

absl::Status ValidateCheckpointName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= kMaxCheckpointNameBytes && name[0] != '.';
  for (char c : name) {
    ok = ok && (absl::ascii_isalnum(c) || c == '.' || c == '_' || c == '-');
  }
  if (ok) return absl::OkStatus();
  return InvalidField("name", name, "INVALID_CHECKPOINT_NAME",
                      "1-64 of letters, digits, '.', '_' and '-', not starting with '.'");
}

}  // namespace

grpc::ServerUnaryReactor* AdminService::CreateCheckpoint(grpc::CallbackServerContext* context,
                                                         const v1::CreateCheckpointRequest* request,
                                                         v1::CreateCheckpointResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  if (absl::Status valid = ValidateCheckpointName(request->name()); !valid.ok()) {
    return FinishUnary(context, valid);
  }
  if (backup_dir_.empty()) {
    return FinishUnary(
        context,
        WithReason(absl::FailedPreconditionError("this server has no --backup_dir for checkpoints"),
                   "NO_BACKUP_DIR"));
  }
  const std::string path = absl::StrCat(backup_dir_, "/", request->name());
  absl::StatusOr<Checkpoint> made = checkpoint_(path);
  if (made.status().code() == absl::StatusCode::kAlreadyExists) {
    made = FieldError(absl::StatusCode::kAlreadyExists, "name", request->name(),
                      "CHECKPOINT_EXISTS", "a checkpoint of this name exists");
  }
  if (made.ok()) {
    response->set_path(path);
    response->set_ledger_sequence(made->ledger_sequence);
    response->set_chain_hash(made->chain_hash);
  }
  return FinishUnary(context, made.status());
}

}  // namespace interco::api
