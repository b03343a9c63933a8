#include "services/cli/group_file.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "services/cli/business_key.h"
#include "services/cli/wire.h"
#include "yaml-cpp/yaml.h"

namespace interco::cli {
namespace {

// Reads one item of a section; errors name "section[i].key". yaml-cpp reports problems
// by exception, so every access goes through these helpers, which catch them.
class Item {
 public:
  Item(const YAML::Node& node, std::string where) : node_(node), where_(std::move(where)) {}

  absl::StatusOr<std::string> Text(const char* key, bool required = true) const {
    try {
      const YAML::Node value = node_[key];
      if (!value || value.IsNull()) {
        if (required) return Bad(key, "is required");
        return std::string();
      }
      if (!value.IsScalar()) return Bad(key, "must be a single value");
      return value.as<std::string>();
    } catch (const YAML::Exception& e) {
      return Bad(key, e.what());
    }
  }
  absl::StatusOr<bool> Flag(const char* key) const {
    absl::StatusOr<std::string> text = Text(key, false);
    if (!text.ok()) return text.status();
    if (text->empty() || *text == "false") return false;
    if (*text == "true") return true;
    return Bad(key, "must be true or false");
  }
  absl::StatusOr<google::type::Date> Date(const char* key) const {
    absl::StatusOr<std::string> text = Text(key);
    if (!text.ok()) return text.status();
    absl::StatusOr<google::type::Date> date = ParseDate(*text);
    if (!date.ok()) return Bad(key, date.status().message());
    return date;
  }
  YAML::Node Child(const char* key) const { return node_[key]; }
  absl::Status Bad(const char* key, absl::string_view why) const {
    return absl::InvalidArgumentError(absl::StrCat(where_, ".", key, ": ", why));
  }
  const std::string& where() const { return where_; }

