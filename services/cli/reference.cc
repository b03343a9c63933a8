#include "services/cli/reference.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "services/cli/table.h"
#include "services/cli/wire.h"

namespace interco::cli {
namespace {

// An enum value's name without its type's prefix: RATE_TYPE_SPOT -> SPOT.
std::string Short(const std::string& name, absl::string_view prefix) {
  return absl::StartsWith(name, prefix) ? name.substr(prefix.size()) : name;
}

int Print(const Table& table, const std::string& format, Console& console) {
  console.out << (format == "csv" ? table.Csv() : table.Text());
  return kExitOk;
}

}  // namespace

int ShowPolicies(const std::shared_ptr<grpc::Channel>& channel, const std::string& format,
                 Console& console) {
  auto stub = v1::PolicyService::NewStub(channel);
  Table table({"policy", "seller", "buyer", "type", "category", "from", "to", "priority", "method",
               "parameters", "version"});
  const int code = ReadAllPages<v1::ListPoliciesResponse>(
      v1::ListPoliciesRequest(),
      [&](grpc::ClientContext* context, const auto& request, auto* page) {
        return stub->ListPolicies(context, request, page);
      },
      [&](const v1::ListPoliciesResponse& page) {
        for (const v1::VersionedPolicy& versioned : page.policies()) {
          const v1::Policy& p = versioned.policy();
          std::map<std::string, std::string> parameters;  // Sorted, unlike the proto map.
          for (const auto& [name, value] : p.parameters()) parameters[name] = value.value();
          table.Add(
              {p.policy_id(), p.pattern().seller_id(), p.pattern().buyer_id(),
               Short(v1::TransactionType_Name(p.pattern().transaction_type()), "TRANSACTION_TYPE_"),
               p.pattern().category(), DateText(p.pattern().validity().valid_from()),
               DateText(p.pattern().validity().valid_to()), absl::StrCat(p.priority()),
               Short(v1::PricingMethod_Name(p.method()), "PRICING_METHOD_"),
               absl::StrJoin(parameters, " ", absl::PairFormatter("=")),
               absl::StrCat(versioned.policy_version())});
        }
      },
      console);
  return code == kExitOk ? Print(table, format, console) : code;
}

int ShowFxRates(const std::shared_ptr<grpc::Channel>& channel, const std::string& format,
                Console& console) {
  auto stub = v1::PolicyService::NewStub(channel);
  Table table({"base", "quote", "type", "from", "to", "rate", "version"});
  table.SetRightAligned({false, false, false, false, false, true, true});
  const int code = ReadAllPages<v1::ListFxRatesResponse>(
      v1::ListFxRatesRequest(),
      [&](grpc::ClientContext* context, const auto& request, auto* page) {
        return stub->ListFxRates(context, request, page);
      },
      [&](const v1::ListFxRatesResponse& page) {
        for (const v1::VersionedFxRate& versioned : page.rates()) {
          const v1::FxRate& r = versioned.rate();
          table.Add({r.base_currency(), r.quote_currency(),
                     Short(v1::RateType_Name(r.type()), "RATE_TYPE_"),
                     DateText(r.validity().valid_from()), DateText(r.validity().valid_to()),
                     r.rate().value(), absl::StrCat(versioned.pricing_version())});
        }
      },
      console);
  return code == kExitOk ? Print(table, format, console) : code;
}

int ShowAccountMaps(const std::shared_ptr<grpc::Channel>& channel, const std::string& format,
                    Console& console) {
  auto stub = v1::PolicyService::NewStub(channel);
  Table table({"entity", "type", "seller debit", "seller credit", "buyer debit", "buyer credit",
               "version"});
  const int code = ReadAllPages<v1::ListAccountMapsResponse>(
      v1::ListAccountMapsRequest(),
      [&](grpc::ClientContext* context, const auto& request, auto* page) {
        return stub->ListAccountMaps(context, request, page);
      },
      [&](const v1::ListAccountMapsResponse& page) {
        for (const v1::VersionedAccountMap& map : page.account_maps()) {
          for (const v1::AccountMapping& m : map.mappings()) {
            table.Add({map.entity_id(),
                       Short(v1::TransactionType_Name(m.transaction_type()), "TRANSACTION_TYPE_"),
                       m.seller_debit(), m.seller_credit(), m.buyer_debit(), m.buyer_credit(),
                       absl::StrCat(map.pricing_version())});
          }
        }
      },
      console);
  return code == kExitOk ? Print(table, format, console) : code;
}

int ShowClosedPeriods(const std::shared_ptr<grpc::Channel>& channel, const std::string& entity,
                      const std::string& format, Console& console) {
  auto stub = v1::PolicyService::NewStub(channel);
  Table table({"entity", "period", "later postings", "version"});
  v1::ListClosedPeriodsRequest request;
  request.set_entity_id(entity);
  const int code = ReadAllPages<v1::ListClosedPeriodsResponse>(
      request,
      [&](grpc::ClientContext* context, const auto& request, auto* page) {
        return stub->ListClosedPeriods(context, request, page);
      },
      [&](const v1::ListClosedPeriodsResponse& page) {
        for (const v1::ClosedPeriod& closed : page.closed_periods()) {
          table.Add({closed.entity_id(), closed.period(),
                     closed.roll_forward() ? "roll forward" : "refused",
                     absl::StrCat(closed.pricing_version())});
        }
      },
      console);
  return code == kExitOk ? Print(table, format, console) : code;
}

}  // namespace interco::cli
