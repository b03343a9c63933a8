#include "services/cli/call.h"

#include <sstream>

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

TEST(InFlagWordsTest, TheServersFieldPathsBecomeTheFlagsTheUserTyped) {
  EXPECT_EQ(InFlagWords("parent_id: no legal entity with this id (got \"X\")"),
            "--parent: no legal entity with this id (got \"X\")");
  EXPECT_EQ(InFlagWords("as_of_sequence: the ledger head is 8"), "--as-of: the ledger head is 8");
  EXPECT_EQ(InFlagWords("inventory_on_hand[1]: names an unknown entity"),
            "--inventory #2: names an unknown entity");
  EXPECT_EQ(InFlagWords("x-interco-group: there is no group \"acme\" (got \"acme\")"),
            "--group: there is no group \"acme\" (got \"acme\")");
  EXPECT_EQ(InFlagWords("the server is draining"), "the server is draining");
  EXPECT_EQ(InFlagWords("periods: not a field we fill"), "periods: not a field we fill");
}

TEST(FailedTest, AStatusWithoutAMessageIsNamedByItsCode) {
  std::ostringstream out, err;
  Console console{out, err, /*progress=*/false, "127.0.0.1:50051"};
  EXPECT_EQ(Failed(grpc::Status(grpc::UNIMPLEMENTED, ""), console), kExitSomeFailed);
  EXPECT_EQ(err.str(),
            "interco: the server at 127.0.0.1:50051 does not implement this call (an older "
            "release?)\n");
  err.str("");
  EXPECT_EQ(Failed(grpc::Status(grpc::PERMISSION_DENIED, ""), console), kExitSomeFailed);
  EXPECT_EQ(err.str(), "interco: the server answered PERMISSION_DENIED without a message\n");
  err.str("");
  EXPECT_EQ(Failed(grpc::Status(grpc::INVALID_ARGUMENT, "display_name: too long"), console),
            kExitBadInput);
  EXPECT_EQ(err.str(), "interco: --display-name: too long\n");
}

TEST(FailedTest, AnUnreachableServerIsExplainedFirstThenInGrpcsWords) {
  std::ostringstream out, err;
  Console console{out, err, /*progress=*/false, "127.0.0.1:50051",
                  [](absl::string_view message) -> std::string {
                    return message == "Socket closed" ? "give --tls-ca" : "";
                  }};
  EXPECT_EQ(Failed(grpc::Status(grpc::UNAVAILABLE, "Socket closed"), console), kExitUnavailable);
  EXPECT_EQ(err.str(),
            "interco: cannot reach the server at 127.0.0.1:50051: give --tls-ca (Socket closed)\n");
  err.str("");
  EXPECT_EQ(Failed(grpc::Status(grpc::UNAVAILABLE, "Connection refused"), console),
            kExitUnavailable);
  EXPECT_EQ(err.str(),
            "interco: cannot reach the server at 127.0.0.1:50051 (Connection refused)\n");
}

TEST(ExitCodeOfTest, TheServerRefusingWhatTheUserTypedIsBadInput) {
  // README: "2 bad arguments or unreadable file, whether the tool or the server finds it".
  for (grpc::StatusCode code : {grpc::INVALID_ARGUMENT, grpc::OUT_OF_RANGE, grpc::NOT_FOUND,
                                grpc::ALREADY_EXISTS, grpc::FAILED_PRECONDITION}) {
    EXPECT_EQ(ExitCodeOf(code), kExitBadInput) << code;
  }
  for (grpc::StatusCode code : {grpc::UNAVAILABLE, grpc::DEADLINE_EXCEEDED, grpc::INTERNAL,
                                grpc::UNKNOWN, grpc::DATA_LOSS}) {
    EXPECT_EQ(ExitCodeOf(code), kExitUnavailable) << code;
  }
  for (grpc::StatusCode code :
       {grpc::PERMISSION_DENIED, grpc::UNAUTHENTICATED, grpc::RESOURCE_EXHAUSTED, grpc::ABORTED}) {
    EXPECT_EQ(ExitCodeOf(code), kExitSomeFailed) << code;
  }
  EXPECT_EQ(ExitCodeOf(grpc::OK), kExitOk);
  std::ostringstream out, err;
  Console console{out, err, /*progress=*/false, "127.0.0.1:50051"};
  EXPECT_EQ(Failed(grpc::Status(grpc::NOT_FOUND, "parent_id: no legal entity"), console),
            kExitBadInput);
  EXPECT_EQ(err.str(), "interco: --parent: no legal entity\n");
}

TEST(ProgressLineTest, ShowsTheRateAndTheTimeLeftOnceKnown) {
  std::ostringstream out, err;
  Console console{out, err, /*progress=*/true, "127.0.0.1:50051"};
  std::chrono::steady_clock::time_point now;
  ProgressLine line(console, "posting", 1000, [&] { return now; });
  line.Update(0);
  EXPECT_EQ(err.str(), "\rposting [                              ] 0/1000   ");
  err.str("");
  now += std::chrono::seconds(10);
  line.Update(250);
  EXPECT_EQ(err.str(), "\rposting [#######                       ] 250/1000, 25/s, 30s left   ");
  err.str("");
  now += std::chrono::seconds(30);
  line.Update(1000);
  EXPECT_EQ(err.str(), "\rposting [##############################] 1000/1000, 25/s   \n");
}

TEST(ProgressLineTest, SilentWhenErrIsNotATerminal) {
  std::ostringstream out, err;
  Console console{out, err, /*progress=*/false, ""};
  ProgressLine line(console, "posting", 10);
  line.Update(5);
  EXPECT_EQ(err.str(), "");
}

}  // namespace
}  // namespace interco::cli