 private:
  const YAML::Node node_;
  const std::string where_;
};

#define INTERCO_READ(lhs, expr)                               \
  {                                                           \
    auto interco_value_ = (expr);                             \
    if (!interco_value_.ok()) return interco_value_.status(); \
    lhs = *std::move(interco_value_);                         \
  }

absl::StatusOr<GroupStep> Entity(const Item& item, std::string id) {
  v1::UpsertEntityRequest request;
  request.set_request_id(std::move(id));
  v1::LegalEntity* e = request.mutable_entity();
  INTERCO_READ(*e->mutable_entity_id(), item.Text("id"));
  INTERCO_READ(*e->mutable_name(), item.Text("name"));
  INTERCO_READ(*e->mutable_jurisdiction(), item.Text("jurisdiction"));
  INTERCO_READ(*e->mutable_functional_currency(), item.Text("currency"));
  INTERCO_READ(*e->mutable_parent_of_record_id(), item.Text("parent_of_record", false));
  return request;
}

template <typename Request>
absl::StatusOr<GroupStep> Member(const Item& item, std::string id) {
  Request request;
  request.set_request_id(std::move(id));
  auto* member = [&] {
    if constexpr (std::is_same_v<Request, v1::UpsertDepartmentRequest>) {
      return request.mutable_department();
    } else {
      return request.mutable_employee();
    }
  }();
  std::string own_id;
  INTERCO_READ(own_id, item.Text("id"));
  if constexpr (std::is_same_v<Request, v1::UpsertDepartmentRequest>) {
    member->set_department_id(own_id);
  } else {
    member->set_employee_id(own_id);
  }
  INTERCO_READ(*member->mutable_entity_id(), item.Text("entity"));
  INTERCO_READ(*member->mutable_name(), item.Text("name"));
  return request;
}

absl::StatusOr<GroupStep> Edge(const Item& item, std::string id) {
  v1::AddOwnershipEdgeRequest request;
  request.set_request_id(std::move(id));
  v1::OwnershipEdge* e = request.mutable_edge();
  INTERCO_READ(*e->mutable_holder_id(), item.Text("holder"));
  INTERCO_READ(*e->mutable_held_id(), item.Text("held"));
  INTERCO_READ(*e->mutable_equity_share()->mutable_value(), item.Text("equity"));
  std::string voting;
  INTERCO_READ(voting, item.Text("voting", false));
  e->mutable_voting_share()->set_value(voting.empty() ? e->equity_share().value() : voting);
  INTERCO_READ(*e->mutable_validity()->mutable_valid_from(), item.Date("from"));
  std::string to;
  INTERCO_READ(to, item.Text("to", false));
  if (!to.empty()) INTERCO_READ(*e->mutable_validity()->mutable_valid_to(), item.Date("to"));
  bool flag = false;
  INTERCO_READ(flag, item.Flag("explicit_control"));
  e->set_explicit_control(flag);
  INTERCO_READ(flag, item.Flag("cross_holding"));
  e->set_cross_holding(flag);
  return request;
}

absl::StatusOr<GroupStep> Policy(const Item& item, std::string id) {
  v1::UpsertPolicyRequest request;
  request.set_request_id(std::move(id));
  v1::Policy* p = request.mutable_policy();
  INTERCO_READ(*p->mutable_policy_id(), item.Text("id"));
  INTERCO_READ(*p->mutable_pattern()->mutable_seller_id(), item.Text("seller", false));
  INTERCO_READ(*p->mutable_pattern()->mutable_buyer_id(), item.Text("buyer", false));
  INTERCO_READ(*p->mutable_pattern()->mutable_category(), item.Text("category", false));
  std::string text;
  INTERCO_READ(text, item.Text("type", false));
  if (!text.empty()) {
    v1::TransactionType type;
    INTERCO_READ(type, ParseTransactionType(text));
    p->mutable_pattern()->set_transaction_type(type);
  }
  INTERCO_READ(*p->mutable_pattern()->mutable_validity()->mutable_valid_from(), item.Date("from"));
  INTERCO_READ(text, item.Text("method"));
  v1::PricingMethod method;
  if (!v1::PricingMethod_Parse("PRICING_METHOD_" + text, &method)) {
    return item.Bad("method", "is not a pricing method (COST_PLUS, CUP, TNMM, ...)");
  }
  p->set_method(method);
  INTERCO_READ(text, item.Text("priority", false));
  int priority = 0;
  if (!text.empty() && !absl::SimpleAtoi(text, &priority))
    return item.Bad("priority", "not a number");
  p->set_priority(priority);
  INTERCO_READ(text, item.Text("range", false));
  v1::RangeStrategy range = v1::RANGE_STRATEGY_UNSPECIFIED;
  if (!text.empty() && (!v1::RangeStrategy_Parse("RANGE_STRATEGY_" + text, &range) ||
                        range == v1::RANGE_STRATEGY_UNSPECIFIED)) {
    return item.Bad("range", "is not US_INTERQUARTILE, INDIA or FULL_RANGE");
  }
  p->set_range_strategy(range);
  try {
    for (const auto& parameter : item.Child("parameters")) {
      (*p->mutable_parameters())[parameter.first.as<std::string>()].set_value(
          parameter.second.as<std::string>());
    }
    for (const auto& comparable : item.Child("comparables")) {
      p->add_comparables()->set_value(comparable.as<std::string>());
    }
  } catch (const YAML::Exception& e) {
    return item.Bad("parameters", e.what());
  }
  return request;
}

absl::StatusOr<GroupStep> Rate(const Item& item, std::string id) {
  v1::UpsertFxRateRequest request;
  request.set_request_id(std::move(id));
  v1::FxRate* r = request.mutable_rate();
  INTERCO_READ(*r->mutable_base_currency(), item.Text("base"));
  INTERCO_READ(*r->mutable_quote_currency(), item.Text("quote"));
  std::string text;
  INTERCO_READ(text, item.Text("type"));
  v1::RateType type;
  if (!v1::RateType_Parse("RATE_TYPE_" + text, &type) || type == v1::RATE_TYPE_UNSPECIFIED) {
    return item.Bad("type", "is not SPOT, AVERAGE or CLOSING");
  }
  r->set_type(type);
  INTERCO_READ(*r->mutable_validity()->mutable_valid_from(), item.Date("from"));
  INTERCO_READ(text, item.Text("to", false));
  if (!text.empty()) INTERCO_READ(*r->mutable_validity()->mutable_valid_to(), item.Date("to"));
  INTERCO_READ(*r->mutable_rate()->mutable_value(), item.Text("rate"));
  return request;
}

#undef INTERCO_READ

// The request's section and a digest of its deterministic serialization (maps in key
// order). Another protobuf release may serialize differently; then a reload sends new ids,
// which the server treats as upserts of the same content (new versions, and overlapping
// edges refused), never as a silent change.
template <typename Request>
std::string ContentRequestId(absl::string_view section, const Request& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  return BusinessRequestId(section, "", {{"request", bytes}});
}

}  // namespace

absl::StatusOr<std::vector<GroupStep>> ReadGroupFile(absl::string_view yaml) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("not YAML: ", e.what()));
  }
  if (!root.IsMap()) return absl::InvalidArgumentError("the file must be a YAML mapping");
  using Reader = absl::StatusOr<GroupStep> (*)(const Item&, std::string);
  const std::pair<const char*, Reader> kSections[] = {
      {"entities", &Entity},
      {"departments", &Member<v1::UpsertDepartmentRequest>},
      {"employees", &Member<v1::UpsertEmployeeRequest>},
      {"ownership", &Edge},
      {"policies", &Policy},
      {"rates", &Rate},
  };
  std::vector<GroupStep> steps;
  for (const auto& [section, read] : kSections) {
    const YAML::Node items = root[section];
    if (!items) continue;
    if (!items.IsSequence()) {
      return absl::InvalidArgumentError(absl::StrCat(section, ": must be a list"));
    }
    for (size_t i = 0; i < items.size(); ++i) {
      const Item item(items[i], absl::StrCat(section, "[", i, "]"));
      absl::StatusOr<GroupStep> step = read(item, "");
      if (!step.ok()) return step.status();
      std::visit([&](auto& request) { request.set_request_id(ContentRequestId(section, request)); },
                 *step);
      steps.push_back(*std::move(step));
    }
  }
  return steps;
}

}  // namespace interco::cli
