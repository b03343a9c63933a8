// End to end: `interco --group G ...`, INTERCO_GROUP and `interco groups list|create|delete`
// against the real server (issue 23): each group's books apart, named on every call.
//
// Only ABadGroupIsRefusedBeforeAnyCall holds against a server of the release before groups
// (it makes no call); the others need the server that routes every call to its group.
#include <cstdlib>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// INTERCO_GROUP set to `value` for the scope's life (the children inherit it), then unset.
class ScopedGroupVariable {
 public:
  explicit ScopedGroupVariable(const char* value) { setenv("INTERCO_GROUP", value, 1); }
  ~ScopedGroupVariable() { unsetenv("INTERCO_GROUP"); }
};

ServerProcess::Output RunInterco(const std::string& server, std::vector<std::string> args) {
  args.insert(args.begin(), "--server=" + server);
  return ServerProcess::RunProgram(Runfile("services/cli/interco"), args);
}

TEST(CliGroupsArgumentsTest, ABadGroupIsRefusedBeforeAnyCall) {
  // No server listens on port 1: exit 2, not 3, shows that nothing was called.
  ServerProcess::Output flag = RunInterco("127.0.0.1:1", {"--group", "Acme", "head"});
  EXPECT_EQ(flag.code, 2);
  EXPECT_EQ(flag.stderr_text.rfind("interco: --group: a group id is a DNS label", 0), 0u)
      << flag.stderr_text;
  EXPECT_TRUE(Has(flag.stderr_text, "(got \"Acme\")")) << flag.stderr_text;

  ScopedGroupVariable variable("acme_corp");
  ServerProcess::Output environment = RunInterco("127.0.0.1:1", {"head"});
  EXPECT_EQ(environment.code, 2);
  EXPECT_EQ(environment.stderr_text.rfind("interco: INTERCO_GROUP: a group id is a DNS label", 0),
            0u)
      << environment.stderr_text;
  ServerProcess::Output create = RunInterco("127.0.0.1:1", {"groups", "create", "globex"});
  EXPECT_EQ(create.code, 2) << "INTERCO_GROUP is checked first: " << create.stderr_text;
  ServerProcess::Output id =
      RunInterco("127.0.0.1:1", {"--group", "acme", "groups", "create", "Globex"});
  EXPECT_EQ(id.code, 2);
  EXPECT_EQ(id.stderr_text.rfind("interco: group id: a group id is a DNS label", 0), 0u)
      << "the flag wins over INTERCO_GROUP, then the id is checked: " << id.stderr_text;
}

