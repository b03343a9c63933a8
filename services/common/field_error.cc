#include "services/common/field_error.h"

#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace interco {
namespace {

constexpr absl::string_view kFieldUrl = "type.interco.dev/field";
constexpr absl::string_view kValueUrl = "type.interco.dev/value";
constexpr absl::string_view kReasonUrl = "type.interco.dev/reason";

std::string Quote(absl::string_view value) {
  if (value.size() <= kMaxQuotedValueBytes) return std::string(value);
  return absl::StrCat(value.substr(0, kMaxQuotedValueBytes), "...");
}

std::string Payload(const absl::Status& status, absl::string_view url) {
  const auto cord = status.GetPayload(url);  // absl::optional in this Abseil build.
  return cord.has_value() ? std::string(*cord) : std::string();
}

}  // namespace

absl::Status FieldError(absl::StatusCode code, absl::string_view field, absl::string_view value,
                        absl::string_view reason, absl::string_view message) {
  const std::string quoted = Quote(value);
  absl::Status status(
      code, absl::StrCat(field, field.empty() ? "" : ": ", message, " (got \"", quoted, "\")"));
  status.SetPayload(kFieldUrl, absl::Cord(field));
  status.SetPayload(kValueUrl, absl::Cord(quoted));
  if (!reason.empty()) status.SetPayload(kReasonUrl, absl::Cord(reason));
  return status;
}

absl::Status InvalidField(absl::string_view field, absl::string_view value,
                          absl::string_view reason, absl::string_view message) {
  return FieldError(absl::StatusCode::kInvalidArgument, field, value, reason, message);
}

absl::Status NotFoundField(absl::string_view field, absl::string_view value,
                           absl::string_view reason, absl::string_view message) {
  return FieldError(absl::StatusCode::kNotFound, field, value, reason, message);
}

absl::Status MissingIsDamage(absl::Status status, absl::string_view record,
                             absl::string_view named_by) {
  if (status.code() != absl::StatusCode::kNotFound) return status;
  return WithReason(
      absl::DataLossError(absl::StrCat("missing record: ", record, ", named by ", named_by,
                                       "; the data is damaged (", status.message(),
                                       "); run VerifyLedger and restore from a checkpoint")),
      "RECORD_MISSING");
}

absl::Status PrefixField(absl::string_view prefix, absl::Status status) {
  if (status.ok()) return status;
  const std::string field = Payload(status, kFieldUrl);
  const std::string full = field.empty() ? std::string(prefix) : absl::StrCat(prefix, ".", field);
  absl::Status out(status.code(),
                   absl::StrCat(prefix, field.empty() ? ": " : ".", status.message()));
  status.ForEachPayload(
      [&out](absl::string_view url, const absl::Cord& payload) { out.SetPayload(url, payload); });
  out.SetPayload(kFieldUrl, absl::Cord(full));
  return out;
}

absl::Status PrefixRecordError(absl::string_view record_field, absl::Status status) {
  if (record_field.empty() || Payload(status, kFieldUrl) == "request_id") return status;
  return PrefixField(record_field, std::move(status));
}

absl::Status RenameField(absl::Status status, absl::string_view from, absl::string_view to) {
  const std::string field = Payload(status, kFieldUrl);
  if (status.ok() || !absl::StartsWith(field, from)) return status;
  const std::string renamed = absl::StrCat(to, field.substr(from.size()));
  absl::string_view message = status.message();
  std::string new_message(message);
  if (absl::ConsumePrefix(&message, field)) new_message = absl::StrCat(renamed, message);
  absl::Status out(status.code(), new_message);
  status.ForEachPayload(
      [&out](absl::string_view url, const absl::Cord& payload) { out.SetPayload(url, payload); });
  out.SetPayload(kFieldUrl, absl::Cord(renamed));
  return out;
}

absl::Status WithReason(absl::Status status, absl::string_view reason) {
  if (!status.ok()) status.SetPayload(kReasonUrl, absl::Cord(reason));
  return status;
}

std::optional<ErrorDetail> GetErrorDetail(const absl::Status& status) {
  ErrorDetail detail{Payload(status, kFieldUrl), Payload(status, kValueUrl),
                     Payload(status, kReasonUrl)};
  if (detail.field.empty() && detail.value.empty() && detail.reason.empty()) {
    return std::nullopt;
  }
  return detail;
}

}  // namespace interco
