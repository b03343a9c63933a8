// The one authorization table covers every method the server serves, and nothing else: read
// from the services' own descriptors, so a method added to a proto without a rule fails here.
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "services/security/method_permissions.h"
#include "services/server.h"

namespace interco {
namespace {

std::vector<std::string> ServedMethods() {
  std::vector<std::string> services = InterCoServer::ServiceNames();
  for (const char* standard : {"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection",
                               "grpc.reflection.v1.ServerReflection"}) {
    services.push_back(standard);
  }
  std::vector<std::string> methods;
  const google::protobuf::DescriptorPool* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(name);
    if (service == nullptr) continue;  // A standard service this build does not link.
    for (int i = 0; i < service->method_count(); ++i) {
      methods.push_back(absl::StrCat("/", name, "/", service->method(i)->name()));
    }
  }
  return methods;
}

TEST(MethodTableTest, EveryServedMethodHasARule) {
  const std::vector<std::string> methods = ServedMethods();
  ASSERT_GT(methods.size(), 40u);
  for (const std::string& method : methods) {
    EXPECT_TRUE(security::RuleFor(method).has_value()) << method << " has no authorization rule";
  }
}

TEST(MethodTableTest, EveryRuleNamesAServedMethod) {
  const std::vector<std::string> methods = ServedMethods();
  for (const security::MethodRule& rule : security::MethodRules()) {
    if (rule.method.rfind("/grpc.", 0) == 0) continue;  // Standard services, linked or not.
    EXPECT_NE(std::find(methods.begin(), methods.end(), rule.method), methods.end())
        << rule.method << " is in the table but not served";
  }
}

TEST(MethodTableTest, OnlyProbesAndToolsArePublic) {
  for (const security::MethodRule& rule : security::MethodRules()) {
    if (rule.is_public) {
      EXPECT_EQ(rule.method.rfind("/grpc.", 0), 0u) << rule.method;
    }
  }
}

}  // namespace
}  // namespace interco
