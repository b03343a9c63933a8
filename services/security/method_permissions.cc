#include "services/security/method_permissions.h"

#include "absl/container/flat_hash_map.h"

namespace interco::security {
namespace {

MethodRule Rule(const char* method, Permission permission) { return {method, false, permission}; }
MethodRule Public(const char* method) { return {method, true, Permission::kRead}; }

}  // namespace

const std::vector<MethodRule>& MethodRules() {
  static const auto* const kRules = new std::vector<MethodRule>{
      // interco.v1.AdminService
      Rule("/interco.v1.AdminService/CreateCheckpoint", Permission::kCheckpoint),
      Rule("/interco.v1.AdminService/CreateGroup", Permission::kAdmin),
      Rule("/interco.v1.AdminService/GetGroup", Permission::kAdmin),
      Rule("/interco.v1.AdminService/ListGroups", Permission::kAdmin),
      Rule("/interco.v1.AdminService/DeleteGroup", Permission::kAdmin),
      // interco.v1.ConsolidationService
      Rule("/interco.v1.ConsolidationService/RunConsolidation", Permission::kConsolidate),
      Rule("/interco.v1.ConsolidationService/GetMismatches", Permission::kConsolidate),
      // interco.v1.GroupStructureService
      Rule("/interco.v1.GroupStructureService/UpsertEntity", Permission::kAdmin),
      Rule("/interco.v1.GroupStructureService/UpsertDepartment", Permission::kAdmin),
      Rule("/interco.v1.GroupStructureService/UpsertEmployee", Permission::kAdmin),
      Rule("/interco.v1.GroupStructureService/AddOwnershipEdge", Permission::kAdmin),
      Rule("/interco.v1.GroupStructureService/EndOwnershipEdge", Permission::kAdmin),
      Rule("/interco.v1.GroupStructureService/GetStructure", Permission::kRead),
      Rule("/interco.v1.GroupStructureService/ListStructureVersions", Permission::kRead),
      Rule("/interco.v1.GroupStructureService/GetEntity", Permission::kRead),
      Rule("/interco.v1.GroupStructureService/ListEntities", Permission::kRead),
      Rule("/interco.v1.GroupStructureService/GetDepartment", Permission::kRead),
      Rule("/interco.v1.GroupStructureService/ListDepartments", Permission::kRead),
      Rule("/interco.v1.GroupStructureService/GetEmployee", Permission::kRead),
      Rule("/interco.v1.GroupStructureService/ListEmployees", Permission::kRead),
      Rule("/interco.v1.GroupStructureService/GetOwnershipEdge", Permission::kRead),
      Rule("/interco.v1.GroupStructureService/ListOwnershipEdges", Permission::kRead),
      Rule("/interco.v1.GroupStructureService/UpsertAcquisition", Permission::kAdmin),
      Rule("/interco.v1.GroupStructureService/GetAcquisition", Permission::kRead),
      Rule("/interco.v1.GroupStructureService/ListAcquisitions", Permission::kRead),
      // interco.v1.LedgerService
      Rule("/interco.v1.LedgerService/PostTransaction", Permission::kPost),
      Rule("/interco.v1.LedgerService/BatchPostTransactions", Permission::kPost),
      Rule("/interco.v1.LedgerService/StreamPostTransactions", Permission::kPost),
      Rule("/interco.v1.LedgerService/ReverseTransaction", Permission::kPost),
      Rule("/interco.v1.LedgerService/PostJournalEntry", Permission::kPost),
      Rule("/interco.v1.LedgerService/GetEntry", Permission::kRead),
      Rule("/interco.v1.LedgerService/ListEntries", Permission::kRead),
      Rule("/interco.v1.LedgerService/WatchJournal", Permission::kRead),
      Rule("/interco.v1.LedgerService/GetLedgerHead", Permission::kRead),
      Rule("/interco.v1.LedgerService/VerifyLedger", Permission::kVerify),
      // interco.v1.PolicyService
      Rule("/interco.v1.PolicyService/UpsertPolicy", Permission::kAdmin),
      Rule("/interco.v1.PolicyService/UpsertAccountMap", Permission::kAdmin),
      Rule("/interco.v1.PolicyService/UpsertFxRate", Permission::kAdmin),
      Rule("/interco.v1.PolicyService/ClosePeriod", Permission::kAdmin),
      Rule("/interco.v1.PolicyService/ReopenPeriod", Permission::kAdmin),
      Rule("/interco.v1.PolicyService/GetPolicy", Permission::kRead),
      Rule("/interco.v1.PolicyService/ListPolicies", Permission::kRead),
      Rule("/interco.v1.PolicyService/GetFxRate", Permission::kRead),
      Rule("/interco.v1.PolicyService/ListFxRates", Permission::kRead),
      Rule("/interco.v1.PolicyService/GetAccountMap", Permission::kRead),
      Rule("/interco.v1.PolicyService/ListAccountMaps", Permission::kRead),
      Rule("/interco.v1.PolicyService/GetClosedPeriod", Permission::kRead),
      Rule("/interco.v1.PolicyService/ListClosedPeriods", Permission::kRead),
      // interco.v1.TransferPricingService
      Rule("/interco.v1.TransferPricingService/Classify", Permission::kRead),
      Rule("/interco.v1.TransferPricingService/Quote", Permission::kRead),
      // interco.v1.TrialBalanceService
      Rule("/interco.v1.TrialBalanceService/UpsertGroupAccount", Permission::kAdmin),
      Rule("/interco.v1.TrialBalanceService/UpsertChartMapping", Permission::kAdmin),
      Rule("/interco.v1.TrialBalanceService/GetGroupAccount", Permission::kRead),
      Rule("/interco.v1.TrialBalanceService/ListGroupAccounts", Permission::kRead),
      Rule("/interco.v1.TrialBalanceService/GetChartMapping", Permission::kRead),
      Rule("/interco.v1.TrialBalanceService/ListChartMappings", Permission::kRead),
      // A poster imports its own entities' trial balances (checked per import).
      Rule("/interco.v1.TrialBalanceService/ImportTrialBalance", Permission::kPost),
      Rule("/interco.v1.TrialBalanceService/StreamImportTrialBalance", Permission::kPost),
      Rule("/interco.v1.TrialBalanceService/GetTrialBalance", Permission::kRead),
      Rule("/interco.v1.TrialBalanceService/ListTrialBalances", Permission::kRead),
      Rule("/interco.v1.TrialBalanceService/ListTrialBalanceLines", Permission::kRead),
      // Probes and tools, without an identity.
      Public("/grpc.health.v1.Health/Check"),
      Public("/grpc.health.v1.Health/Watch"),
      Public("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"),
      Public("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"),
  };
  return *kRules;
}

std::optional<MethodRule> RuleFor(absl::string_view full_method) {
  static const auto* const kByMethod = [] {
    auto* by_method = new absl::flat_hash_map<std::string, const MethodRule*>;
    for (const MethodRule& rule : MethodRules()) (*by_method)[rule.method] = &rule;
    return by_method;
  }();
  const auto found = kByMethod->find(full_method);
  if (found == kByMethod->end()) return std::nullopt;
  return *found->second;
}

}  // namespace interco::security
