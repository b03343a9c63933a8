#include "services/api/import_budget.h"

#include <cassert>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"

namespace interco::api {

absl::Status ValidateImportBufferBytesMax(int64_t bytes_max) {
  if (bytes_max < static_cast<int64_t>(kImportBufferBytesMin) ||
      bytes_max > static_cast<int64_t>(kImportBufferBytesMax)) {
    return absl::InvalidArgumentError(absl::StrCat("--import_buffer_bytes_max must be in [",
                                                   kImportBufferBytesMin, ", ",
                                                   kImportBufferBytesMax, "]"));
  }
  return absl::OkStatus();
}

ImportBufferBudget::ImportBufferBudget(size_t bytes_max) : bytes_max_(bytes_max) {
  assert(bytes_max > 0);
}

ImportBufferBudget::~ImportBufferBudget() {
  absl::MutexLock lock(&mu_);
  assert(held_ == 0);  // A stream outlived the server, or leaked its charge.
}

size_t ImportBufferBudget::bytes_held() const {
  absl::MutexLock lock(&mu_);
  return held_;
}

absl::Status ImportBufferBudget::Take(size_t bytes) {
  absl::MutexLock lock(&mu_);
  // Compared without overflow: held_ <= bytes_max_ always.
  if (bytes > bytes_max_ - held_) {
    return QuotaError(
        "import_buffer_bytes_max", absl::StrCat(bytes_max_), "IMPORT_BUFFER_FULL",
        absl::StrCat("the open import streams hold ", held_, " of the ", bytes_max_,
                     " bytes they may hold together (--import_buffer_bytes_max) and this "
                     "message needs ",
                     bytes, " more; nothing was written, retry when fewer imports are open"));
  }
  held_ += bytes;
  return absl::OkStatus();
}

void ImportBufferBudget::Give(size_t bytes) {
  absl::MutexLock lock(&mu_);
  assert(bytes <= held_);
  held_ -= bytes;
}

absl::Status ImportBufferBudget::Charge::Add(size_t bytes) {
  if (absl::Status taken = budget_->Take(bytes); !taken.ok()) return taken;
  bytes_ += bytes;
  return absl::OkStatus();
}

void ImportBufferBudget::Charge::Release() {
  if (bytes_ == 0) return;
  budget_->Give(bytes_);
  bytes_ = 0;
}

}  // namespace interco::api
