// The on-disk form of a chart change (column family "chart"): a group account or an
// entity's mapping. Layout: format byte (1), kind byte (1 account, 2 mapping), request_id,
// then the record's fields in a fixed order (see chart_codec.cc). Decoding rejects unknown
// formats, kinds, enum values and flags, truncation and trailing bytes.
#ifndef INTERCO_STORAGE_CHART_CODEC_H_
#define INTERCO_STORAGE_CHART_CODEC_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/trial_balance/chart.h"

namespace interco::storage {

std::string EncodeChartChange(const trial_balance::ChartChange& change);

// DATA_LOSS if `bytes` is not a change this build can read.
absl::StatusOr<trial_balance::ChartChange> DecodeChartChange(absl::string_view bytes);

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_CHART_CODEC_H_
