#include "services/group/model.h"

#include "absl/strings/str_cat.h"

namespace interco::group {
namespace {

struct Describer {
  std::string operator()(const LegalEntity& e) const { return "upsert entity " + e.id; }
  std::string operator()(const Department& d) const {
    return absl::StrCat("upsert department ", d.id, " of ", d.entity_id);
  }
  std::string operator()(const Employee& e) const {
    return absl::StrCat("upsert employee ", e.id, " of ", e.entity_id);
  }
  std::string operator()(const OwnershipEdge& e) const {
    return absl::StrCat("add ownership edge ", e.holder_id, " -> ", e.held_id, " from ",
                        DayText(e.valid_from));
  }
  std::string operator()(const EndEdge& e) const {
    return absl::StrCat("end ownership edge ", e.holder_id, " -> ", e.held_id, " on ",
                        DayText(e.valid_to));
  }
  std::string operator()(const Acquisition& a) const {
    return absl::StrCat("upsert acquisition ", a.holder_id, " -> ", a.held_id);
  }
};

}  // namespace

std::string DayText(absl::CivilDay day) {
  if (day.year() < 1000 || day.year() > 9999) return absl::FormatCivilTime(day);
  std::string text = "0000-00-00";
  int64_t year = day.year();
  for (int i = 3; i >= 0; --i, year /= 10) text[i] = static_cast<char>('0' + year % 10);
  text[5] = static_cast<char>('0' + day.month() / 10);
  text[6] = static_cast<char>('0' + day.month() % 10);
  text[8] = static_cast<char>('0' + day.day() / 10);
  text[9] = static_cast<char>('0' + day.day() % 10);
  return text;
}

std::string MonthText(absl::CivilMonth month) {
  return DayText(absl::CivilDay(month)).substr(0, 7);
}

const std::string& LegalEntity::FunctionalCurrencyIn(absl::CivilMonth period) const {
  if (!functional_currency_from.has_value() || period >= *functional_currency_from) {
    return functional_currency;
  }
  for (auto spell = earlier_currencies.rbegin(); spell != earlier_currencies.rend(); ++spell) {
    if (!spell->from.has_value() || period >= *spell->from) return spell->currency;
  }
  // Before the first recorded start: the entity's first currency (a history always begins
  // with a spell from the beginning; this only guards a malformed one).
  return earlier_currencies.empty() ? functional_currency : earlier_currencies.front().currency;
}

std::string Describe(const ChangeBody& body) { return std::visit(Describer{}, body); }

}  // namespace interco::group
