#include "services/cli/share_percent.h"

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "services/common/decimal.h"

namespace interco::cli {

std::string SharePercent(const std::string& share) {
  absl::StatusOr<Decimal> value = Decimal::Parse(share, 12);
  absl::StatusOr<Decimal> hundred = Decimal::Parse("100", 0);
  if (!value.ok() || !hundred.ok()) return share;
  const std::optional<Decimal> percent = Decimal::Mul(*value, *hundred);
  return percent.has_value() ? absl::StrCat(percent->ToString(), "%") : share;
}

}  // namespace interco::cli
