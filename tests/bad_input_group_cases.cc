// The bad-input table's group cases (issue 23): the x-interco-group header any call may
// carry (refused before anything of a group is read) and the AdminService group methods.
#include <string>
#include <vector>

#include "tests/bad_input_cases.h"

namespace interco::testing {

std::vector<BadInputCase> GroupCases() {
  const std::string long_id(64, 'a');
  constexpr char kHeader[] = "x-interco-group";
  constexpr char kHead[] = "";
  constexpr char kCreate[] = R"pb(request_id: "g-1" group_id: "acme")pb";
  return {
      // The header, on reads and writes alike.
      {"GroupHeaderUpperCase", "GetLedgerHead", kHead, grpc::INVALID_ARGUMENT, kHeader, "Acme"},
      {"GroupHeaderOf64Characters", "GetLedgerHead", kHead, grpc::INVALID_ARGUMENT, kHeader,
       long_id},
      {"GroupHeaderStartingWithDash", "GetLedgerHead", kHead, grpc::INVALID_ARGUMENT, kHeader,
       "-acme"},
      {"GroupHeaderWithUnderscore", "PostTransaction", R"pb(request_id: "g-post")pb",
       grpc::INVALID_ARGUMENT, kHeader, "ac_me"},
      {"GroupHeaderGivenTwice", "GetLedgerHead", kHead, grpc::INVALID_ARGUMENT, kHeader,
       "default|default"},
      {"GroupHeaderTwiceOnAPosting", "PostTransaction", R"pb(request_id: "g-post")pb",
       grpc::INVALID_ARGUMENT, kHeader, "default|default"},
      {"GroupUnknownOnARead", "ListEntries", "", grpc::NOT_FOUND, kHeader, "nope"},
      {"GroupUnknownOnAMutation", "UpsertEntity",
       R"pb(request_id: "g-e"
            entity { entity_id: "X" name: "X" jurisdiction: "DE" functional_currency: "EUR" })pb",
       grpc::NOT_FOUND, kHeader, "nope"},
      // CreateGroup.
      {"CreateGroupIdUpperCase", "CreateGroup", With(kCreate, "acme", "Acme"),
       grpc::INVALID_ARGUMENT, "group_id"},
      {"CreateGroupIdOf64Characters", "CreateGroup", With(kCreate, "acme", long_id),
       grpc::INVALID_ARGUMENT, "group_id"},
      {"CreateGroupIdEmpty", "CreateGroup", With(kCreate, "acme", ""), grpc::INVALID_ARGUMENT,
       "group_id"},
      {"CreateGroupWithoutRequestId", "CreateGroup", With(kCreate, "g-1", ""),
       grpc::INVALID_ARGUMENT, "request_id"},
      {"CreateGroupDisplayNameWithControlCharacter", "CreateGroup",
       std::string(kCreate) + R"pb(display_name: "Acme\tHoldings")pb", grpc::INVALID_ARGUMENT,
       "display_name"},
      {"CreateGroupDisplayNameTooLong", "CreateGroup",
       std::string(kCreate) + " display_name: \"" + std::string(201, 'n') + "\"",
       grpc::INVALID_ARGUMENT, "display_name"},
      {"CreateGroupThatExists", "CreateGroup", With(kCreate, "acme", "default"),
       grpc::ALREADY_EXISTS, "group_id"},
      // GetGroup, ListGroups, DeleteGroup.
      {"GetGroupUnknown", "GetGroup", R"pb(group_id: "nope")pb", grpc::NOT_FOUND, "group_id"},
      {"GetGroupMalformed", "GetGroup", R"pb(group_id: "No")pb", grpc::INVALID_ARGUMENT,
       "group_id"},
      {"ListGroupsNegativePageSize", "ListGroups", R"pb(page_size: -1)pb", grpc::INVALID_ARGUMENT,
       "page_size"},
      {"ListGroupsForeignPageToken", "ListGroups", R"pb(page_token: "cDEKZW50aXRpZXMKQg")pb",
       grpc::INVALID_ARGUMENT, "page_token"},
      {"DeleteGroupDefault", "DeleteGroup", R"pb(request_id: "g-d" group_id: "default")pb",
       grpc::FAILED_PRECONDITION, "group_id"},
      {"DeleteGroupUnknown", "DeleteGroup", R"pb(request_id: "g-d" group_id: "nope")pb",
       grpc::NOT_FOUND, "group_id"},
      {"DeleteGroupWithoutRequestId", "DeleteGroup", R"pb(group_id: "default")pb",
       grpc::INVALID_ARGUMENT, "request_id"},
  };
}

}  // namespace interco::testing
