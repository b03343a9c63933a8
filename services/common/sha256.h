// SHA-256 of a message given in parts, for the ledger's hash chain and request
// fingerprints, through OpenSSL 3's EVP interface.
//
// Why not EVP_Digest(..., EVP_sha256(), ...) at each call: with OpenSSL 3 that makes every
// call fetch the algorithm from the provider store again (a lock and a lookup: about half
// the cost of hashing a posting's few hundred bytes in the posting profile). Here the
// algorithm is fetched once per process and each thread reuses one digest context.
#ifndef INTERCO_SERVICES_COMMON_SHA256_H_
#define INTERCO_SERVICES_COMMON_SHA256_H_

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>

#include "absl/strings/string_view.h"

namespace interco {

using Sha256Digest = std::array<uint8_t, 32>;

// SHA-256 of the concatenation of `parts`. nullopt only if OpenSSL cannot hash at all (out
// of memory); callers decide what that means for them. Thread-safe.
std::optional<Sha256Digest> Sha256(std::initializer_list<absl::string_view> parts);

}  // namespace interco

#endif  // INTERCO_SERVICES_COMMON_SHA256_H_
