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
                        absl::FormatCivilTime(e.valid_from));
  }
  std::string operator()(const EndEdge& e) const {
    return absl::StrCat("end ownership edge ", e.holder_id, " -> ", e.held_id, " on ",
                        absl::FormatCivilTime(e.valid_to));
  }
};

}  // namespace

std::string Describe(const ChangeBody& body) { return std::visit(Describer{}, body); }

}  // namespace interco::group
