#include "services/common/sha256.h"

#include <openssl/evp.h>

#include <memory>

namespace interco {
namespace {

// Fetched once, never freed: it lives as long as the process's OpenSSL.
const EVP_MD* Sha256Algorithm() {
  static const EVP_MD* const kAlgorithm = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();  // The fetch can only fail out of memory.
  }();
  return kAlgorithm;
}

struct ContextFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

}  // namespace

std::optional<Sha256Digest> Sha256(std::initializer_list<absl::string_view> parts) {
  // One context per thread, re-initialized by each call: no allocation per hash.
  thread_local std::unique_ptr<EVP_MD_CTX, ContextFree> context(EVP_MD_CTX_new());
  if (context == nullptr) return std::nullopt;
  if (EVP_DigestInit_ex(context.get(), Sha256Algorithm(), nullptr) != 1) return std::nullopt;
  for (absl::string_view part : parts) {
    if (EVP_DigestUpdate(context.get(), part.data(), part.size()) != 1) return std::nullopt;
  }
  Sha256Digest digest;
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(context.get(), digest.data(), &size) != 1 || size != digest.size()) {
    return std::nullopt;
  }
  return digest;
}

}  // namespace interco
