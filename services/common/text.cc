#include "services/common/text.h"

#include <cstdint>

#include "services/common/field_error.h"

namespace interco {
namespace {

// Decodes one UTF-8 sequence at text[*i] into *code_point and advances *i; false on a
// malformed, overlong or surrogate sequence, or one cut short.
bool NextCodePoint(absl::string_view text, size_t* i, uint32_t* code_point) {
  const unsigned char lead = static_cast<unsigned char>(text[*i]);
  int length = 0;
  uint32_t value = 0;
  if (lead < 0x80) {
    length = 1;
    value = lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    value = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    value = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    value = lead & 0x07;
  } else {
    return false;
  }
  if (*i + length > text.size()) return false;
  for (int k = 1; k < length; ++k) {
    const unsigned char next = static_cast<unsigned char>(text[*i + k]);
    if ((next & 0xC0) != 0x80) return false;
    value = (value << 6) | (next & 0x3F);
  }
  static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (value < kSmallest[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return false;
  }
  *i += length;
  *code_point = value;
  return true;
}

bool IsControl(uint32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F ||
         c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

bool IsPrintableText(absl::string_view text) {
  for (size_t i = 0; i < text.size();) {
    uint32_t code_point = 0;
    if (!NextCodePoint(text, &i, &code_point) || IsControl(code_point)) return false;
  }
  return true;
}

absl::Status CheckPrintableText(absl::string_view field, absl::string_view text,
                                absl::string_view reason) {
  if (IsPrintableText(text)) return absl::OkStatus();
  return InvalidField(field, text, reason,
                      "contains a control character or is not UTF-8 (line breaks, tabs, "
                      "C1 controls and bidirectional overrides are not allowed)");
}

}  // namespace interco
