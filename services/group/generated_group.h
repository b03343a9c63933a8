// A generated group for benchmarks: 1,000 entities in 5 tiers (1, 9, 40, 150, 800), each
// held 51-79% by a random entity of the tier above, one in ten with an extra 20% minority
// holder from that tier, one department per entity ("E<n>-IT"). Every fourth entity keeps
// its books in USD, the others in EUR. Deterministic (fixed seed).
#ifndef INTERCO_SERVICES_GROUP_GENERATED_GROUP_H_
#define INTERCO_SERVICES_GROUP_GENERATED_GROUP_H_

#include <memory>

#include "services/group/structure.h"

namespace interco::group {

inline constexpr int kGeneratedEntities = 1000;

std::shared_ptr<GroupStructure> GenerateGroup();

}  // namespace interco::group

#endif  // INTERCO_SERVICES_GROUP_GENERATED_GROUP_H_
