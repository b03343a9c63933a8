#include "services/api/authorizer.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "grpc/grpc_security_constants.h"
#include "services/api/reactors.h"
#include "services/common/field_error.h"
#include "services/security/method_permissions.h"

namespace interco::api {
namespace {

constexpr size_t kMaxHeaderBytes = 16 << 10;
constexpr char kForwardedClientCert[] = "x-forwarded-client-cert";

// Splits at `separator` outside double quotes.
std::vector<absl::string_view> SplitOutsideQuotes(absl::string_view text, char separator) {
  std::vector<absl::string_view> parts;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && quoted) {
      ++i;  // An escaped character inside quotes.
    } else if (text[i] == '"') {
      quoted = !quoted;
    } else if (text[i] == separator && !quoted) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(text.substr(start));
  return parts;
}

bool IsSpiffeId(absl::string_view value) {
  return absl::StartsWith(value, "spiffe://") && value.size() <= security::kMaxIdentityBytes;
}

}  // namespace

std::string SpiffeIdFromForwardedClientCert(absl::string_view header) {
  if (header.empty() || header.size() > kMaxHeaderBytes) return "";
  // Each proxy appends an element; the last is the one our own sidecar added.
  const absl::string_view last = SplitOutsideQuotes(header, ',').back();
  for (absl::string_view pair : SplitOutsideQuotes(last, ';')) {
    pair = absl::StripAsciiWhitespace(pair);
    const size_t equals = pair.find('=');
    if (equals == absl::string_view::npos) continue;
    if (!absl::EqualsIgnoreCase(pair.substr(0, equals), "URI")) continue;
    absl::string_view value = pair.substr(equals + 1);
    if (absl::ConsumePrefix(&value, "\"")) absl::ConsumeSuffix(&value, "\"");
    if (IsSpiffeId(value)) return std::string(value);
  }
  return "";
}

std::string Authorizer::Identity(const grpc::ServerContextBase& context) const {
  std::string direct = DirectIdentity(context);
  // A call a peer pod forwarded acts as the caller the peer names (call_forwarding.h); from
  // anyone else the header is ignored, as any client could send one.
  const auto& metadata = context.client_metadata();
  const auto named = metadata.find(kForwardedForHeader);
  if (named == metadata.end() || policy_ == nullptr || !policy_->IsPeer(direct)) return direct;
  const absl::string_view caller(named->second.data(), named->second.size());
  return IsSpiffeId(caller) ? std::string(caller) : "";
}

std::string Authorizer::DirectIdentity(const grpc::ServerContextBase& context) const {
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth != nullptr && auth->IsPeerAuthenticated()) {
    // The SPIFFE X.509-SVID rule: the identity is the certificate's one URI SAN. A DNS or
    // email SAN that spells "spiffe://..." names a host or a mailbox the CA vouched for,
    // not a workload; with several URI SANs no one of them is the workload's identity.
    // A verified certificate decides alone: no header may stand in for what it lacks.
    const std::vector<grpc::string_ref> uris =
        auth->FindPropertyValues(GRPC_PEER_URI_PROPERTY_NAME);
    if (uris.size() != 1) return "";
    const absl::string_view id(uris.front().data(), uris.front().size());
    return IsSpiffeId(id) ? std::string(id) : "";
  }
  if (trust_forwarded_) {
    const auto& metadata = context.client_metadata();
    const auto header = metadata.find(kForwardedClientCert);
    if (header != metadata.end()) {
      return SpiffeIdFromForwardedClientCert(
          absl::string_view(header->second.data(), header->second.size()));
    }
  }
  return "";
}

absl::StatusOr<std::string> Authorizer::Authorize(const grpc::ServerContextBase& context,
                                                  Permission permission) const {
  if (policy_ == nullptr) return std::string();
  std::string identity = Identity(context);
  if (absl::Status allowed = policy_->Authorize(identity, permission); !allowed.ok()) {
    return allowed;
  }
  return identity;
}

absl::Status Authorizer::CheckGroup(absl::string_view identity, absl::string_view group) const {
  if (policy_ == nullptr) return absl::OkStatus();
  return policy_->AuthorizeGroup(identity, group);
}

