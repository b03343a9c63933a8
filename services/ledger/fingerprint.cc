#include "services/ledger/fingerprint.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/sha256.h"

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

CanonicalEncoding& CanonicalEncoding::Num(uint64_t value) {
  return Str(absl::AlphaNum(value).Piece());
}

CanonicalEncoding& CanonicalEncoding::Dec(const Decimal& value) { return Str(value.ToString()); }

CanonicalEncoding& CanonicalEncoding::OptionalDec(const std::optional<Decimal>& value) {
  return value.has_value() ? Str("1").Dec(*value) : Str("0");
}

CanonicalEncoding& CanonicalEncoding::Day(absl::CivilDay day) {
  const int64_t year = day.year();
  if (year < 0 || year > 9999) {  // Never a valid date; formatted as it always was.
    return Str(absl::StrFormat("%04d-%02d-%02d", year, day.month(), day.day()));
  }
  // "%04d-%02d-%02d" by hand: every priced posting's fingerprint has a date.
  const int y = static_cast<int>(year), m = day.month(), d = day.day();
  const char text[10] = {static_cast<char>('0' + y / 1000),
                         static_cast<char>('0' + y / 100 % 10),
                         static_cast<char>('0' + y / 10 % 10),
                         static_cast<char>('0' + y % 10),
                         '-',
                         static_cast<char>('0' + m / 10),
                         static_cast<char>('0' + m % 10),
                         '-',
                         static_cast<char>('0' + d / 10),
                         static_cast<char>('0' + d % 10)};
  return Str(absl::string_view(text, sizeof(text)));
}

std::string CanonicalEncoding::Finish() const {
  const std::optional<Sha256Digest> digest = Sha256({bytes_});
  // Hashing cannot fail short of memory exhaustion; the canonical bytes themselves still
  // identify the request exactly if it ever did.
  if (!digest.has_value()) return absl::StrCat(kPrefix, "raw:", bytes_);
  return absl::StrCat(kPrefix, absl::BytesToHexString(absl::string_view(
                                   reinterpret_cast<const char*>(digest->data()), digest->size())));
}

std::string ReversalFingerprint(uint64_t sequence, absl::CivilDay date) {
  return CanonicalEncoding('R').Num(sequence).Day(date).Finish();
}

bool SameRequest(absl::string_view stored, absl::string_view fingerprint,
                 absl::string_view legacy) {
  return stored == fingerprint || (!legacy.empty() && stored == legacy);
}

}  // namespace interco::ledger
