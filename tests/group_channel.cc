#include "tests/group_channel.h"

#include <utility>
#include <vector>

#include "grpcpp/support/client_interceptor.h"

namespace interco::testing {
namespace {

class GroupHeader final : public grpc::experimental::Interceptor {
 public:
  explicit GroupHeader(std::string group) : group_(std::move(group)) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace("x-interco-group", group_);
    }
    methods->Proceed();
  }

 private:
  const std::string group_;
};

class GroupHeaderFactory final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit GroupHeaderFactory(std::string group) : group_(std::move(group)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new GroupHeader(group_);
  }

 private:
  const std::string group_;
};

}  // namespace

std::shared_ptr<grpc::Channel> GroupChannel(const std::string& address, const std::string& group) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<GroupHeaderFactory>(group));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      address, grpc::InsecureChannelCredentials(), grpc::ChannelArguments(), std::move(factories));
}

}  // namespace interco::testing
