// The on-disk hash chain of a family of versioned records beside the journal (structure,
// reference data, chart, trial balances): each stored value is its content followed by the
// previous version's hash and its own (32 bytes each), as journal values are, with
//   hash = SHA-256("interco." family "\n" || version as 8 bytes big-endian || previous ||
//                  content).
// The family name in the hash keeps a record of one family from passing for another's.
#ifndef INTERCO_STORAGE_FAMILY_CHAIN_H_
#define INTERCO_STORAGE_FAMILY_CHAIN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/ledger/entry.h"

namespace interco::storage {

inline constexpr size_t kChainHashBytes = 32;

ledger::Hash FamilyChainHash(absl::string_view family, uint64_t version,
                             const ledger::Hash& previous, absl::string_view content);

// content || previous || FamilyChainHash(family, version, previous, content).
std::string ChainValue(absl::string_view family, uint64_t version, const ledger::Hash& previous,
                       absl::string_view content);

// A stored value split into its parts, viewing `value`.
struct ChainedValue {
  absl::string_view content;
  ledger::Hash previous{};
  ledger::Hash hash{};
};

// Splits `value` and checks its own hash (not its link). DATA_LOSS naming the family and
// version otherwise.
absl::StatusOr<ChainedValue> SplitChainValue(absl::string_view family, uint64_t version,
                                             absl::string_view value);

// Splits `value` and checks its own hash and that its previous hash is `expected_previous`.
// DATA_LOSS naming the family and version otherwise (too short, a hash that does not match
// the content, a link to another chain).
absl::StatusOr<ChainedValue> OpenChainValue(absl::string_view family, uint64_t version,
                                            const ledger::Hash& expected_previous,
                                            absl::string_view value);

// Each family's head is also stored, in the default column family under ChainHeadKey, in
// the same write batch as the version it names: a log cut short (its last versions deleted)
// then no longer reaches its recorded head.
std::string ChainHeadKey(absl::string_view family);
std::string EncodeChainHead(uint64_t version, const ledger::Hash& hash);
// DATA_LOSS naming the family if `bytes` is not a head.
absl::Status DecodeChainHead(absl::string_view family, absl::string_view bytes, uint64_t* version,
                             ledger::Hash* hash);

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_FAMILY_CHAIN_H_
