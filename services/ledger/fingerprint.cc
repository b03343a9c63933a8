#include "services/ledger/fingerprint.h"

#include <openssl/evp.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace interco::ledger {
namespace {

constexpr uint8_t kVersion = 2;
constexpr char kPrefix[] = "v2:";

}  // namespace

CanonicalEncoding::CanonicalEncoding(char kind) {
  bytes_.push_back(static_cast<char>(kVersion));
  bytes_ += kind;
}

CanonicalEncoding& CanonicalEncoding::Str(absl::string_view value) {
  absl::StrAppend(&bytes_, value.size(), ":", value);
  return *this;
}

CanonicalEncoding& CanonicalEncoding::Num(uint64_t value) { return Str(absl::StrCat(value)); }

CanonicalEncoding& CanonicalEncoding::Dec(const Decimal& value) { return Str(value.ToString()); }

CanonicalEncoding& CanonicalEncoding::OptionalDec(const std::optional<Decimal>& value) {
  return value.has_value() ? Str("1").Dec(*value) : Str("0");
}

CanonicalEncoding& CanonicalEncoding::Day(absl::CivilDay day) {
  return Str(absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day()));
}

std::string CanonicalEncoding::Finish() const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  // EVP_Digest with a built-in digest cannot fail short of memory exhaustion; the canonical
  // bytes themselves still identify the request exactly if it ever did.
  if (EVP_Digest(bytes_.data(), bytes_.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    return absl::StrCat(kPrefix, "raw:", bytes_);
  }
  std::string out = kPrefix;
  for (unsigned int i = 0; i < size; ++i) absl::StrAppendFormat(&out, "%02x", digest[i]);
  return out;
}

std::string ReversalFingerprint(uint64_t sequence, absl::CivilDay date) {
  return CanonicalEncoding('R').Num(sequence).Day(date).Finish();
}

bool SameRequest(absl::string_view stored, absl::string_view fingerprint,
                 absl::string_view legacy) {
  return stored == fingerprint || (!legacy.empty() && stored == legacy);
}

}  // namespace interco::ledger
