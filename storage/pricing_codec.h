// The on-disk form of a pricing change (column family "reference"): a policy or FX rate
// upsert or a period close. Layout: format byte (1), kind byte (1 policy, 2 FX rate, 3
// period status, 4 account map), request_id, then the
// record's fields in a fixed order (see pricing_codec.cc). Decoding rejects unknown formats,
// kinds and enum values, truncation and trailing bytes.
#ifndef INTERCO_STORAGE_PRICING_CODEC_H_
#define INTERCO_STORAGE_PRICING_CODEC_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/pricing/pricing_book.h"

namespace interco::storage {

std::string EncodePricingChange(const pricing::PricingChange& change);

// DATA_LOSS if `bytes` is not a change this build can read.
absl::StatusOr<pricing::PricingChange> DecodePricingChange(absl::string_view bytes);

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_PRICING_CODEC_H_
