// End to end: group structure and classification through gRPC on the real server,
// including a restart and every kind of bad input.
#include <signal.h>

#include <functional>

#include "gtest/gtest.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/transfer_pricing.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

using v1::GroupStructureService;
using v1::TransferPricingService;

v1::ClassifyRequest ClassifyRequest(const std::string& seller, const std::string& buyer) {
  v1::ClassifyRequest request;
  request.mutable_seller()->set_entity_id(seller);
  request.mutable_buyer()->set_entity_id(buyer);
  *request.mutable_date() = Date(2024, 6, 30);
  return request;
}

class GroupStructureE2eTest : public ::testing::Test {
 public:
  void SetUp() override {
    data_dir_ = FreshTempDir("group_data");
    StartServer();
    for (const char* id : {"P", "A", "B", "C", "S"}) {
      v1::UpsertEntityResponse response;
      ASSERT_TRUE(
          Call(&GroupStructureService::Stub::UpsertEntity, EntityRequest(id, id), &response).ok());
    }
    v1::AddOwnershipEdgeResponse edge;
    ASSERT_TRUE(Call(&GroupStructureService::Stub::AddOwnershipEdge,
                     EdgeRequest("P", "A", "0.8", "e1"), &edge)
                    .ok());
    ASSERT_TRUE(Call(&GroupStructureService::Stub::AddOwnershipEdge,
                     EdgeRequest("A", "B", "0.6", "e2"), &edge)
                    .ok());
    ASSERT_TRUE(Call(&GroupStructureService::Stub::AddOwnershipEdge,
                     EdgeRequest("P", "S", "0.3", "e3"), &edge)
                    .ok());
  }

  void StartServer() {
    server_.reset();
    auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + data_dir_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    structure_ = GroupStructureService::NewStub(server_->Channel());
    pricing_ = TransferPricingService::NewStub(server_->Channel());
  }

  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (GroupStructureService::Stub::*method)(grpc::ClientContext*,
                                                                        const Request&, Response*),
                    const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return (structure_.get()->*method)(&context, request, response);
  }

  grpc::Status Classify(const v1::ClassifyRequest& request, v1::ClassifyResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return pricing_->Classify(&context, request, response);
  }

  uint64_t LatestVersion() {
    v1::ListStructureVersionsRequest request;
    request.set_page_size(1000);
    v1::ListStructureVersionsResponse response;
    EXPECT_TRUE(Call(&GroupStructureService::Stub::ListStructureVersions, request, &response).ok());
    return response.versions().empty() ? 0 : response.versions().rbegin()->structure_version();
  }

  std::string data_dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<GroupStructureService::Stub> structure_;
  std::unique_ptr<TransferPricingService::Stub> pricing_;
};

TEST_F(GroupStructureE2eTest, ClassifiesThroughTheTiers) {
  v1::ClassifyResponse response;
  ASSERT_TRUE(Classify(ClassifyRequest("A", "B"), &response).ok());
  EXPECT_EQ(response.relation(), v1::RELATION_INTERCOMPANY);
  EXPECT_EQ(response.first_common_parent_id(), "A");
  ASSERT_TRUE(Classify(ClassifyRequest("B", "P"), &response).ok());
  EXPECT_EQ(response.relation(), v1::RELATION_INTERCOMPANY);
  EXPECT_EQ(response.first_common_parent_id(), "P");
  EXPECT_EQ(response.seller().effective_ownership().value(), "0.48");
  EXPECT_EQ(response.seller().method(), v1::CONSOLIDATION_METHOD_FULL);
  EXPECT_EQ(response.structure_version(), 8u);
  EXPECT_EQ(response.reason(), "internal: P controls B on 2024-06-30; P holds 48% of B");
  ASSERT_TRUE(Classify(ClassifyRequest("A", "S"), &response).ok());
  EXPECT_EQ(response.relation(), v1::RELATION_AFFILIATE);
  EXPECT_EQ(response.buyer().method(), v1::CONSOLIDATION_METHOD_EQUITY);
}

