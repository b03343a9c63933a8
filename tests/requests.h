// Request builders and a deadline-bounded call helper shared by the end-to-end tests.
#ifndef INTERCO_TESTS_REQUESTS_H_
#define INTERCO_TESTS_REQUESTS_H_

#include <chrono>
#include <string>

#include "grpcpp/grpcpp.h"
#include "interco/v1/group_structure.pb.h"
#include "interco/v1/transfer_pricing.pb.h"

namespace interco::testing {

inline google::type::Date Date(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

inline v1::UpsertEntityRequest EntityRequest(const std::string& id, const std::string& request_id,
                                             const std::string& currency = "EUR") {
  v1::UpsertEntityRequest request;
  request.set_request_id(request_id);
  request.mutable_entity()->set_entity_id(id);
  request.mutable_entity()->set_name("Entity " + id);
  request.mutable_entity()->set_jurisdiction("DE");
  request.mutable_entity()->set_functional_currency(currency);
  return request;
}

inline v1::AddOwnershipEdgeRequest EdgeRequest(const std::string& holder, const std::string& held,
                                               const std::string& share,
                                               const std::string& request_id) {
  v1::AddOwnershipEdgeRequest request;
  request.set_request_id(request_id);
  v1::OwnershipEdge* edge = request.mutable_edge();
  edge->set_holder_id(holder);
  edge->set_held_id(held);
  edge->mutable_equity_share()->set_value(share);
  edge->mutable_voting_share()->set_value(share);
  *edge->mutable_validity()->mutable_valid_from() = Date(2024, 1, 1);
  return request;
}

// Calls `method` on `stub` with a 10-second deadline.
template <typename Stub, typename Request, typename Response>
grpc::Status Call(Stub& stub,
                  grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                  const Request& request, Response* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return (stub.*method)(&context, request, response);
}

}  // namespace interco::testing

#endif  // INTERCO_TESTS_REQUESTS_H_
