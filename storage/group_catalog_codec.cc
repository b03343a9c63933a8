#include "storage/group_catalog_codec.h"

#include "absl/strings/str_cat.h"
#include "storage/codec.h"

namespace interco::storage {
namespace {

using tenancy::GroupRecord;
using tenancy::GroupRequest;

constexpr uint8_t kRecordFormat = 1;

}  // namespace

std::string EncodeGroupRecord(const GroupRecord& record) {
  Encoder out;
  out.PutU8(kRecordFormat);
  out.PutString(record.display_name);
  out.PutSigned(absl::ToUnixSeconds(record.create_time));
  out.PutString(record.create_request_id);
  out.PutU8(static_cast<uint8_t>(record.state));
  out.PutU8(record.checkpoint_sequence.has_value() ? 1 : 0);
  out.PutVarint(record.checkpoint_sequence.value_or(0));
  return out.Release();
}

absl::StatusOr<GroupRecord> DecodeGroupRecord(absl::string_view id, absl::string_view bytes) {
  Decoder in(bytes);
  GroupRecord record;
  record.id = std::string(id);
  uint8_t format = 0, state = 0, has_checkpoint = 0;
  int64_t seconds = 0;
  uint64_t checkpoint = 0;
  if (!in.GetU8(&format) || format != kRecordFormat || !in.GetString(&record.display_name) ||
      !in.GetSigned(&seconds) || !in.GetString(&record.create_request_id) || !in.GetU8(&state) ||
      !in.GetU8(&has_checkpoint) || !in.GetVarint(&checkpoint) || !in.Done() ||
      (state != 1 && state != 2) || has_checkpoint > 1) {
    return absl::DataLossError(
        absl::StrCat("the group catalog's record of \"", id, "\" does not decode"));
  }
  record.create_time = absl::FromUnixSeconds(seconds);
  record.state = static_cast<GroupRecord::State>(state);
  if (has_checkpoint == 1) record.checkpoint_sequence = checkpoint;
  return record;
}

std::string EncodeGroupRequest(const GroupRequest& request) {
  Encoder out;
  out.PutU8(kRecordFormat);
  out.PutU8(static_cast<uint8_t>(request.kind));
  out.PutString(request.group_id);
  out.PutString(request.content);
  out.PutVarint(request.ledger_sequence);
  return out.Release();
}

absl::StatusOr<GroupRequest> DecodeGroupRequest(absl::string_view request_id, absl::string_view bytes) {
  Decoder in(bytes);
  GroupRequest request;
  uint8_t format = 0, kind = 0;
  if (!in.GetU8(&format) || format != kRecordFormat || !in.GetU8(&kind) ||
      !in.GetString(&request.group_id) || !in.GetString(&request.content) ||
      !in.GetVarint(&request.ledger_sequence) || !in.Done() || (kind != 1 && kind != 2)) {
    return absl::DataLossError(
        absl::StrCat("the group catalog's request \"", request_id, "\" does not decode"));
  }
  request.kind = static_cast<GroupRequest::Kind>(kind);
  return request;
}

}  // namespace interco::storage