TEST_F(GroupStructureE2eTest, ClassifyAsOfAnEarlierVersionAndDate) {
  v1::ClassifyRequest request = ClassifyRequest("B", "P");
  request.set_structure_version(6);  // Before the A -> B edge.
  v1::ClassifyResponse response;
  ASSERT_TRUE(Classify(request, &response).ok());
  EXPECT_EQ(response.relation(), v1::RELATION_EXTERNAL);
  EXPECT_EQ(response.structure_version(), 6u);
  request.set_structure_version(0);
  *request.mutable_date() = Date(2023, 12, 31);  // Before every edge.
  ASSERT_TRUE(Classify(request, &response).ok());
  EXPECT_EQ(response.relation(), v1::RELATION_EXTERNAL);
}

TEST_F(GroupStructureE2eTest, StructureAndVersionsSurviveARestart) {
  ASSERT_EQ(server_->SignalAndWait(SIGTERM, absl::Seconds(10)), 0);
  StartServer();
  EXPECT_EQ(LatestVersion(), 8u);
  v1::GetStructureRequest request;
  *request.mutable_as_of_date() = Date(2024, 6, 30);
  v1::GetStructureResponse structure;
  ASSERT_TRUE(Call(&GroupStructureService::Stub::GetStructure, request, &structure).ok());
  EXPECT_EQ(structure.entities_size(), 5);
  EXPECT_EQ(structure.edges_size(), 3);
  EXPECT_EQ(structure.structure_version(), 8u);
  // A retry after the restart returns the original answer and writes nothing.
  v1::AddOwnershipEdgeResponse edge;
  ASSERT_TRUE(Call(&GroupStructureService::Stub::AddOwnershipEdge,
                   EdgeRequest("P", "A", "0.8", "e1"), &edge)
                  .ok());
  EXPECT_EQ(edge.structure_version(), 6u);
  EXPECT_EQ(LatestVersion(), 8u);
}

TEST_F(GroupStructureE2eTest, ReusedRequestIdWithOtherContentIsAlreadyExists) {
  v1::UpsertEntityResponse response;
  const grpc::Status status =
      Call(&GroupStructureService::Stub::UpsertEntity, EntityRequest("Z", "P"), &response);
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(ViolatedField(status), "request_id");
  EXPECT_EQ(LatestVersion(), 8u);
}

TEST_F(GroupStructureE2eTest, PartyIdUsedByAnotherKindIsAlreadyExistsNamingTheField) {
  using S = GroupStructureService::Stub;
  v1::UpsertDepartmentRequest department;
  department.set_request_id("dept-1");
  department.mutable_department()->set_department_id("A-IT");
  department.mutable_department()->set_entity_id("A");
  department.mutable_department()->set_name("Shared IT");
  v1::UpsertDepartmentResponse department_response;
  ASSERT_TRUE(Call(&S::UpsertDepartment, department, &department_response).ok());

  // An entity under the department's id.
  v1::UpsertEntityResponse entity_response;
  grpc::Status status = Call(&S::UpsertEntity, EntityRequest("A-IT", "ent-x"), &entity_response);
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS) << status.error_message();
  EXPECT_EQ(ViolatedField(status), "entity.entity_id");
  // An employee under the department's id, and one under an entity's id.
  v1::UpsertEmployeeRequest employee;
  employee.set_request_id("emp-x");
  employee.mutable_employee()->set_employee_id("A-IT");
  employee.mutable_employee()->set_entity_id("A");
  employee.mutable_employee()->set_name("Ann");
  v1::UpsertEmployeeResponse employee_response;
  status = Call(&S::UpsertEmployee, employee, &employee_response);
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS) << status.error_message();
  EXPECT_EQ(ViolatedField(status), "employee.employee_id");
  employee.set_request_id("emp-y");
  employee.mutable_employee()->set_employee_id("B");
  status = Call(&S::UpsertEmployee, employee, &employee_response);
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS) << status.error_message();
  EXPECT_EQ(ViolatedField(status), "employee.employee_id");
  // A department under an entity's id.
  department.set_request_id("dept-2");
  department.mutable_department()->set_department_id("P");
  status = Call(&S::UpsertDepartment, department, &department_response);
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS) << status.error_message();
  EXPECT_EQ(ViolatedField(status), "department.department_id");
  EXPECT_EQ(LatestVersion(), 9u) << "nothing written";
}