class CliGroupsE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server =
        ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("cli_groups"),
                              "--backup_dir=" + FreshTempDir("cli_groups_backups")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }
  ServerProcess::Output Interco(std::vector<std::string> args) {
    return RunInterco(server_->address(), std::move(args));
  }
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(CliGroupsE2eTest, AGroupsBooksAreItsOwn) {
  ServerProcess::Output create =
      Interco({"groups", "create", "acme", "--display-name", "Acme Holdings"});
  ASSERT_EQ(create.code, 0) << create.stderr_text;
  EXPECT_EQ(create.stdout_text.rfind("created group acme (Acme Holdings) at ", 0), 0u)
      << create.stdout_text;

  ServerProcess::Output table = Interco({"groups", "list"});
  EXPECT_EQ(table.code, 0) << table.stderr_text;
  EXPECT_EQ(table.stdout_text.rfind("group", 0), 0u) << table.stdout_text;
  EXPECT_TRUE(Has(table.stdout_text, "\nacme ") && Has(table.stdout_text, "\ndefault "))
      << table.stdout_text;
  ServerProcess::Output csv = Interco({"groups", "list", "--format", "csv"});
  EXPECT_EQ(csv.code, 0) << csv.stderr_text;
  EXPECT_EQ(csv.stdout_text.rfind("group,display name,create time\r\nacme,Acme Holdings,", 0), 0u)
      << "in id order: " << csv.stdout_text;
  EXPECT_TRUE(Has(csv.stdout_text, "\r\ndefault,")) << csv.stdout_text;

  ServerProcess::Output load = Interco({"--group", "acme", "load", Runfile("examples/group.yaml")});
  EXPECT_EQ(load.code, 0) << load.stderr_text;
  EXPECT_TRUE(Has(load.stdout_text, "loaded 26 of 26 items")) << load.stdout_text;
  ServerProcess::Output post = Interco({"--group", "acme", "post", Runfile("examples/june.csv")});
  EXPECT_EQ(post.code, 1) << "one row of the example is deliberately bad";
  EXPECT_TRUE(Has(post.stdout_text, "on the ledger: 7 new, 0 already there")) << post.stdout_text;

  ServerProcess::Output acme_head = Interco({"--group", "acme", "head"});
  EXPECT_EQ(acme_head.stdout_text.rfind("ledger head: sequence 7, ", 0), 0u)
      << acme_head.stdout_text << acme_head.stderr_text;
  ServerProcess::Output default_head = Interco({"head"});
  EXPECT_EQ(default_head.stdout_text.rfind("ledger head: sequence 0, ", 0), 0u)
      << "nothing of acme's is in default: " << default_head.stdout_text;
  EXPECT_EQ(Interco({"--group", "default", "head"}).stdout_text, default_head.stdout_text);
  ServerProcess::Output acme_policies = Interco({"--group", "acme", "policies", "--format", "csv"});
  EXPECT_EQ(acme_policies.code, 0) << acme_policies.stderr_text;
  ServerProcess::Output default_policies = Interco({"policies", "--format", "csv"});
  EXPECT_EQ(default_policies.code, 0) << default_policies.stderr_text;
  EXPECT_GT(acme_policies.stdout_text.size(), default_policies.stdout_text.size());
  EXPECT_EQ(default_policies.stdout_text.find("\r\n"), default_policies.stdout_text.size() - 2)
      << "default has no policies, only the header: " << default_policies.stdout_text;

  {
    ScopedGroupVariable variable("acme");
    EXPECT_EQ(Interco({"head"}).stdout_text, acme_head.stdout_text) << "INTERCO_GROUP=acme";
    EXPECT_EQ(Interco({"--group", "default", "head"}).stdout_text, default_head.stdout_text)
        << "the flag wins over INTERCO_GROUP";
  }

  ServerProcess::Output busy = Interco({"groups", "delete", "acme"});
  EXPECT_EQ(busy.code, 2) << "its ledger has entries: " << busy.stdout_text;
  EXPECT_EQ(busy.stderr_text.rfind("interco: ", 0), 0u) << busy.stderr_text;
  EXPECT_EQ(Interco({"--group", "acme", "head"}).stdout_text, acme_head.stdout_text)
      << "nothing was deleted";
  // With its books checkpointed after the last posting, --force deletes it.
  EXPECT_EQ(Interco({"groups", "delete", "acme", "--force"}).code, 2) << "no checkpoint yet";
  ServerProcess::Output checkpoint = Interco({"--group", "acme", "checkpoint", "acme-final"});
  EXPECT_EQ(checkpoint.code, 0) << checkpoint.stderr_text;
  EXPECT_TRUE(Has(checkpoint.stdout_text, "/groups/acme/acme-final")) << checkpoint.stdout_text;
  ServerProcess::Output forced = Interco({"groups", "delete", "acme", "--force"});
  EXPECT_EQ(forced.code, 0) << forced.stderr_text;
  EXPECT_EQ(Interco({"--group", "acme", "head"}).code, 2) << "gone";
}

TEST_F(CliGroupsE2eTest, AnEmptyGroupIsDeleted) {
  ASSERT_EQ(Interco({"groups", "create", "scratch"}).code, 0);
  ServerProcess::Output deleted = Interco({"groups", "delete", "scratch"});
  EXPECT_EQ(deleted.code, 0) << deleted.stderr_text;
  EXPECT_EQ(deleted.stdout_text, "deleted group scratch (its ledger was empty)\n");
  ServerProcess::Output list = Interco({"groups", "list", "--format", "csv"});
  EXPECT_EQ(list.code, 0) << list.stderr_text;
  EXPECT_FALSE(Has(list.stdout_text, "scratch")) << list.stdout_text;

  ServerProcess::Output gone = Interco({"--group", "scratch", "head"});
  EXPECT_EQ(gone.code, 2) << "NOT_FOUND (GROUP_NOT_FOUND): " << gone.stdout_text;
  EXPECT_EQ(gone.stderr_text.rfind("interco: --group: there is no group \"scratch\"", 0), 0u)
      << "the header's name is the flag's: " << gone.stderr_text;
  EXPECT_EQ(Interco({"groups", "delete", "default"}).code, 2) << "default always exists";
}

TEST_F(CliGroupsE2eTest, ARequestIdMakesACreateExactlyOnce) {
  ASSERT_EQ(Interco({"groups", "create", "acme", "--request-id", "ticket-1"}).code, 0);
  ServerProcess::Output retry = Interco({"groups", "create", "acme", "--request-id", "ticket-1"});
  EXPECT_EQ(retry.code, 0) << "a retry answers with the group it created: " << retry.stderr_text;
  EXPECT_EQ(retry.stdout_text.rfind("created group acme at ", 0), 0u) << retry.stdout_text;
  ServerProcess::Output again = Interco({"groups", "create", "acme"});
  EXPECT_EQ(again.code, 2) << "ALREADY_EXISTS: another request created it";
  EXPECT_EQ(again.stderr_text.rfind("interco: ", 0), 0u) << again.stderr_text;
}

}  // namespace
}  // namespace interco::testing
