// The ledger's head and its verification, read over a channel (the group the channel
// names), each expected to succeed: what tests compare before and after a restart, a crash
// or an upgrade.
#ifndef INTERCO_TESTS_LEDGER_READS_H_
#define INTERCO_TESTS_LEDGER_READS_H_

#include <memory>

#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/requests.h"

namespace interco::testing {

inline v1::LedgerHead Head(const std::shared_ptr<grpc::Channel>& channel) {
  v1::LedgerHead head;
  EXPECT_TRUE(Call(*v1::LedgerService::NewStub(channel), &v1::LedgerService::Stub::GetLedgerHead,
                   v1::GetLedgerHeadRequest(), &head)
                  .ok());
  return head;
}

inline v1::VerifyLedgerResponse Verify(const std::shared_ptr<grpc::Channel>& channel) {
  v1::VerifyLedgerResponse verified;
  EXPECT_TRUE(Call(*v1::LedgerService::NewStub(channel), &v1::LedgerService::Stub::VerifyLedger,
                   v1::VerifyLedgerRequest(), &verified)
                  .ok());
  return verified;
}

}  // namespace interco::testing

#endif  // INTERCO_TESTS_LEDGER_READS_H_
