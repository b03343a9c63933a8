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
  absl::StrAppend(key, line.entity_id, sep, line.period, sep, line.account, sep,
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

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_LEDGER_KEYS_H_
