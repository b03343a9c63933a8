// End to end: what GroupStructureService wrote reads back equal, with the version that
// wrote it; lists page (AIP-158); unknown ids and foreign page tokens are refused by field.
#include <string>
#include <vector>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

using google::protobuf::util::MessageDifferencer;
using S = v1::GroupStructureService::Stub;

class StructureReadBackTest : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }

  void Start(std::vector<std::string> extra_flags) {
    std::vector<std::string> flags = {"--listen=127.0.0.1:0",
                                      "--data_dir=" + FreshTempDir("read_back")};
    flags.insert(flags.end(), extra_flags.begin(), extra_flags.end());
    auto server = ServerProcess::Start(flags);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::GroupStructureService::NewStub(server_->Channel());
  }

  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (S::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response) {
    return testing::Call(*stub_, method, request, response);
  }

  // Upserts entities P, A, B, C (in that order) and edges P -> A, P -> B, A -> C.
  void WriteGroup() {
    for (const char* id : {"P", "A", "B", "C"}) {
      v1::UpsertEntityResponse response;
      ASSERT_TRUE(
          Call(&S::UpsertEntity, EntityRequest(id, std::string("e-") + id), &response).ok());
      entities_.push_back(response);
    }
    for (const auto& [holder, held] : {std::pair{"P", "A"}, {"P", "B"}, {"A", "C"}}) {
      v1::AddOwnershipEdgeResponse response;
      ASSERT_TRUE(Call(&S::AddOwnershipEdge,
                       EdgeRequest(holder, held, "0.8", std::string("edge-") + holder + held),
                       &response)
                      .ok());
      edges_.push_back(response);
    }
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<S> stub_;
  std::vector<v1::UpsertEntityResponse> entities_;
  std::vector<v1::AddOwnershipEdgeResponse> edges_;
};

TEST_F(StructureReadBackTest, AnEntityReadsBackAsWrittenWithTheVersionThatWroteIt) {
  WriteGroup();
  // A later upsert of A is what reads back, with its own version.
  v1::UpsertEntityRequest renamed = EntityRequest("A", "e-A2");
  renamed.mutable_entity()->set_name("Renamed A");
  v1::UpsertEntityResponse written;
  ASSERT_TRUE(Call(&S::UpsertEntity, renamed, &written).ok());

  v1::GetEntityRequest get;
  get.set_entity_id("A");
  v1::VersionedEntity read;
  ASSERT_TRUE(Call(&S::GetEntity, get, &read).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(read.entity(), written.entity()));
  EXPECT_EQ(read.structure_version(), written.structure_version());

  get.set_entity_id("P");
  ASSERT_TRUE(Call(&S::GetEntity, get, &read).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(read.entity(), entities_[0].entity()));
  EXPECT_EQ(read.structure_version(), entities_[0].structure_version());
}

TEST_F(StructureReadBackTest, EntitiesListInPagesByIdUntilAnEmptyToken) {
  WriteGroup();
  v1::ListEntitiesRequest request;
  request.set_page_size(3);
  std::vector<std::string> ids;
  std::vector<uint64_t> versions;
  int pages = 0;
  do {
    v1::ListEntitiesResponse page;
    ASSERT_TRUE(Call(&S::ListEntities, request, &page).ok());
    for (const v1::VersionedEntity& item : page.entities()) {
      ids.push_back(item.entity().entity_id());
      versions.push_back(item.structure_version());
    }
    request.set_page_token(page.next_page_token());
    ++pages;
  } while (!request.page_token().empty() && pages < 10);
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(ids, (std::vector<std::string>{"A", "B", "C", "P"}));
  // Written in the order P, A, B, C: versions 1 to 4.
  EXPECT_EQ(versions, (std::vector<uint64_t>{2, 3, 4, 1}));
}

