// The on-disk form of a group structure change (column family "structure").
//
// Layout: format byte (1), kind byte, request_id, then the kind's fields in a fixed order
// (see structure_codec.cc). Decoding rejects unknown formats and kinds, truncation and
// trailing bytes. Changing the layout means a new format byte, never an edit of format 1.
#ifndef INTERCO_STORAGE_STRUCTURE_CODEC_H_
#define INTERCO_STORAGE_STRUCTURE_CODEC_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/group/model.h"

namespace interco::storage {

std::string EncodeStructureChange(const group::StructureChange& change);

// DATA_LOSS if `bytes` is not a change this build can read.
absl::StatusOr<group::StructureChange> DecodeStructureChange(absl::string_view bytes);

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_STRUCTURE_CODEC_H_
