#include "services/cli/business_key.h"

#include <openssl/sha.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/cli/wire.h"

namespace interco::cli {

namespace {
// 96 bits: two different rows of one business key colliding is out of reach, and the id
// stays short enough to read in logs next to the key.
constexpr size_t kDigestHexChars = 24;
}  // namespace

std::string BusinessRequestId(absl::string_view kind, absl::string_view id, ContentFields fields) {
  fields.erase(std::remove_if(fields.begin(), fields.end(),
                              [](const auto& field) { return field.second.empty(); }),
               fields.end());
  std::sort(fields.begin(), fields.end());
  // Length prefixes keep ("ab","c") and ("a","bc") apart.
  std::string canonical;
  for (const auto& [name, value] : fields) {
    absl::StrAppend(&canonical, name.size(), ":", name, value.size(), ":", value);
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(), digest);
  const std::string hex = absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
  return RequestId(absl::StrCat(kind, ":", id), hex.substr(0, kDigestHexChars));
}

}  // namespace interco::cli
