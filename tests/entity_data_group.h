// A group whose entities each have data of their own, for tests of what a caller may read
// (issue 24): on top of the trading group (tests/trading_group.h: P holds A and B, which
// trade goods), Z, held by P; a group chart of cash (1000), investments (1500) and capital
// (3000); for each of A, B and Z a chart mapping from 2024-01-01 ("<E>-CASH", "<E>-CAPITAL"),
// June 2024 trial balances (A and B two versions, Z one) and an acquisition by P; account
// maps of A and B; and two entries: 1 (A sells to B) and 2 (B sells to Z).
#ifndef INTERCO_TESTS_ENTITY_DATA_GROUP_H_
#define INTERCO_TESTS_ENTITY_DATA_GROUP_H_

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "grpcpp/grpcpp.h"

namespace interco::testing {

// Sets the group up through `admin`; the first failing step's status, naming the step.
grpc::Status SetUpEntityDataGroup(const std::shared_ptr<grpc::Channel>& admin);

// One read of entity data for `entity`; the entity
// ids its answer holds are added to `*seen` (ListEntries adds the entries' sequences, and
// ListTrialBalanceLines the first letter of each local account).
using EntityRead = std::function<grpc::Status(const std::shared_ptr<grpc::Channel>&,
                                              const std::string& entity, std::set<std::string>*)>;

// Every read of entity data a poster may call, by method name: trial balances and their
// lines, chart mappings, acquisitions (held by `entity`, held_id in `*seen`), account maps
// and entries.
std::map<std::string, EntityRead> EntityReads();

// The lists of entity data without an entity filter (ListEntries needs one), read page by
// page: the entity of every record answered lands in `*seen` (ListTrialBalances adds
// "<entity> v<version>"); `entity` is ignored.
std::map<std::string, EntityRead> UnfilteredEntityLists();

}  // namespace interco::testing

#endif  // INTERCO_TESTS_ENTITY_DATA_GROUP_H_
