// Fuzz target for PlainDecimal: any bytes, read with either decimal mark, are refused with
// INVALID_ARGUMENT, come back unchanged, or become a plain decimal ("-1234.5") that reads
// as itself again.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "services/cli/decimal_text.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

// "-1234.5": an optional minus, digits, and digits after a point if there is one.
bool IsPlain(const std::string& text) {
  size_t i = text.rfind('-', 0) == 0 ? 1 : 0;
  const size_t digits = text.find_first_not_of("0123456789", i);
  if (digits == i) return false;
  if (digits == std::string::npos) return true;
  if (text[digits] != '.' || digits + 1 == text.size()) return false;
  return text.find_first_not_of("0123456789", digits + 1) == std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto mark : {interco::cli::DecimalMark::kPoint, interco::cli::DecimalMark::kComma}) {
    const absl::StatusOr<std::string> plain = interco::cli::PlainDecimal(text, mark);
    if (!plain.ok()) {
      Require(plain.status().code() == absl::StatusCode::kInvalidArgument);
      continue;
    }
    if (*plain == text) continue;
    Require(IsPlain(*plain));
    const absl::StatusOr<std::string> again =
        interco::cli::PlainDecimal(*plain, interco::cli::DecimalMark::kPoint);
    Require(again.ok() && *again == *plain);
  }
  return 0;
}
