#include "services/cli/decimal_text.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace interco::cli {
namespace {

constexpr absl::string_view kDigits = "0123456789";

absl::Status NotAnAmount(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("\"", text, "\" is not an amount: ", why));
}

// Why `text`'s `integer` part, holding a separator, is not digits in groups of three.
absl::Status MisGrouped(absl::string_view text, DecimalMark mark) {
  if (mark == DecimalMark::kPoint && text.find(',') != absl::string_view::npos) {
    return NotAnAmount(text,
                       "a comma separates thousands (groups of three digits) unless the file's "
                       "decimals are commas: then give --decimal-comma");
  }
  if (mark == DecimalMark::kComma && text.find('.') != absl::string_view::npos) {
    return NotAnAmount(text,
                       "with --decimal-comma a point separates thousands (groups of three "
                       "digits) and the comma decimals");
  }
  return NotAnAmount(text, "thousands are separated in groups of three digits");
}

// `integer` without its thousands separators ("1,000,000" -> "1000000"), which must all be
// one character and stand between groups of three digits; `*groups` says how many groups.
absl::StatusOr<std::string> Ungrouped(absl::string_view text, absl::string_view integer,
                                      DecimalMark mark, char grouping, int* groups) {
  const size_t first = integer.find_first_not_of(kDigits);
  *groups = 1;
  if (first == absl::string_view::npos) return std::string(integer);
  const char separator = integer[first];
  if (separator != grouping && separator != ' ') return MisGrouped(text, mark);
  std::string digits;
  size_t start = 0;
  for (*groups = 0; start <= integer.size(); ++*groups) {
    size_t end = integer.find(separator, start);
    if (end == absl::string_view::npos) end = integer.size();
    const absl::string_view group = integer.substr(start, end - start);
    const bool sized = *groups == 0 ? !group.empty() && group.size() <= 3 : group.size() == 3;
    if (!sized || group.find_first_not_of(kDigits) != absl::string_view::npos) {
      return MisGrouped(text, mark);
    }
    absl::StrAppend(&digits, group);
    start = end + 1;
  }
  return digits;
}

}  // namespace

absl::StatusOr<std::string> PlainDecimal(absl::string_view text, DecimalMark mark) {
  // No-break spaces (U+00A0, U+202F) group thousands in French Excel.
  const std::string spaced = absl::StrReplaceAll(absl::StripAsciiWhitespace(text),
                                                 {{"\xC2\xA0", " "}, {"\xE2\x80\xAF", " "}});
  absl::string_view number = spaced;
  if (number.find_first_not_of("0123456789+-., ") != absl::string_view::npos ||
      number.find_first_of(kDigits) == absl::string_view::npos) {
    return std::string(text);  // Not a number at all: the server says what it is not.
  }
  if (mark == DecimalMark::kPoint && number.find_first_of(", ") == absl::string_view::npos) {
    return std::string(text);  // Already plain.
  }
  const char decimal = mark == DecimalMark::kComma ? ',' : '.';
  const char grouping = mark == DecimalMark::kComma ? '.' : ',';
  std::string sign;
  if (!number.empty() && (number[0] == '-' || number[0] == '+')) {
    if (number[0] == '-') sign = "-";
    number.remove_prefix(1);
  }
  const size_t mark_at = number.find(decimal);
  const absl::string_view integer = number.substr(0, mark_at);
  const absl::string_view fraction =
      mark_at == absl::string_view::npos ? "" : number.substr(mark_at + 1);
  if (fraction.find_first_not_of(kDigits) != absl::string_view::npos) {
    if (mark == DecimalMark::kPoint && fraction.find(',') != absl::string_view::npos) {
      return NotAnAmount(text, "its decimals are after a comma: give --decimal-comma");
    }
    return NotAnAmount(text, "only digits follow the decimal mark");
  }
  int groups = 0;
  absl::StatusOr<std::string> digits = Ungrouped(text, integer, mark, grouping, &groups);
  if (!digits.ok()) return digits.status();
  if (mark == DecimalMark::kPoint && groups == 2 && mark_at == absl::string_view::npos &&
      integer.find(',') != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", text, "\" is ambiguous: ", sign, *digits, " with a thousands comma, or ", sign,
        absl::StrReplaceAll(integer, {{",", "."}}),
        " with a decimal comma; give --decimal-comma if the file's decimals are commas, else "
        "write it without the comma"));
  }
  return absl::StrCat(sign, digits->empty() ? "0" : *digits, fraction.empty() ? "" : ".", fraction);
}

absl::Status MakeAmountsPlain(const std::map<std::string, size_t>& columns,
                              bool (*is_amount)(absl::string_view column), DecimalMark mark,
                              std::vector<std::string>& fields) {
  for (const auto& [name, index] : columns) {
    if (index >= fields.size() || !is_amount(name)) continue;
    absl::StatusOr<std::string> plain = PlainDecimal(fields[index], mark);
    if (!plain.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": ", plain.status().message()));
    }
    fields[index] = *std::move(plain);
  }
  return absl::OkStatus();
}

}  // namespace interco::cli