absl::Status Authorizer::CheckEntities(absl::string_view identity,
                                       absl::Span<const std::string> entities,
                                       security::EntityWrite write) const {
  if (policy_ == nullptr) return absl::OkStatus();
  return policy_->AuthorizeEntities(identity, entities, write);
}

security::EntityReadScope Authorizer::ReadScope(absl::string_view identity) const {
  if (policy_ == nullptr) return security::EntityReadScope::Unlimited();
  return policy_->ReadScope(identity);
}

absl::StatusOr<security::EntityReadScope> Authorizer::AuthorizeEntityRead(
    const grpc::ServerContextBase& context) const {
  absl::StatusOr<std::string> caller = AuthorizeCall(context);
  if (!caller.ok()) return caller.status();
  return ReadScope(*caller);
}

namespace {

// Tells the authorizer which method its call is for, from creation to the end of the call.
class CallTracker final : public grpc::experimental::Interceptor {
 public:
  CallTracker(Authorizer* authorizer, grpc::experimental::ServerRpcInfo* info)
      : authorizer_(authorizer), context_(info->server_context()) {
    authorizer_->TrackCall(context_, info->method());
  }
  ~CallTracker() override { authorizer_->UntrackCall(context_); }
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    methods->Proceed();
  }

 private:
  Authorizer* const authorizer_;
  const grpc::ServerContextBase* const context_;
};

class CallTrackerFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallTrackerFactory(Authorizer* authorizer) : authorizer_(authorizer) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new CallTracker(authorizer_, info);
  }

 private:
  Authorizer* const authorizer_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
Authorizer::NewCallTracker() {
  return std::make_unique<CallTrackerFactory>(this);
}

void Authorizer::TrackCall(const grpc::ServerContextBase* context, std::string method) {
  absl::MutexLock lock(&calls_mu_);
  calls_[context] = std::move(method);
}

void Authorizer::UntrackCall(const grpc::ServerContextBase* context) {
  absl::MutexLock lock(&calls_mu_);
  calls_.erase(context);
}

std::vector<std::string> Authorizer::MethodsInFlight() const {
  std::vector<std::string> methods;
  absl::MutexLock lock(&calls_mu_);
  for (const auto& [context, method] : calls_) methods.push_back(method);
  return methods;
}

absl::Status ShuttingDownError(absl::string_view then) {
  return WithReason(absl::UnavailableError(absl::StrCat("this server is shutting down; ", then)),
                    "SHUTTING_DOWN");
}

void Authorizer::BeginDrain() {
  absl::MutexLock lock(&calls_mu_);
  draining_ = true;
}

bool Authorizer::AwaitNoCalls(absl::Time deadline) const {
  absl::MutexLock lock(&calls_mu_);
  const auto none = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(calls_mu_) { return calls_.empty(); };
  return calls_mu_.AwaitWithDeadline(absl::Condition(&none), deadline);
}

std::string Authorizer::MethodOf(const grpc::ServerContextBase& context) const {
  absl::MutexLock lock(&calls_mu_);
  const auto found = calls_.find(&context);
  return found == calls_.end() ? "" : found->second;
}

absl::StatusOr<std::string> Authorizer::AuthorizeCall(
    const grpc::ServerContextBase& context) const {
  std::string method;
  {
    absl::MutexLock lock(&calls_mu_);
    if (draining_) {
      return ShuttingDownError(
          "retry the call (at another replica, or here once it is back); nothing was written");
    }
    const auto found = calls_.find(&context);
    if (found != calls_.end()) method = found->second;
  }
  const std::optional<security::MethodRule> rule = security::RuleFor(method);
  if (!rule.has_value()) {
    // A handler without a rule, or a server without the tracker: a bug, refused.
    return absl::InternalError(
        absl::StrCat("no authorization rule for method \"", method, "\"; refused"));
  }
  if (rule->is_public) return std::string();
  return Authorize(context, rule->permission);
}

grpc::ServerUnaryReactor* RefuseUnary(const Authorizer* authorizer,
                                      grpc::CallbackServerContext* context) {
  absl::Status allowed = authorizer->CheckCall(*context);
  if (allowed.ok()) return nullptr;
  return FinishUnary(context, allowed);
}

}  // namespace interco::api
