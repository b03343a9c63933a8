// A channel whose every call names a group in x-interco-group, so that the tests' helpers
// (SetUpTradingGroup, GoodsPosting, ...) act in any group unchanged, as an ERP's channel to
// its group would.
#ifndef INTERCO_TESTS_GROUP_CHANNEL_H_
#define INTERCO_TESTS_GROUP_CHANNEL_H_

#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"

namespace interco::testing {

// Plaintext to `address` (HOST:PORT); every call carries x-interco-group: `group`.
std::shared_ptr<grpc::Channel> GroupChannel(const std::string& address, const std::string& group);

}  // namespace interco::testing

#endif  // INTERCO_TESTS_GROUP_CHANNEL_H_
