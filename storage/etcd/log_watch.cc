#include "storage/etcd/log_watch.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "etcd/etcdserver/etcdserverpb/rpc.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace interco::storage {
namespace {

// The end of the range of keys that start with `prefix` (etcd's "prefix + 1").
std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty()) {
    if (static_cast<unsigned char>(prefix.back()) < 0xff) {
      ++prefix.back();
      return prefix;
    }
    prefix.pop_back();
  }
  return std::string(1, '\0');  // Every key.
}

// Keepalive pings find a member that stopped answering (paused, or cut off) on an idle
// stream; etcd refuses pings more often than its --grpc-keepalive-min-time (5 s).
constexpr int kKeepaliveTimeMs = 10 * 1000;
constexpr int kKeepaliveTimeoutMs = 5 * 1000;

}  // namespace

struct GroupLogWatch::Stubs {
  std::vector<std::unique_ptr<etcdserverpb::Watch::Stub>> watch;
};

absl::StatusOr<std::unique_ptr<GroupLogWatch>> GroupLogWatch::Start(GroupLogWatchOptions options,
                                                                    int64_t start_revision) {
  if (options.endpoints.empty() || options.prefix.empty()) {
    return absl::InvalidArgumentError("etcd watch: no endpoints or no prefix given");
  }
  auto stubs = std::make_unique<Stubs>();
  const std::shared_ptr<grpc::ChannelCredentials> credentials = EtcdCredentials(options.tls);
  for (const std::string& endpoint : options.endpoints) {
    grpc::ChannelArguments arguments;
    arguments.SetMaxReceiveMessageSize(options.message_bytes_max);
    arguments.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, kKeepaliveTimeMs);
    arguments.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, kKeepaliveTimeoutMs);
    auto channel = grpc::CreateCustomChannel(endpoint, credentials, arguments);
    stubs->watch.push_back(etcdserverpb::Watch::NewStub(channel));
  }
  std::unique_ptr<GroupLogWatch> watch(new GroupLogWatch(std::move(options), std::move(stubs),
                                                         std::max<int64_t>(0, start_revision)));
  GroupLogWatch* self = watch.get();
  watch->thread_ = std::thread([self] { self->Run(); });
  return watch;
}

GroupLogWatch::GroupLogWatch(GroupLogWatchOptions options, std::unique_ptr<Stubs> stubs,
                             int64_t start_revision)
    : options_(std::move(options)), stubs_(std::move(stubs)), next_revision_(start_revision) {}

GroupLogWatch::~GroupLogWatch() { Stop(); }

void GroupLogWatch::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    // The blocked Read returns at once; a context not yet used starts cancelled.
    if (context_ != nullptr) context_->TryCancel();
  }
  if (thread_.joinable()) thread_.join();
}

WatchedChanges GroupLogWatch::TakeChanges(absl::Duration wait) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(this, &GroupLogWatch::HasNews), wait);
  return std::exchange(changes_, WatchedChanges());
}

bool GroupLogWatch::HasNews() const { return stopping_ || !changes_.empty(); }

bool GroupLogWatch::live() const {
  absl::MutexLock lock(&mu_);
  return live_;
}

int64_t GroupLogWatch::next_revision() const {
  absl::MutexLock lock(&mu_);
  return next_revision_;
}

absl::Status GroupLogWatch::last_error() const {
  absl::MutexLock lock(&mu_);
  return last_error_;
}

void GroupLogWatch::Run() {
  absl::Duration backoff = options_.backoff_min;
  for (size_t member = 0;; member = (member + 1) % stubs_->watch.size()) {
    grpc::ClientContext context;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      context_ = &context;
    }
    const bool answered = RunStream(member, context);
    absl::MutexLock lock(&mu_);
    context_ = nullptr;
    live_ = false;
    // Doubled while no member answers, so a down etcd is not called in a tight loop.
    backoff = answered ? options_.backoff_min : std::min(2 * backoff, options_.backoff_max);
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), backoff);
    if (stopping_) return;
  }
}

bool GroupLogWatch::RunStream(size_t member, grpc::ClientContext& context) {
  // A member cut off from the others ends the stream rather than holding it silent.
  context.AddMetadata("hasleader", "true");
  etcdserverpb::WatchRequest request;
  etcdserverpb::WatchCreateRequest& create = *request.mutable_create_request();
  create.set_key(options_.prefix);
  create.set_range_end(PrefixEnd(options_.prefix));
  create.set_start_revision(next_revision());
  create.set_fragment(true);
  create.set_prev_kv(false);
  // Progress messages move next_revision on while nothing changes, so a restart after a
  // long quiet spell does not start from a revision compacted since.
  create.set_progress_notify(true);
  auto stream = stubs_->watch[member]->Watch(&context);
  bool answered = false;
  if (stream->Write(request)) {
    etcdserverpb::WatchResponse response;
    while (stream->Read(&response)) {
      answered = true;
      if (!Handle(response)) break;
    }
  }
  context.TryCancel();  // The server keeps the stream open after cancelling its watcher.
  const grpc::Status status = stream->Finish();
  absl::MutexLock lock(&mu_);
  if (!stopping_ && !status.ok() && status.error_code() != grpc::StatusCode::CANCELLED) {
    last_error_ = absl::UnavailableError(
        absl::StrCat("etcd watch on ", options_.endpoints[member], ": ", status.error_message()));
  }
  return answered;
}

bool GroupLogWatch::Handle(const etcdserverpb::WatchResponse& response) {
  absl::MutexLock lock(&mu_);
  if (response.compact_revision() != 0) {
    // What we had not seen is gone: start from now, and report every group then.
    last_error_ = absl::OutOfRangeError(absl::StrCat("etcd watch: revision ", next_revision_,
                                                     " was compacted (at ",
                                                     response.compact_revision(), ")"));
    next_revision_ = 0;
    return false;
  }
  if (response.canceled()) {
    last_error_ =
        absl::UnavailableError(absl::StrCat("etcd watch cancelled: ", response.cancel_reason()));
    return false;
  }
  if (response.created()) {
    live_ = true;
    if (next_revision_ == 0) {
      // From now: what changed before is read by looking at every group. The header's
      // revision may include a change whose event is still to come: resume at it, not after.
      changes_.all = true;
      next_revision_ = response.header().revision();
    }
    return true;
  }
  if (response.events().empty()) {
    // A progress message: sent only once every event up to its revision was.
    next_revision_ = std::max(next_revision_, response.header().revision() + 1);
    return true;
  }
  for (const auto& event : response.events()) {
    std::string group = GroupOf(event.kv().key());
    if (!group.empty()) changes_.groups.insert(std::move(group));
  }
  // A fragment may hold part of its last revision only: resume at it, not after it.
  const int64_t last = response.events().rbegin()->kv().mod_revision();
  next_revision_ = std::max(next_revision_, response.fragment() ? last : last + 1);
  return true;
}

std::string GroupLogWatch::GroupOf(const std::string& key) const {
  if (!absl::StartsWith(key, options_.prefix)) return "";
  const absl::string_view rest = absl::string_view(key).substr(options_.prefix.size());
  const size_t slash = rest.find('/');
  if (slash == absl::string_view::npos || slash == 0) return "";
  const absl::string_view name = rest.substr(slash + 1);
  if (name != "head" && name != "owner" && !absl::StartsWith(name, "log/")) return "";
  return std::string(rest.substr(0, slash));
}

}  // namespace interco::storage