TEST_F(GroupStructureE2eTest, EndingAnEdgeChangesClassificationFromThatDay) {
  v1::EndOwnershipEdgeRequest end;
  end.set_request_id("end-1");
  end.set_holder_id("A");
  end.set_held_id("B");
  *end.mutable_valid_from() = Date(2024, 1, 1);
  *end.mutable_valid_to() = Date(2024, 7, 1);
  v1::EndOwnershipEdgeResponse ended;
  ASSERT_TRUE(Call(&GroupStructureService::Stub::EndOwnershipEdge, end, &ended).ok());
  EXPECT_EQ(ended.edge().validity().valid_to().month(), 7);
  v1::ClassifyRequest request = ClassifyRequest("A", "B");
  v1::ClassifyResponse response;
  ASSERT_TRUE(Classify(request, &response).ok());
  EXPECT_EQ(response.relation(), v1::RELATION_INTERCOMPANY);
  *request.mutable_date() = Date(2024, 7, 1);
  ASSERT_TRUE(Classify(request, &response).ok());
  EXPECT_EQ(response.relation(), v1::RELATION_EXTERNAL);
}

// One bad request: how to send it, and the code and field it must get back.
struct BadCase {
  const char* name;
  std::function<grpc::Status(GroupStructureE2eTest*)> send;
  grpc::StatusCode code;
  const char* field;
};

