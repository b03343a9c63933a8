#include "storage/family_chain.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "services/common/sha256.h"
#include "storage/codec.h"

namespace interco::storage {
namespace {

absl::string_view View(const ledger::Hash& hash) {
  return absl::string_view(reinterpret_cast<const char*>(hash.data()), hash.size());
}

ledger::Hash HashAt(absl::string_view bytes) {
  ledger::Hash hash;
  std::memcpy(hash.data(), bytes.data(), hash.size());
  return hash;
}

}  // namespace

ledger::Hash FamilyChainHash(absl::string_view family, uint64_t version,
                             const ledger::Hash& previous, absl::string_view content) {
  const std::string domain = absl::StrCat("interco.", family, "\n");
  // Hashing in-memory bytes fails only when memory is exhausted: a zero hash then fails
  // verification rather than crashing.
  return Sha256({domain, EncodeKey64(version), View(previous), content}).value_or(ledger::Hash{});
}

std::string ChainValue(absl::string_view family, uint64_t version, const ledger::Hash& previous,
                       absl::string_view content) {
  return absl::StrCat(content, View(previous),
                      View(FamilyChainHash(family, version, previous, content)));
}

absl::StatusOr<ChainedValue> SplitChainValue(absl::string_view family, uint64_t version,
                                             absl::string_view value) {
  if (value.size() < 2 * kChainHashBytes) {
    return absl::DataLossError(absl::StrCat(family, " version ", version, " is ", value.size(),
                                            " bytes, too short to hold its chain hashes"));
  }
  ChainedValue parts;
  parts.content = value.substr(0, value.size() - 2 * kChainHashBytes);
  parts.previous = HashAt(value.substr(parts.content.size(), kChainHashBytes));
  parts.hash = HashAt(value.substr(value.size() - kChainHashBytes));
  if (parts.hash != FamilyChainHash(family, version, parts.previous, parts.content)) {
    return absl::DataLossError(absl::StrCat(family, " version ", version,
                                            " does not match its hash: the record was changed"));
  }
  return parts;
}

absl::StatusOr<ChainedValue> OpenChainValue(absl::string_view family, uint64_t version,
                                            const ledger::Hash& expected_previous,
                                            absl::string_view value) {
  absl::StatusOr<ChainedValue> parts = SplitChainValue(family, version, value);
  if (parts.ok() && parts->previous != expected_previous) {
    return absl::DataLossError(
        absl::StrCat(family, " version ", version, " does not link to version ", version - 1,
                     ": the history before it was changed"));
  }
  return parts;
}

std::string ChainHeadKey(absl::string_view family) { return absl::StrCat("chain_head/", family); }

std::string EncodeChainHead(uint64_t version, const ledger::Hash& hash) {
  return absl::StrCat(EncodeKey64(version), View(hash));
}

absl::Status DecodeChainHead(absl::string_view family, absl::string_view bytes, uint64_t* version,
                             ledger::Hash* hash) {
  if (bytes.size() != 8 + kChainHashBytes || !DecodeKey64(bytes.substr(0, 8), version)) {
    return absl::DataLossError(
        absl::StrCat("the recorded head of the ", family, " history is not readable"));
  }
  *hash = HashAt(bytes.substr(8));
  return absl::OkStatus();
}

}  // namespace interco::storage
