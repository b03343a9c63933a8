#include "services/ledger/chained_family.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "services/common/sha256.h"

namespace interco::ledger {
namespace {

absl::string_view View(const Hash& hash) {
  return absl::string_view(reinterpret_cast<const char*>(hash.data()), hash.size());
}

// Fixed width, so that no two different lists of heads hash the same bytes.
std::string Part(absl::string_view name, uint64_t version, const Hash& hash) {
  std::string out = absl::StrCat(name.size(), ":", name, ":");
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(version >> shift));
  absl::StrAppend(&out, View(hash));
  return out;
}

}  // namespace

Hash CombineHeads(const ChainHead& journal, absl::Span<const FamilyHead> families) {
  std::string bytes = absl::StrCat("interco.combined_head.v1\n",
                                   Part("journal", journal.sequence, journal.hash));
  for (const FamilyHead& head : families) {
    absl::StrAppend(&bytes, Part(head.family, head.version, head.hash));
  }
  // Hashing in-memory bytes fails only when memory is exhausted; a zero head then fails any
  // comparison rather than crashing.
  return Sha256({bytes}).value_or(Hash{});
}

}  // namespace interco::ledger
