// Request fingerprints: what makes two requests "the same request" for exactly-once.
//
// A fingerprint is stored with every request record on disk, so it must mean the same
// thing across releases. It is computed from our own canonical encoding of the validated
// domain input, never from wire bytes: protobuf promises no stable serialization across
// library versions or schema changes (a new field, unknown fields a newer client sends).
//
// Form: "v2:" followed by the lower-hex SHA-256 of the encoding, whose first byte is the
// encoding's version (2). Fields are written in a fixed order, strings and decimals (in
// canonical text) length-prefixed, so equal inputs give equal bytes. Version 1, stored
// before December 2026, is the raw SHA-256 of the request proto's deterministic
// serialization; the handlers still compute it for old records
// (PendingPosting::legacy_fingerprint), and never store it again. The fingerprints of
// priced transactions and manual entries are in services/posting/fingerprints.h.
#ifndef INTERCO_SERVICES_LEDGER_FINGERPRINT_H_
#define INTERCO_SERVICES_LEDGER_FINGERPRINT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "services/common/decimal.h"

namespace interco::ledger {

// The canonical encoding: a version byte and a kind, then length-prefixed fields.
class CanonicalEncoding {
 public:
  explicit CanonicalEncoding(char kind);

  CanonicalEncoding& Str(absl::string_view value);
  CanonicalEncoding& Num(uint64_t value);
  CanonicalEncoding& Dec(const Decimal& value);
  CanonicalEncoding& OptionalDec(const std::optional<Decimal>& value);
  CanonicalEncoding& Day(absl::CivilDay day);

  // "v2:" + hex SHA-256 of the bytes.
  std::string Finish() const;

 private:
  std::string bytes_;
};

// A reversal: what it reverses and when.
std::string ReversalFingerprint(uint64_t sequence, absl::CivilDay date);

// True when `stored` (from a request record) names the same request as `fingerprint` or,
// for records of version 1, `legacy` (empty when the request has no version-1 form).
bool SameRequest(absl::string_view stored, absl::string_view fingerprint, absl::string_view legacy);

}  // namespace interco::ledger

#endif  // INTERCO_SERVICES_LEDGER_FINGERPRINT_H_
