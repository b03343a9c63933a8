// Errors that name the request field at fault and the value it carried.
//
// Domain code creates them with FieldError(); the gRPC edge (services/api/grpc_status.h)
// turns the attached field, value and reason into google.rpc.BadRequest and ErrorInfo
// details. The information travels as absl::Status payloads, so it survives being
// returned through any number of layers unchanged.
#ifndef INTERCO_SERVICES_COMMON_FIELD_ERROR_H_
#define INTERCO_SERVICES_COMMON_FIELD_ERROR_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interco {

// Longest value quoted back to a caller; longer values are cut and marked with "...".
inline constexpr size_t kMaxQuotedValueBytes = 120;

// The machine-readable parts of an error.
struct ErrorDetail {
  std::string field;   // Request field path, e.g. "edge.equity_share"; may be empty.
  std::string value;   // The offending value as sent (cut to kMaxQuotedValueBytes).
  std::string reason;  // UPPER_SNAKE_CASE, e.g. "SHARE_OUT_OF_RANGE"; may be empty.
};

// Returns a non-OK status with `code` whose message is "<field>: <message> (got "<value>")"
// and which carries `field`, `value` and `reason` for the edge. `code` must not be kOk.
absl::Status FieldError(absl::StatusCode code, absl::string_view field, absl::string_view value,
                        absl::string_view reason, absl::string_view message);

// Shorthand for the most common case, INVALID_ARGUMENT.
absl::Status InvalidField(absl::string_view field, absl::string_view value,
                          absl::string_view reason, absl::string_view message);

// The same for NOT_FOUND: the record a read names does not exist.
absl::Status NotFoundField(absl::string_view field, absl::string_view value,
                           absl::string_view reason, absl::string_view message);

// Returns `status` with its field path prefixed by `prefix` + "." (or set to `prefix`
// if it had none), so nested validators can report paths relative to themselves.
absl::Status PrefixField(absl::string_view prefix, absl::Status status);

// If `status` names a field starting with `from`, returns it naming `to` + the rest
// instead (in the detail and at the start of the message); otherwise returns it unchanged.
// For a request field that an inner layer knows under another name.
absl::Status RenameField(absl::Status status, absl::string_view from, absl::string_view to);

// For errors about one record of a request (an entity, a policy): prefixes the field path
// with `record_field`, except when `record_field` is empty or the error names "request_id",
// which is a top-level field of every mutation.
absl::Status PrefixRecordError(absl::string_view record_field, absl::Status status);

// For a read of a record that another record says exists (a trial balance version's lines
// beside its header, the entry an idempotency record points to): its absence is damage,
// for the operator (DATA_LOSS, which the server-errors alert counts), never the caller's
// NOT_FOUND. Returns `status` unchanged unless it is NOT_FOUND; then DATA_LOSS, reason
// RECORD_MISSING, "missing record: <record>, named by <named_by>; the data is damaged
// (<status's message>) ...". `record` names the key ("the lines of trial balance S 2024-12
// version 2").
absl::Status MissingIsDamage(absl::Status status, absl::string_view record,
                             absl::string_view named_by);
template <typename T>
absl::StatusOr<T> MissingIsDamage(absl::StatusOr<T> result, absl::string_view record,
                                  absl::string_view named_by) {
  if (result.ok()) return result;
  return MissingIsDamage(result.status(), record, named_by);
}

// Attaches a reason (UPPER_SNAKE_CASE) to a status that names no field.
absl::Status WithReason(absl::Status status, absl::string_view reason);

// The detail attached to `status`; nullopt if none was.
std::optional<ErrorDetail> GetErrorDetail(const absl::Status& status);

}  // namespace interco

#endif  // INTERCO_SERVICES_COMMON_FIELD_ERROR_H_
