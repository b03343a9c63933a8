// Every client-streaming method of the API is served parsed (parsed_client_stream.h):
// a new one that is not fails here, before a bad message can pass for the end of a stream.
#include "services/api/parsed_client_stream.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "interco/v1/admin.grpc.pb.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "interco/v1/transfer_pricing.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"

namespace interco::api {
namespace {

TEST(ParsedClientStreamTest, EveryClientStreamingMethodOfTheApiIsServedParsed) {
  const std::set<std::string> parsed(std::begin(kParsedClientStreamMethods),
                                     std::end(kParsedClientStreamMethods));
  int services = 0;
  // The services InterCoServer::ServiceNames() registers.
  for (const char* name :
       {"interco.v1.AdminService", "interco.v1.ConsolidationService",
        "interco.v1.GroupStructureService", "interco.v1.LedgerService", "interco.v1.PolicyService",
        "interco.v1.TransferPricingService", "interco.v1.TrialBalanceService"}) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    ++services;
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* method = service->method(i);
      const std::string path = absl::StrCat("/", service->full_name(), "/", method->name());
      EXPECT_EQ(MethodIndex(service->full_name(), method->name()), i);
      if (method->client_streaming()) {
        EXPECT_EQ(parsed.count(path), 1u) << path << " streams requests but is not parsed";
      } else {
        EXPECT_EQ(parsed.count(path), 0u) << path;
      }
    }
  }
  EXPECT_EQ(services, 7);
  EXPECT_EQ(MethodIndex("interco.v1.LedgerService", "NoSuchMethod"), -1);
  EXPECT_EQ(MethodIndex("interco.v1.NoSuchService", "PostTransaction"), -1);
}

}  // namespace
}  // namespace interco::api
