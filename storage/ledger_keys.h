// Keys of the ledger's derived column families. Key parts are joined by a 0 byte, which
// ids, accounts, periods and currency codes never contain. One definition, because the
// balances written, read and verified must agree byte for byte.
#ifndef INTERCO_STORAGE_LEDGER_KEYS_H_
#define INTERCO_STORAGE_LEDGER_KEYS_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "services/ledger/entry.h"
#include "storage/codec.h"

namespace interco::storage {

inline constexpr char kKeySeparator = '\0';

// (entity, period, account, counterparty, currency) of `line`, written into `*key` (reused
// by callers that build many keys).
inline void BalanceKeyInto(const ledger::LedgerLine& line, std::string* key) {
  const absl::string_view sep(&kKeySeparator, 1);
  key->clear();
  absl::StrAppend(key, line.entity_id, sep, line.period.ToString(), sep, line.account, sep,
                  line.counterparty_id, sep, line.currency);
}

inline std::string BalanceKey(const ledger::LedgerLine& line) {
  std::string key;
  BalanceKeyInto(line, &key);
  return key;
}

// (entity, period, sequence) of the entry index.
inline std::string IndexKey(absl::string_view entity, absl::string_view period, uint64_t sequence) {
  const absl::string_view sep(&kKeySeparator, 1);
  return absl::StrCat(entity, sep, period, sep, EncodeKey64(sequence));
}

// The idempotency family's records. request_ids are printable ASCII, so keys starting with
// 0x01 or 0x02 cannot collide with one.
inline constexpr char kReversalPrefix[] = "\x01reversal";
inline constexpr char kBusinessKeyPrefix[] = "\x02invoice";

inline std::string ReversalKey(uint64_t original) {
  return absl::StrCat(kReversalPrefix, EncodeKey64(original));
}

inline std::string BusinessKeyKey(absl::string_view business_key) {
  return absl::StrCat(kBusinessKeyPrefix, business_key);
}

// A request_id's record (and, with an empty business_key, a business key's record): the
// entry, the request's fingerprint, the business key it holds (empty for reversals, and in
// records written before business keys existed).
struct RequestRecord {
  uint64_t sequence = 0;
  std::string fingerprint;
  std::string business_key;
};

inline std::string EncodeRequest(const RequestRecord& record) {
  Encoder out;
  out.PutVarint(record.sequence);
  out.PutString(record.fingerprint);
  if (!record.business_key.empty()) out.PutString(record.business_key);
  return out.Release();
}

inline bool DecodeRequest(absl::string_view value, RequestRecord* record) {
  Decoder in(value);
  if (!in.GetVarint(&record->sequence) || !in.GetString(&record->fingerprint)) return false;
  record->business_key.clear();
  if (in.Done()) return true;
  return in.GetString(&record->business_key) && in.Done();
}

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_LEDGER_KEYS_H_
