#include "services/api/transfer_pricing_service.h"

#include "services/api/authorizer.h"
#include "services/api/convert.h"
#include "services/api/pricing_convert.h"
#include "services/api/reactors.h"
#include "services/common/status_macros.h"
#include "services/group/classifier.h"
#include "services/pricing/quote.h"

namespace interco::api {
namespace {

absl::StatusOr<v1::ClassifyResponse> ClassifyRequest(const group::StructureRegistry& registry,
                                                     const v1::ClassifyRequest& request) {
  ASSIGN_OR_RETURN(const group::Party seller, PartyFromProto(request.seller(), "seller"));
  ASSIGN_OR_RETURN(const group::Party buyer, PartyFromProto(request.buyer(), "buyer"));
  ASSIGN_OR_RETURN(const absl::CivilDay day, DayFromProto(request.date(), "date"));
  ASSIGN_OR_RETURN(const auto structure,
                   registry.AtVersion(request.structure_version(), "structure_version"));
  ASSIGN_OR_RETURN(const group::Classification classification,
                   group::Classify(*structure, seller, buyer, day));
  return ClassificationToProto(classification);
}

absl::StatusOr<v1::QuoteResponse> QuoteRequest(const group::StructureRegistry& structures,
                                               const pricing::PricingRegistry& books,
                                               const v1::QuoteRequest& request) {
  ASSIGN_OR_RETURN(const pricing::QuoteRequest domain, QuoteRequestFromProto(request));
  const std::shared_ptr<const group::GroupStructure> structure = structures.Current();
  const std::shared_ptr<const pricing::PricingBook> book = books.Current();
  ASSIGN_OR_RETURN(const pricing::Quote quote,
                   pricing::PriceTransaction(*structure, *book, domain));
  ASSIGN_OR_RETURN(v1::QuoteResponse response, QuoteToProto(quote));
  response.set_pricing_version(book->version());
  return response;
}

}  // namespace

grpc::ServerUnaryReactor* TransferPricingService::Classify(grpc::CallbackServerContext* context,
                                                           const v1::ClassifyRequest* request,
                                                           v1::ClassifyResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  absl::StatusOr<v1::ClassifyResponse> result = ClassifyRequest(*registry_, *request);
  if (result.ok()) *response = *std::move(result);
  return FinishUnary(context, result.status());
}

grpc::ServerUnaryReactor* TransferPricingService::Quote(grpc::CallbackServerContext* context,
                                                        const v1::QuoteRequest* request,
                                                        v1::QuoteResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  absl::StatusOr<v1::QuoteResponse> result = QuoteRequest(*registry_, *pricing_, *request);
  if (result.ok()) *response = *std::move(result);
  return FinishUnary(context, result.status());
}

}  // namespace interco::api
