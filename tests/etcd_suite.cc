#include "tests/etcd_suite.h"

#include <utility>

namespace interco::testing {

EtcdCluster* EtcdSuiteTest::cluster_ = nullptr;

void EtcdSuiteTest::StartCluster(std::vector<std::string> flags) {
  const std::string name = ::testing::UnitTest::GetInstance()->current_test_suite()->name();
  auto cluster = EtcdCluster::Start(name, 3, absl::Seconds(30), std::move(flags));
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  cluster_ = cluster->release();
}

void EtcdSuiteTest::TearDownTestSuite() {
  delete cluster_;
  cluster_ = nullptr;
}

void EtcdSuiteTest::SetUp() {
  ASSERT_NE(cluster_, nullptr) << "the suite's etcd cluster did not start";
  auto etcd = storage::EtcdLog::Connect({.endpoints = cluster_->endpoints()});
  ASSERT_TRUE(etcd.ok()) << etcd.status();
  etcd_ = *std::move(etcd);
  group_ = ::testing::UnitTest::GetInstance()->current_test_info()->name();
}

}  // namespace interco::testing
