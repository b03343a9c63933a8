#include "services/cli/structure_command.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/transfer_pricing.grpc.pb.h"
#include "services/cli/graphviz.h"
#include "services/cli/structure_tree.h"
#include "services/cli/wire.h"

namespace interco::cli {
namespace {

// Ownership chains are short; the bound only stops a walk round a cross holding.
constexpr int kWalkDepthMax = 64;

// The top of `id`'s chain of first holders (holders sorted by id): an entity no edge holds.
// `id` itself when it is held by no one or the walk goes round a cycle.
std::string TopHolder(const std::string& id, const std::map<std::string, std::string>& holder) {
  std::string at = id;
  for (int depth = 0; depth < kWalkDepthMax; ++depth) {
    const auto it = holder.find(at);
    if (it == holder.end()) return at;
    at = it->second;
  }
  return id;
}

}  // namespace

grpc::Status ReadStructure(const std::shared_ptr<grpc::Channel>& channel,
                           const google::type::Date& date, uint64_t structure_version,
                           v1::GetStructureResponse* structure) {
  v1::GetStructureRequest request;
  *request.mutable_as_of_date() = date;
  request.set_structure_version(structure_version);
  return v1::GroupStructureService::NewStub(channel)->GetStructure(CallContext().get(), request,
                                                                   structure);
}

grpc::Status ReadStandings(const std::shared_ptr<grpc::Channel>& channel,
                           const v1::GetStructureResponse& structure,
                           const google::type::Date& date,
                           std::map<std::string, EntityStanding>* standings) {
  if (structure.entities_size() > kStandingLookupsMax) return grpc::Status::OK;
  std::map<std::string, std::string> first_holder;
  for (const v1::OwnershipEdge& edge : structure.edges()) {
    auto [it, inserted] = first_holder.emplace(edge.held_id(), edge.holder_id());
    if (!inserted && edge.holder_id() < it->second) it->second = edge.holder_id();
  }
  auto stub = v1::TransferPricingService::NewStub(channel);
  for (const auto& [held, unused] : first_holder) {
    const std::string top = TopHolder(held, first_holder);
    if (top == held) continue;
    v1::ClassifyRequest request;
    request.mutable_seller()->set_entity_id(held);
    request.mutable_buyer()->set_entity_id(top);
    *request.mutable_date() = date;
    request.set_structure_version(structure.structure_version());
    v1::ClassifyResponse response;
    const grpc::Status status = stub->Classify(CallContext().get(), request, &response);
    if (!status.ok()) return status;
    (*standings)[held] = {Unprefixed(v1::ConsolidationMethod_Name(response.seller().method()),
                                     "CONSOLIDATION_METHOD_"),
                          response.seller().effective_ownership().value()};
  }
  return grpc::Status::OK;
}

int ShowStructure(const std::shared_ptr<grpc::Channel>& channel, const std::string& date,
                  uint64_t structure_version, const std::string& format, Console& console) {
  const std::string day =
      date.empty() ? absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone()) : date;
  absl::StatusOr<google::type::Date> as_of = ParseDate(day);
  if (!as_of.ok()) {
    console.err << "interco: --date: " << as_of.status().message() << "\n";
    return kExitBadInput;
  }
  v1::GetStructureResponse structure;
  grpc::Status status = ReadStructure(channel, *as_of, structure_version, &structure);
  if (!status.ok()) return Failed(status, console);
  if (format == "tree") {
    console.out << "Group on " << day << ", structure version " << structure.structure_version()
                << "\n"
                << OwnershipTree(structure);
    return kExitOk;
  }
  std::map<std::string, EntityStanding> standings;
  status = ReadStandings(channel, structure, *as_of, &standings);
  if (!status.ok()) return Failed(status, console);
  const std::string dot = OwnershipDot(structure, standings);
  if (format == "dot") {
    console.out << dot;
    return kExitOk;
  }
  // svg or png: the same graph, drawn by dot; PNG bytes go to stdout as they are.
  absl::StatusOr<std::string> picture =
      RenderGraph(dot, format == "png" ? GraphFormat::kPng : GraphFormat::kSvg);
  if (!picture.ok()) {
    console.err << "interco: " << picture.status().message() << "\n";
    return kExitUnavailable;
  }
  console.out << *picture;
  return kExitOk;
}

}  // namespace interco::cli
