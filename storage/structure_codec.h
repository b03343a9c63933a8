// The on-disk form of a group structure change (column family "structure").
//
// Layout: format byte (1), request_id, kind byte, then the kind's fields in a fixed order
// (see structure_codec.cc). Decoding rejects unknown formats and kinds, truncation and
// trailing bytes. Changing a kind's layout means a new kind or format byte, never an edit
// of an existing one; a new kind (an entity with an effective period: 6, an acquisition:
// 7) leaves every record of earlier releases readable.
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
