#include "services/api/unbuilt_services.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/api/reactors.h"

namespace interco::api {
namespace {

constexpr char kConsolidationArea[] = "consolidation";

std::string WireName(absl::string_view service_class, absl::string_view method) {
  absl::ConsumePrefix(&service_class, "Unbuilt");
  return absl::StrCat("interco.v1.", service_class, ".", method);
}

}  // namespace

// `Service` is the class (UnbuiltLedgerService); the message names the wire service
// (interco.v1.LedgerService): the class name without "Unbuilt".
#define INTERCO_NOT_BUILT_UNARY(Service, Method, Request, Response, area)         \
  grpc::ServerUnaryReactor* Service::Method(grpc::CallbackServerContext* context, \
                                            const v1::Request*, v1::Response*) {  \
    return FinishUnary(context, NotBuiltYet(WireName(#Service, #Method), area));  \
  }

INTERCO_NOT_BUILT_UNARY(UnbuiltConsolidationService, GetMismatches, GetMismatchesRequest,
                        GetMismatchesResponse, kConsolidationArea)

#undef INTERCO_NOT_BUILT_UNARY

grpc::ServerWriteReactor<v1::ConsolidationChunk>* UnbuiltConsolidationService::RunConsolidation(
    grpc::CallbackServerContext*, const v1::RunConsolidationRequest*) {
  return new FinishedWriter<v1::ConsolidationChunk>(
      NotBuiltYet("interco.v1.ConsolidationService.RunConsolidation", kConsolidationArea));
}

}  // namespace interco::api
