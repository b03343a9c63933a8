// The bad-input table's read-backs: Get and List of GroupStructureService and
// PolicyService records (unknown keys, bad page sizes, foreign or forged page tokens).
#include <vector>

#include "tests/bad_input_cases.h"

namespace interco::testing {
namespace {

constexpr grpc::StatusCode kInvalid = grpc::INVALID_ARGUMENT;
constexpr grpc::StatusCode kNotFound = grpc::NOT_FOUND;

}  // namespace

std::vector<BadInputCase> ReadBackCases() {
  return {
      {"GetEntityUnknown", "GetEntity", R"pb(entity_id: "Z")pb", kNotFound, "entity_id"},
      {"EntitiesPageSizeNegative", "ListEntities", "page_size: -1", kInvalid, "page_size"},
      {"EntitiesPageTokenForged", "ListEntities", R"pb(page_token: "!!")pb", kInvalid,
       "page_token"},
      {"GetDepartmentOfAnEntityId", "GetDepartment", R"pb(department_id: "A")pb", kNotFound,
       "department_id"},
      {"DepartmentsPageTokenOfEntities", "ListDepartments",
       R"pb(page_token: "cDEKZW50aXRpZXMKQQ")pb", kInvalid, "page_token"},
      {"GetEmployeeUnknown", "GetEmployee", R"pb(employee_id: "Z")pb", kNotFound, "employee_id"},
      {"EmployeesPageTokenForged", "ListEmployees", R"pb(page_token: "%%")pb", kInvalid,
       "page_token"},
      {"GetEdgeUnknownHolder", "GetOwnershipEdge",
       R"pb(holder_id: "Z"
            held_id: "A"
            valid_from { year: 2024 month: 1 day: 1 })pb",
       kNotFound, "holder_id"},
      {"GetEdgeUnknownHeld", "GetOwnershipEdge",
       R"pb(holder_id: "P"
            held_id: "Z"
            valid_from { year: 2024 month: 1 day: 1 })pb",
       kNotFound, "held_id"},
      {"GetEdgeNoSuchStart", "GetOwnershipEdge",
       R"pb(holder_id: "P"
            held_id: "A"
            valid_from { year: 2023 month: 1 day: 1 })pb",
       kNotFound, "valid_from"},
      {"GetEdgeWithoutDate", "GetOwnershipEdge", R"pb(holder_id: "P" held_id: "A")pb", kInvalid,
       "valid_from"},
      {"EdgesPageTokenOfEntities", "ListOwnershipEdges", R"pb(page_token: "cDEKZW50aXRpZXMKQQ")pb",
       kInvalid, "page_token"},
      {"GetPolicyUnknown", "GetPolicy", R"pb(policy_id: "nope")pb", kNotFound, "policy_id"},
      {"PoliciesPageSizeNegative", "ListPolicies", "page_size: -5", kInvalid, "page_size"},
      {"GetFxRateNoneStartsThatDay", "GetFxRate",
       R"pb(base_currency: "EUR"
            quote_currency: "USD"
            type: RATE_TYPE_SPOT
            valid_from { year: 1999 month: 1 day: 1 })pb",
       kNotFound, "valid_from"},
      {"GetFxRateTypeUnspecified", "GetFxRate",
       R"pb(base_currency: "EUR"
            quote_currency: "USD"
            valid_from { year: 2024 month: 6 day: 28 })pb",
       kInvalid, "type"},
      {"FxRatesPageTokenForged", "ListFxRates", R"pb(page_token: "AAAA")pb", kInvalid,
       "page_token"},
      {"GetAccountMapOfDefaultAccounts", "GetAccountMap", R"pb(entity_id: "B")pb", kNotFound,
       "entity_id"},
      {"AccountMapsPageTokenOfEntities", "ListAccountMaps",
       R"pb(page_token: "cDEKZW50aXRpZXMKQQ")pb", kInvalid, "page_token"},
      {"GetClosedPeriodThatIsOpen", "GetClosedPeriod", R"pb(entity_id: "A" period: "2024-06")pb",
       kNotFound, "period"},
      {"GetClosedPeriodBadPeriod", "GetClosedPeriod", R"pb(entity_id: "A" period: "2024-13")pb",
       kInvalid, "period"},
      {"GetClosedPeriodUnknownEntity", "GetClosedPeriod", R"pb(entity_id: "Z" period: "2024-05")pb",
       kNotFound, "entity_id"},
      // A token of the unfiltered list does not page A's list.
      {"ClosedPeriodsPageTokenOfAnotherFilter", "ListClosedPeriods",
       R"pb(entity_id: "A" page_token: "cDEKY2xvc2VkX3BlcmlvZHMvCkEKMjAyNC0wNQ")pb", kInvalid,
       "page_token"},
  };
}

}  // namespace interco::testing
