#include "services/tenancy/open_groups.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"

namespace interco::tenancy {

struct OpenGroups::Slot {
  explicit Slot(std::string group_id) : id(std::move(group_id)) {}
  const std::string id;
  // Guarded by the pool's mu_.
  int pins = 0;
  bool barred = false;
  bool open = false;  // `tenant` is set and usable; changes under both locks.
  absl::Time last_used = absl::InfinitePast();
  // Held while the group opens or closes, so that neither races the other.
  absl::Mutex open_mu;
  // Set under open_mu and mu_; stable while a lease pins the slot.
  std::unique_ptr<Tenant> tenant;
};

OpenGroups::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), slot_(std::move(other.slot_)), use_(other.use_) {}

OpenGroups::Lease& OpenGroups::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    Release();
    pool_ = other.pool_;
    slot_ = std::move(other.slot_);
    use_ = other.use_;
  }
  return *this;
}

OpenGroups::Lease::~Lease() { Release(); }

void OpenGroups::Lease::Release() {
  if (slot_ != nullptr) pool_->Unpin(*slot_, use_);
  slot_.reset();
}

Tenant* OpenGroups::Lease::get() const { return slot_ == nullptr ? nullptr : slot_->tenant.get(); }

OpenGroups::OpenGroups(Opener opener, OpenGroupsOptions options, Observer observer)
    : opener_(std::move(opener)), options_(std::move(options)), observer_(std::move(observer)) {
  if (options_.idle_check_every > absl::ZeroDuration()) {
    idle_thread_ = std::thread([this] { IdleLoop(); });
  }
}

OpenGroups::~OpenGroups() { CloseAll().IgnoreError(); }

std::shared_ptr<OpenGroups::Slot> OpenGroups::SlotFor(const std::string& id,
                                                      absl::Status* refused) {
  absl::MutexLock lock(&mu_);
  if (stopping_) {
    *refused = absl::UnavailableError("the server is shutting down");
    return nullptr;
  }
  std::shared_ptr<Slot>& slot = slots_[id];
  if (slot == nullptr) slot = std::make_shared<Slot>(id);
  if (slot->barred) {
    *refused =
        FieldError(absl::StatusCode::kFailedPrecondition, "x-interco-group", id,
                   "GROUP_BEING_DELETED", absl::StrCat("group \"", id, "\" is being deleted"));
    return nullptr;
  }
  ++slot->pins;
  slot->last_used = options_.now();
  return slot;
}

absl::StatusOr<OpenGroups::Lease> OpenGroups::Acquire(const std::string& id) {
  absl::Status refused;
  std::shared_ptr<Slot> slot = SlotFor(id, &refused);
  if (slot == nullptr) return refused;
  Lease lease(this, slot);  // Unpins if the group cannot be opened.
  if (absl::Status opened = EnsureOpen(*slot); !opened.ok()) return opened;
  return lease;
}

absl::Status OpenGroups::EnsureOpen(Slot& slot) {
  for (;;) {
    {
      absl::MutexLock lock(&slot.open_mu);
      if (slot.tenant != nullptr) return absl::OkStatus();
      if (TryReserve()) return OpenReserved(slot);
    }
    // Room is made without holding this group's open_mu: closing another group takes that
    // group's, and two such locks held at once in either order could deadlock.
    if (!EvictOne()) {
      return WithReason(
          absl::ResourceExhaustedError(absl::StrCat(
              "cannot open group \"", slot.id, "\": ", options_.open_max,
              " groups are open (--open_groups_max) and every one is in use; retry later")),
          "OPEN_GROUPS_EXHAUSTED");
    }
  }
}

bool OpenGroups::TryReserve() {
  size_t open = open_count_.load();
  while (open < options_.open_max) {
    if (open_count_.compare_exchange_weak(open, open + 1)) return true;
  }
  return false;
}

absl::Status OpenGroups::OpenReserved(Slot& slot) {
  absl::StatusOr<std::unique_ptr<Tenant>> tenant = opener_(slot.id);
  if (!tenant.ok()) {
    open_count_.fetch_sub(1);
    return tenant.status();
  }
  {
    absl::MutexLock lock(&mu_);
    slot.tenant = std::move(*tenant);
    slot.open = true;
  }
  if (observer_) observer_(slot.id, true);
  return absl::OkStatus();
}

bool OpenGroups::CloseUnused(Slot& slot, absl::Status* closed) {
  absl::MutexLock lock(&slot.open_mu);
  std::unique_ptr<Tenant> tenant;
  {
    absl::MutexLock pool_lock(&mu_);
    if (slot.pins > 0 || !slot.open) return false;
    slot.open = false;
    tenant = std::move(slot.tenant);
  }
  *closed = tenant->Close();
  tenant.reset();
  open_count_.fetch_sub(1);
  if (observer_) observer_(slot.id, false);
  return true;
}

bool OpenGroups::EvictOne() {
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::shared_ptr<Slot> victim;
    {
      absl::MutexLock lock(&mu_);
      for (const auto& [id, slot] : slots_) {
        if (!slot->open || slot->pins > 0 || slot->barred) continue;
        if (victim == nullptr || slot->last_used < victim->last_used) victim = slot;
      }
    }
    if (victim == nullptr) return false;
    absl::Status closed;
    if (CloseUnused(*victim, &closed)) return true;
  }
  return false;
}

