// ChainedFamily: a stored history beside the journal (the group structure, the pricing
// reference data, the chart of accounts and mappings, the imported trial balances) kept as
// a hash chain of its versions, like the journal's chain of entries, so that an edit on
// disk is evident: one tamper-evident history per family.
//
// A family's head names its last version and the hash that chains every version up to it;
// a combined head hashes the journal's head with the heads of the families a figure was
// computed from, so that one value pins every input of a reply.
#ifndef INTERCO_SERVICES_LEDGER_CHAINED_FAMILY_H_
#define INTERCO_SERVICES_LEDGER_CHAINED_FAMILY_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "services/ledger/entry.h"
#include "services/ledger/journal.h"

namespace interco::ledger {

struct FamilyHead {
  std::string family;   // "structure", "pricing", "chart", "trial_balances".
  uint64_t version = 0;  // The last version (import sequence for trial balances); 0: none.
  Hash hash{};           // All zeros when version is 0.
};

// What a full verification of one family found.
struct FamilyCheck {
  std::string family;
  bool ok = true;
  uint64_t versions_checked = 0;
  // When not ok: the first version whose record or link is wrong (0 when the damage is not
  // tied to a version, e.g. a record no version explains), the storage key, and what is wrong.
  uint64_t first_broken_version = 0;
  std::string key;
  std::string problem;
};

class ChainedFamily {
 public:
  virtual ~ChainedFamily() = default;
  // The family's name, as in FamilyHead::family.
  virtual const std::string& name() const = 0;
  // The head now. Thread-safe, never blocks on a writer's disk sync.
  virtual FamilyHead Head() const = 0;
  // The head as it was at `version` (0: the empty head). NOT_FOUND beyond the head;
  // DATA_LOSS if the stored record cannot be read. Thread-safe.
  virtual absl::StatusOr<FamilyHead> HeadAt(uint64_t version) const = 0;
  // Reads every stored version from disk: each record decodable, each hash, the chain, the
  // versions without gaps, no record the chain does not explain. Damage is an answer (ok
  // false), not an error; errors are `keep_going`'s (a deadline, a cancellation) and I/O
  // errors. Thread-safe.
  virtual absl::StatusOr<FamilyCheck> Verify(const std::function<absl::Status()>& keep_going) const = 0;
};

// SHA-256 over the journal's head and `families` in the given order (name, version, hash
// of each). Deterministic: the same inputs give the same combined head on any replica.
Hash CombineHeads(const ChainHead& journal, absl::Span<const FamilyHead> families);

}  // namespace interco::ledger

#endif  // INTERCO_SERVICES_LEDGER_CHAINED_FAMILY_H_
