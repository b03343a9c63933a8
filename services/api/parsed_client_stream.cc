#include "services/api/parsed_client_stream.h"

#include <string>

#include "google/protobuf/descriptor.h"

namespace interco::api {

int MethodIndex(absl::string_view service, absl::string_view method) {
  const google::protobuf::ServiceDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(std::string(service));
  if (descriptor == nullptr) return -1;
  const google::protobuf::MethodDescriptor* found =
      descriptor->FindMethodByName(std::string(method));
  return found == nullptr ? -1 : found->index();
}

}  // namespace interco::api
