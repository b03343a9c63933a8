// EtcdSuiteTest: the fixture of a test suite that runs against one real etcd cluster
// (EtcdCluster: 3 members on loopback, started before the suite's first test and killed
// after its last, named after the suite), with a connection to it and the test's name (the
// group whose keys it uses) for each test. Tests share the cluster: each keeps to its keys.
#ifndef INTERCO_TESTS_ETCD_SUITE_H_
#define INTERCO_TESTS_ETCD_SUITE_H_

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "storage/etcd/etcd_log.h"
#include "tests/etcd_cluster.h"

namespace interco::testing {

class EtcdSuiteTest : public ::testing::Test {
 protected:
  // A suite that needs other etcd flags hides SetUpTestSuite with one that passes them.
  static void SetUpTestSuite() { StartCluster(); }
  static void TearDownTestSuite();
  // Starts the suite's cluster; `flags` go to every member (EtcdCluster::Start).
  static void StartCluster(std::vector<std::string> flags = {});

  // Connects etcd_ and sets group_ to the test's name.
  void SetUp() override;

  static EtcdCluster* cluster_;
  std::unique_ptr<storage::EtcdLog> etcd_;
  std::string group_;
};

}  // namespace interco::testing

#endif  // INTERCO_TESTS_ETCD_SUITE_H_
