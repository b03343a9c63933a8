#include "services/ledger/fingerprint.h"

#include <openssl/evp.h>

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace interco::ledger {
namespace {

constexpr uint8_t kVersion = 2;
constexpr char kPrefix[] = "v2:";

// The canonical encoding: a version byte, then tagged, length-prefixed fields.
class Canonical {
 public:
  explicit Canonical(char kind) {
    bytes_.push_back(static_cast<char>(kVersion));
    bytes_ += kind;
  }

  Canonical& Str(absl::string_view value) {
    absl::StrAppend(&bytes_, value.size(), ":", value);
    return *this;
  }
  Canonical& Num(uint64_t value) { return Str(absl::StrCat(value)); }
  Canonical& Dec(const Decimal& value) { return Str(value.ToString()); }
  Canonical& OptionalDec(const std::optional<Decimal>& value) {
    return value.has_value() ? Str("1").Dec(*value) : Str("0");
  }
  Canonical& Day(absl::CivilDay day) {
    return Str(absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day()));
  }

  // "v2:" + hex SHA-256 of the bytes.
  std::string Finish() const {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    // EVP_Digest with a built-in digest cannot fail short of memory exhaustion; the
    // canonical bytes themselves still identify the request exactly if it ever did.
    if (EVP_Digest(bytes_.data(), bytes_.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
      return absl::StrCat(kPrefix, "raw:", bytes_);
    }
    std::string out = kPrefix;
    for (unsigned int i = 0; i < size; ++i) absl::StrAppendFormat(&out, "%02x", digest[i]);
    return out;
  }

 private:
  std::string bytes_;
};

}  // namespace

std::string TransactionFingerprint(absl::string_view transaction_id,
                                   const pricing::QuoteRequest& request) {
  Canonical out('T');
  out.Str(transaction_id)
      .Num(static_cast<uint64_t>(request.seller.kind))
      .Str(request.seller.id)
      .Num(static_cast<uint64_t>(request.buyer.kind))
      .Str(request.buyer.id)
      .Day(request.date)
      .Num(static_cast<uint64_t>(request.transaction_type))
      .Str(request.category)
      .Dec(request.quantity)
      .Str(request.currency)
      .OptionalDec(request.tested_unit_price)
      .Num(request.inputs.size());
  for (const auto& [name, value] : request.inputs) out.Str(name).Dec(value);  // Key order.
  return out.Finish();
}

std::string JournalEntryFingerprint(const JournalEntryInput& entry) {
  Canonical out('J');
  out.Str(entry.entry_id).Day(entry.date).Str(entry.memo).Num(entry.lines.size());
  for (const JournalLineInput& line : entry.lines) {
    out.Str(line.entity_id)
        .Str(line.account)
        .Str(line.counterparty_id)
        .Num(line.side == Side::kDebit ? 0 : 1)
        .Dec(line.amount)
        .Str(line.currency)
        .OptionalDec(line.functional_amount)
        .Str(line.functional_currency)
        .OptionalDec(line.fx_rate);
  }
  return out.Finish();
}

std::string ReversalFingerprint(uint64_t sequence, absl::CivilDay date) {
  return Canonical('R').Num(sequence).Day(date).Finish();
}

bool SameRequest(absl::string_view stored, absl::string_view fingerprint,
                 absl::string_view legacy) {
  return stored == fingerprint || (!legacy.empty() && stored == legacy);
}

}  // namespace interco::ledger