TEST_F(GroupStructureE2eTest, BadInputIsRejectedWithExactCodeAndFieldAndWritesNothing) {
  using S = GroupStructureService::Stub;
  auto entity = [](std::function<void(v1::UpsertEntityRequest&)> edit) {
    return [edit](GroupStructureE2eTest* t) {
      v1::UpsertEntityRequest request = EntityRequest("NEW", "bad-entity");
      edit(request);
      v1::UpsertEntityResponse response;
      return t->Call(&S::UpsertEntity, request, &response);
    };
  };
  auto edge = [](std::function<void(v1::AddOwnershipEdgeRequest&)> edit) {
    return [edit](GroupStructureE2eTest* t) {
      v1::AddOwnershipEdgeRequest request = EdgeRequest("B", "C", "0.5", "bad-edge");
      edit(request);
      v1::AddOwnershipEdgeResponse response;
      return t->Call(&S::AddOwnershipEdge, request, &response);
    };
  };
  auto classify = [](std::function<void(v1::ClassifyRequest&)> edit) {
    return [edit](GroupStructureE2eTest* t) {
      v1::ClassifyRequest request = ClassifyRequest("A", "B");
      edit(request);
      v1::ClassifyResponse response;
      return t->Classify(request, &response);
    };
  };
  const BadCase kCases[] = {
      {"missing request id", entity([](auto& r) { r.clear_request_id(); }), grpc::INVALID_ARGUMENT,
       "request_id"},
      {"request id with space", entity([](auto& r) { r.set_request_id("a b"); }),
       grpc::INVALID_ARGUMENT, "request_id"},
      {"oversized request id", entity([](auto& r) { r.set_request_id(std::string(129, 'r')); }),
       grpc::INVALID_ARGUMENT, "request_id"},
      {"empty entity id", entity([](auto& r) { r.mutable_entity()->clear_entity_id(); }),
       grpc::INVALID_ARGUMENT, "entity.entity_id"},
      {"oversized entity id",
       entity([](auto& r) { r.mutable_entity()->set_entity_id(std::string(65, 'x')); }),
       grpc::INVALID_ARGUMENT, "entity.entity_id"},
      {"empty name", entity([](auto& r) { r.mutable_entity()->clear_name(); }),
       grpc::INVALID_ARGUMENT, "entity.name"},
      {"oversized name",
       entity([](auto& r) { r.mutable_entity()->set_name(std::string(201, 'n')); }),
       grpc::INVALID_ARGUMENT, "entity.name"},
      {"bad country", entity([](auto& r) { r.mutable_entity()->set_jurisdiction("XX"); }),
       grpc::INVALID_ARGUMENT, "entity.jurisdiction"},
      {"lower-case country", entity([](auto& r) { r.mutable_entity()->set_jurisdiction("de"); }),
       grpc::INVALID_ARGUMENT, "entity.jurisdiction"},
      {"bad currency", entity([](auto& r) { r.mutable_entity()->set_functional_currency("EURO"); }),
       grpc::INVALID_ARGUMENT, "entity.functional_currency"},
      {"unknown parent of record",
       entity([](auto& r) { r.mutable_entity()->set_parent_of_record_id("NOPE"); }),
       grpc::NOT_FOUND, "entity.parent_of_record_id"},
      {"department of unknown entity",
       [](GroupStructureE2eTest* t) {
         v1::UpsertDepartmentRequest request;
         request.set_request_id("bad-dept");
         request.mutable_department()->set_department_id("D1");
         request.mutable_department()->set_entity_id("NOPE");
         request.mutable_department()->set_name("IT");
         v1::UpsertDepartmentResponse response;
         return t->Call(&S::UpsertDepartment, request, &response);
       },
       grpc::NOT_FOUND, "department.entity_id"},
      {"employee of unknown entity",
       [](GroupStructureE2eTest* t) {
         v1::UpsertEmployeeRequest request;
         request.set_request_id("bad-emp");
         request.mutable_employee()->set_employee_id("E1");
         request.mutable_employee()->set_entity_id("NOPE");
         request.mutable_employee()->set_name("Ann");
         v1::UpsertEmployeeResponse response;
         return t->Call(&S::UpsertEmployee, request, &response);
       },
       grpc::NOT_FOUND, "employee.entity_id"},
      {"unknown holder", edge([](auto& r) { r.mutable_edge()->set_holder_id("NOPE"); }),
       grpc::NOT_FOUND, "edge.holder_id"},
      {"unknown held", edge([](auto& r) { r.mutable_edge()->set_held_id("NOPE"); }),
       grpc::NOT_FOUND, "edge.held_id"},
      {"entity holding itself", edge([](auto& r) { r.mutable_edge()->set_held_id("B"); }),
       grpc::INVALID_ARGUMENT, "edge.held_id"},
      {"share above one",
       edge([](auto& r) { r.mutable_edge()->mutable_equity_share()->set_value("1.01"); }),
       grpc::INVALID_ARGUMENT, "edge.equity_share"},
      {"negative share",
       edge([](auto& r) { r.mutable_edge()->mutable_voting_share()->set_value("-0.5"); }),
       grpc::INVALID_ARGUMENT, "edge.voting_share"},
      {"share not a decimal",
       edge([](auto& r) { r.mutable_edge()->mutable_equity_share()->set_value("1/3"); }),
       grpc::INVALID_ARGUMENT, "edge.equity_share"},
      {"share with exponent",
       edge([](auto& r) { r.mutable_edge()->mutable_equity_share()->set_value("5e-1"); }),
       grpc::INVALID_ARGUMENT, "edge.equity_share"},
      {"share with 13 places", edge([](auto& r) {
         r.mutable_edge()->mutable_equity_share()->set_value("0.1234567890123");
       }),
       grpc::INVALID_ARGUMENT, "edge.equity_share"},
      {"missing share", edge([](auto& r) { r.mutable_edge()->clear_equity_share(); }),
       grpc::INVALID_ARGUMENT, "edge.equity_share"},
      {"missing valid_from",
       edge([](auto& r) { r.mutable_edge()->mutable_validity()->clear_valid_from(); }),
       grpc::INVALID_ARGUMENT, "edge.validity.valid_from"},
      {"malformed date", edge([](auto& r) {
         *r.mutable_edge()->mutable_validity()->mutable_valid_from() = Date(2024, 2, 30);
       }),
       grpc::INVALID_ARGUMENT, "edge.validity.valid_from"},
      {"valid_to before valid_from", edge([](auto& r) {
         *r.mutable_edge()->mutable_validity()->mutable_valid_to() = Date(2023, 1, 1);
       }),
       grpc::INVALID_ARGUMENT, "edge.validity.valid_to"},
      {"more than 100% held", edge([](auto& r) {
         r.mutable_edge()->set_holder_id("P");
         r.mutable_edge()->set_held_id("B");
       }),
       grpc::FAILED_PRECONDITION, "edge.equity_share"},
      {"cycle without cross-holding mark", edge([](auto& r) {
         r.mutable_edge()->set_holder_id("B");
         r.mutable_edge()->set_held_id("P");
         r.mutable_edge()->mutable_equity_share()->set_value("0.1");
         r.mutable_edge()->mutable_voting_share()->set_value("0.1");
       }),
       grpc::FAILED_PRECONDITION, "edge.held_id"},
      {"overlapping validity of the same pair", edge([](auto& r) {
         r.mutable_edge()->set_holder_id("P");
         r.mutable_edge()->set_held_id("A");
         r.mutable_edge()->mutable_equity_share()->set_value("0.1");
         r.mutable_edge()->mutable_voting_share()->set_value("0.1");
       }),
       grpc::FAILED_PRECONDITION, "edge.validity.valid_from"},
      {"end of an unknown edge",
       [](GroupStructureE2eTest* t) {
         v1::EndOwnershipEdgeRequest request;
         request.set_request_id("bad-end");
         request.set_holder_id("P");
         request.set_held_id("A");
         *request.mutable_valid_from() = Date(2020, 1, 1);
         *request.mutable_valid_to() = Date(2025, 1, 1);
         v1::EndOwnershipEdgeResponse response;
         return t->Call(&S::EndOwnershipEdge, request, &response);
       },
       grpc::NOT_FOUND, "valid_from"},
      {"structure of an unknown version",
       [](GroupStructureE2eTest* t) {
         v1::GetStructureRequest request;
         *request.mutable_as_of_date() = Date(2024, 1, 1);
         request.set_structure_version(999);
         v1::GetStructureResponse response;
         return t->Call(&S::GetStructure, request, &response);
       },
       grpc::NOT_FOUND, "structure_version"},
      {"negative page size",
       [](GroupStructureE2eTest* t) {
         v1::ListStructureVersionsRequest request;
         request.set_page_size(-1);
         v1::ListStructureVersionsResponse response;
         return t->Call(&S::ListStructureVersions, request, &response);
       },
       grpc::INVALID_ARGUMENT, "page_size"},
      {"garbage page token",
       [](GroupStructureE2eTest* t) {
         v1::ListStructureVersionsRequest request;
         request.set_page_token("not-a-token");
         v1::ListStructureVersionsResponse response;
         return t->Call(&S::ListStructureVersions, request, &response);
       },
       grpc::INVALID_ARGUMENT, "page_token"},
      {"classify without seller", classify([](auto& r) { r.clear_seller(); }),
       grpc::INVALID_ARGUMENT, "seller"},
      {"classify unknown buyer",
       classify([](auto& r) { r.mutable_buyer()->set_department_id("NOPE"); }), grpc::NOT_FOUND,
       "buyer.department_id"},
      {"classify unknown employee",
       classify([](auto& r) { r.mutable_seller()->set_employee_id("NOPE"); }), grpc::NOT_FOUND,
       "seller.employee_id"},
      {"classify same party", classify([](auto& r) { r.mutable_buyer()->set_entity_id("A"); }),
       grpc::INVALID_ARGUMENT, "buyer.entity_id"},
      {"classify without date", classify([](auto& r) { r.clear_date(); }), grpc::INVALID_ARGUMENT,
       "date"},
      {"classify at unknown version", classify([](auto& r) { r.set_structure_version(99); }),
       grpc::NOT_FOUND, "structure_version"},
  };
  for (const BadCase& c : kCases) {
    SCOPED_TRACE(c.name);
    const grpc::Status status = c.send(this);
    EXPECT_EQ(status.error_code(), c.code) << status.error_message();
    EXPECT_EQ(ViolatedField(status), c.field) << status.error_message();
  }
  EXPECT_EQ(LatestVersion(), 8u) << "no bad request may write";
}

}  // namespace
}  // namespace interco::testing
