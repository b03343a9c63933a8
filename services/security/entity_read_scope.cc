#include "services/security/entity_read_scope.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace interco::security {
namespace {

// Most of a caller's own entities a refusal names.
constexpr size_t kEntitiesNamedMax = 10;

}  // namespace

EntityReadScope EntityReadScope::Limited(std::string identity, std::vector<std::string> entities) {
  EntityReadScope scope;
  scope.unlimited_ = false;
  scope.identity_ = std::move(identity);
  std::sort(entities.begin(), entities.end());
  entities.erase(std::unique(entities.begin(), entities.end()), entities.end());
  scope.entities_ = std::move(entities);
  return scope;
}

bool EntityReadScope::Allows(absl::string_view entity) const {
  return unlimited_ || std::binary_search(entities_.begin(), entities_.end(), entity);
}

bool EntityReadScope::AllowsAny(absl::Span<const std::string> entities) const {
  if (unlimited_) return true;
  return std::any_of(entities.begin(), entities.end(),
                     [this](const std::string& entity) { return Allows(entity); });
}

absl::Status EntityReadScope::Check(absl::string_view entity) const {
  if (Allows(entity)) return absl::OkStatus();
  return Refused(entity);
}

absl::Status EntityReadScope::CheckAny(absl::Span<const std::string> entities) const {
  if (AllowsAny(entities)) return absl::OkStatus();
  return Refused(absl::StrJoin(entities, ", "));
}

absl::Status EntityReadScope::Refused(absl::string_view what) const {
  // A poster may own many entities: the message names the first few.
  const size_t named = std::min(entities_.size(), kEntitiesNamedMax);
  std::string own = absl::StrJoin(entities_.begin(), entities_.begin() + named, ", ");
  if (named < entities_.size()) absl::StrAppend(&own, " and ", entities_.size() - named, " more");
  return absl::PermissionDeniedError(
      absl::StrCat("caller ", identity_, " may read only its own entities' data (", own,
                   "); this call reads ", what.empty() ? "\"\"" : what));
}

}  // namespace interco::security