TEST_F(StructureReadBackTest, DepartmentsAndEmployeesReadBackAndList) {
  WriteGroup();
  v1::UpsertDepartmentRequest department;
  department.set_request_id("d1");
  department.mutable_department()->set_department_id("A-sales");
  department.mutable_department()->set_entity_id("A");
  department.mutable_department()->set_name("Sales");
  v1::UpsertDepartmentResponse department_written;
  ASSERT_TRUE(Call(&S::UpsertDepartment, department, &department_written).ok());
  v1::UpsertEmployeeRequest employee;
  employee.set_request_id("m1");
  employee.mutable_employee()->set_employee_id("emp-1");
  employee.mutable_employee()->set_entity_id("B");
  employee.mutable_employee()->set_name("Ada");
  v1::UpsertEmployeeResponse employee_written;
  ASSERT_TRUE(Call(&S::UpsertEmployee, employee, &employee_written).ok());

  v1::GetDepartmentRequest get_department;
  get_department.set_department_id("A-sales");
  v1::VersionedDepartment department_read;
  ASSERT_TRUE(Call(&S::GetDepartment, get_department, &department_read).ok());
  EXPECT_TRUE(
      MessageDifferencer::Equals(department_read.department(), department_written.department()));
  EXPECT_EQ(department_read.structure_version(), department_written.structure_version());

  v1::GetEmployeeRequest get_employee;
  get_employee.set_employee_id("emp-1");
  v1::VersionedEmployee employee_read;
  ASSERT_TRUE(Call(&S::GetEmployee, get_employee, &employee_read).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(employee_read.employee(), employee_written.employee()));
  EXPECT_EQ(employee_read.structure_version(), employee_written.structure_version());

  v1::ListDepartmentsResponse departments;
  ASSERT_TRUE(Call(&S::ListDepartments, v1::ListDepartmentsRequest(), &departments).ok());
  ASSERT_EQ(departments.departments_size(), 1);
  EXPECT_TRUE(MessageDifferencer::Equals(departments.departments(0), department_read));
  EXPECT_EQ(departments.next_page_token(), "");
  v1::ListEmployeesResponse employees;
  ASSERT_TRUE(Call(&S::ListEmployees, v1::ListEmployeesRequest(), &employees).ok());
  ASSERT_EQ(employees.employees_size(), 1);
  EXPECT_TRUE(MessageDifferencer::Equals(employees.employees(0), employee_read));
}

TEST_F(StructureReadBackTest, AnEndedEdgeReadsBackWithTheVersionThatEndedIt) {
  WriteGroup();
  v1::EndOwnershipEdgeRequest end;
  end.set_request_id("end-PB");
  end.set_holder_id("P");
  end.set_held_id("B");
  *end.mutable_valid_from() = Date(2024, 1, 1);
  *end.mutable_valid_to() = Date(2024, 7, 1);
  v1::EndOwnershipEdgeResponse ended;
  ASSERT_TRUE(Call(&S::EndOwnershipEdge, end, &ended).ok());

  v1::GetOwnershipEdgeRequest get;
  get.set_holder_id("P");
  get.set_held_id("B");
  *get.mutable_valid_from() = Date(2024, 1, 1);
  v1::VersionedOwnershipEdge read;
  ASSERT_TRUE(Call(&S::GetOwnershipEdge, get, &read).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(read.edge(), ended.edge()));
  EXPECT_EQ(read.structure_version(), ended.structure_version());

  v1::ListOwnershipEdgesRequest request;
  request.set_page_size(2);
  v1::ListOwnershipEdgesResponse first;
  ASSERT_TRUE(Call(&S::ListOwnershipEdges, request, &first).ok());
  ASSERT_EQ(first.edges_size(), 2);
  EXPECT_EQ(first.edges(0).edge().holder_id(), "A");  // A -> C sorts first.
  EXPECT_TRUE(MessageDifferencer::Equals(first.edges(0).edge(), edges_[2].edge()));
  EXPECT_EQ(first.edges(0).structure_version(), edges_[2].structure_version());
  EXPECT_EQ(first.edges(1).edge().held_id(), "A");
  request.set_page_token(first.next_page_token());
  v1::ListOwnershipEdgesResponse second;
  ASSERT_TRUE(Call(&S::ListOwnershipEdges, request, &second).ok());
  ASSERT_EQ(second.edges_size(), 1);
  EXPECT_TRUE(MessageDifferencer::Equals(second.edges(0), read));
  EXPECT_EQ(second.next_page_token(), "");
}