void OpenGroups::Unpin(Slot& slot, bool use) {
  absl::MutexLock lock(&mu_);
  --slot.pins;
  if (use) slot.last_used = options_.now();
}

absl::StatusOr<std::shared_ptr<OpenGroups::Slot>> OpenGroups::BarWhenUnused(
    const std::string& id, absl::Duration wait_max, bool create) {
  absl::MutexLock lock(&mu_);
  auto found = slots_.find(id);
  if (found == slots_.end()) {
    if (!create) return nullptr;
    found = slots_.emplace(id, std::make_shared<Slot>(id)).first;
  }
  std::shared_ptr<Slot> slot = found->second;
  if (slot->barred) {
    return WithReason(absl::FailedPreconditionError(
                          absl::StrCat("group \"", id, "\" is already being deleted")),
                      "GROUP_BEING_DELETED");
  }
  slot->barred = true;
  Slot* raw = slot.get();
  const auto unused = [raw]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return raw->pins == 0; };
  if (!mu_.AwaitWithTimeout(absl::Condition(&unused), wait_max)) {
    slot->barred = false;
    return absl::UnavailableError(absl::StrCat("group \"", id,
                                               "\" still had calls in flight after ",
                                               absl::FormatDuration(wait_max), "; retry"));
  }
  return slot;
}

absl::StatusOr<Tenant*> OpenGroups::Bar(const std::string& id, absl::Duration wait_max) {
  ASSIGN_OR_RETURN(std::shared_ptr<Slot> slot, BarWhenUnused(id, wait_max, /*create=*/true));
  if (absl::Status opened = EnsureOpen(*slot); !opened.ok()) {
    Unbar(id);
    return opened;
  }
  return slot->tenant.get();
}

void OpenGroups::Unbar(const std::string& id) {
  absl::MutexLock lock(&mu_);
  const auto found = slots_.find(id);
  if (found != slots_.end()) found->second->barred = false;
}

absl::Status OpenGroups::Drop(const std::string& id) {
  std::shared_ptr<Slot> slot;
  {
    absl::MutexLock lock(&mu_);
    const auto found = slots_.find(id);
    if (found == slots_.end()) return absl::OkStatus();
    slot = found->second;
  }
  absl::Status closed;
  CloseUnused(*slot, &closed);
  absl::MutexLock lock(&mu_);
  // Barred, so no lease can have taken it since; a later CreateGroup starts afresh.
  slots_.erase(id);
  return closed;
}

absl::Status OpenGroups::CloseWhenUnused(const std::string& id, absl::Duration wait_max) {
  ASSIGN_OR_RETURN(std::shared_ptr<Slot> slot, BarWhenUnused(id, wait_max, /*create=*/false));
  if (slot == nullptr) return absl::OkStatus();  // Never opened here.
  absl::Status closed;
  CloseUnused(*slot, &closed);
  Unbar(id);
  return closed;
}

size_t OpenGroups::CloseIdle(absl::Time now) {
  std::vector<std::shared_ptr<Slot>> idle;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [id, slot] : slots_) {
      if (slot->open && slot->pins == 0 && !slot->barred &&
          slot->last_used <= now - options_.idle_close) {
        idle.push_back(slot);
      }
    }
  }
  size_t closed_count = 0;
  for (const std::shared_ptr<Slot>& slot : idle) {
    absl::Status closed;
    if (CloseUnused(*slot, &closed)) ++closed_count;
  }
  return closed_count;
}

absl::Status OpenGroups::CloseAll() {
  std::vector<std::shared_ptr<Slot>> slots;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    for (const auto& [id, slot] : slots_) slots.push_back(slot);
  }
  if (idle_thread_.joinable()) idle_thread_.join();
  absl::Status first_error;
  for (const std::shared_ptr<Slot>& slot : slots) {
    {
      // Leases outliving the server's calls would be a bug; give them a moment anyway.
      absl::MutexLock lock(&mu_);
      Slot* raw = slot.get();
      const auto unused = [raw]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return raw->pins == 0; };
      mu_.AwaitWithTimeout(absl::Condition(&unused), absl::Seconds(10));
      raw->pins = 0;
    }
    absl::Status closed;
    CloseUnused(*slot, &closed);
    first_error.Update(closed);
  }
  return first_error;
}

std::vector<std::pair<std::string, OpenGroups::Lease>> OpenGroups::LeaseOpen() {
  std::vector<std::pair<std::string, Lease>> leases;
  absl::MutexLock lock(&mu_);
  for (const auto& [id, slot] : slots_) {
    if (!slot->open || slot->barred) continue;
    ++slot->pins;  // Open and pinned: it stays open until the lease ends.
    leases.emplace_back(id, Lease(this, slot, /*use=*/false));
  }
  return leases;
}

void OpenGroups::ForEachOpen(
    const std::function<void(const std::string& id, const Tenant&)>& fn) const {
  absl::MutexLock lock(&mu_);
  for (const auto& [id, slot] : slots_) {
    if (slot->open) fn(id, *slot->tenant);
  }
}

void OpenGroups::IdleLoop() {
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      const auto stopping = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stopping_; };
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping), options_.idle_check_every)) return;
    }
    CloseIdle(options_.now());
  }
}

}  // namespace interco::tenancy