TEST_F(StructureReadBackTest, UnknownIdsAreNotFoundNamingTheField) {
  WriteGroup();
  v1::GetEntityRequest entity;
  entity.set_entity_id("Z");
  v1::VersionedEntity entity_read;
  grpc::Status status = Call(&S::GetEntity, entity, &entity_read);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ViolatedField(status), "entity_id");

  v1::GetDepartmentRequest department;
  department.set_department_id("A");  // An entity's id is not a department's.
  v1::VersionedDepartment department_read;
  status = Call(&S::GetDepartment, department, &department_read);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ViolatedField(status), "department_id");

  v1::GetEmployeeRequest employee;
  employee.set_employee_id("nobody");
  v1::VersionedEmployee employee_read;
  status = Call(&S::GetEmployee, employee, &employee_read);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ViolatedField(status), "employee_id");

  v1::GetOwnershipEdgeRequest edge;
  edge.set_holder_id("Z");
  edge.set_held_id("A");
  *edge.mutable_valid_from() = Date(2024, 1, 1);
  v1::VersionedOwnershipEdge edge_read;
  status = Call(&S::GetOwnershipEdge, edge, &edge_read);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ViolatedField(status), "holder_id");
  edge.set_holder_id("P");
  edge.set_held_id("Z");
  status = Call(&S::GetOwnershipEdge, edge, &edge_read);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ViolatedField(status), "held_id");
  edge.set_held_id("C");  // A holds C, not P.
  status = Call(&S::GetOwnershipEdge, edge, &edge_read);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ViolatedField(status), "valid_from");
  edge.clear_valid_from();
  status = Call(&S::GetOwnershipEdge, edge, &edge_read);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "valid_from");
}

TEST_F(StructureReadBackTest, BadPageSizesAndTokensAreInvalidArgumentNamingTheField) {
  WriteGroup();
  v1::ListEntitiesRequest entities;
  entities.set_page_size(1);
  v1::ListEntitiesResponse page;
  ASSERT_TRUE(Call(&S::ListEntities, entities, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());

  // A token of the entity list is not one of the department list.
  v1::ListDepartmentsRequest departments;
  departments.set_page_token(page.next_page_token());
  v1::ListDepartmentsResponse department_page;
  grpc::Status status = Call(&S::ListDepartments, departments, &department_page);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "page_token");

  for (const char* forged : {"!!forged!!", "cDEKZW50aXRpZXM", "bm90IGEgdG9rZW4"}) {
    entities.set_page_token(forged);
    status = Call(&S::ListEntities, entities, &page);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT) << forged;
    EXPECT_EQ(ViolatedField(status), "page_token") << forged;
  }
  v1::ListOwnershipEdgesRequest edges;
  edges.set_page_size(-1);
  v1::ListOwnershipEdgesResponse edge_page;
  status = Call(&S::ListOwnershipEdges, edges, &edge_page);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "page_size");
  v1::ListEmployeesRequest employees;
  employees.set_page_token("%%");
  v1::ListEmployeesResponse employee_page;
  status = Call(&S::ListEmployees, employees, &employee_page);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "page_token");
}

TEST_F(StructureReadBackTest, GetStructureIsBoundedAndPointsToTheLists) {
  Start({"--get_structure_records_max=6"});
  WriteGroup();  // 4 entities and 3 edges valid on the date: 7 records.
  v1::GetStructureRequest request;
  *request.mutable_as_of_date() = Date(2024, 6, 30);
  v1::GetStructureResponse response;
  const grpc::Status status = Call(&S::GetStructure, request, &response);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("ListEntities"), std::string::npos)
      << status.error_message();
  // Before the edges start only the 4 entities count.
  *request.mutable_as_of_date() = Date(2023, 12, 31);
  EXPECT_TRUE(Call(&S::GetStructure, request, &response).ok());
  EXPECT_EQ(response.entities_size(), 4);
}

TEST_F(StructureReadBackTest, AZeroRecordsBoundFailsStartUp) {
  const ServerProcess::Exit exit =
      ServerProcess::RunToExit({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("bound"),
                                "--get_structure_records_max=0"});
  EXPECT_NE(exit.code, 0);
  EXPECT_NE(exit.stderr_text.find("--get_structure_records_max"), std::string::npos)
      << exit.stderr_text;
}

}  // namespace
}  // namespace interco::testing
