// Replicated mode (issue 25), "any pod answers": a pod that does not own a group forwards
// the group's calls to the owner (services/call_forwarding.h). Real etcd, two real servers:
// a client that only knows pod-1 posts, reads, consolidates and watches the journal; the
// owner, pod-0, wrote it all, streams included. A call already forwarded once is refused,
// never forwarded again.
#include <signal.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/metrics_scrape.h"
#include "tests/replicated_pods.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

using v1::LedgerService;

class ReplicatedForwardingTest : public ReplicatedPodsTest {
 protected:
  void SetUp() override {
    ReplicatedPodsOptions options;
    options.pods = 2;
    StartPods(std::move(options));
  }

  // pod-1 forwards once it has learnt the owner's address, a tick after it starts following.
  void WaitUntilPod1Forwards() {
    auto follower = LedgerService::NewStub(pods_->pod(1)->Channel());
    grpc::Status status;
    for (int i = 0; i < 100; ++i) {
      v1::LedgerHead head;
      status = Call(*follower, &LedgerService::Stub::GetLedgerHead, v1::GetLedgerHeadRequest(),
                    &head);
      if (status.ok()) return;
      absl::SleepFor(absl::Milliseconds(50));
    }
    FAIL() << "pod-1 never forwarded: " << status.error_message();
  }

  // A posting sent to pod-1 until it is answered.
  grpc::Status PostThroughFollower(const v1::PostTransactionRequest& request,
                                   v1::PostTransactionResponse* response) {
    auto follower = LedgerService::NewStub(pods_->pod(1)->Channel());
    grpc::Status status;
    for (int i = 0; i < 100; ++i) {
      status = Call(*follower, &LedgerService::Stub::PostTransaction, request, response);
      if (status.error_code() != grpc::StatusCode::UNAVAILABLE) return status;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return status;
  }
};

TEST_F(ReplicatedForwardingTest, AFollowerForwardsUnaryCallsAndServerStreamsToTheOwner) {
  ASSERT_NO_FATAL_FAILURE(WaitUntilPod1Forwards());
  // Reference data written through the follower: forwarded mutations.
  ASSERT_TRUE(SetUpTradingGroup(pods_->pod(1)->Channel()).ok());
  v1::PostTransactionResponse posted;
  ASSERT_TRUE(PostThroughFollower(GoodsPosting("via-pod-1"), &posted).ok());
  ASSERT_EQ(posted.sequence(), 1u);

  // The owner wrote it: read back at pod-0, and through pod-1 (a forwarded read).
  for (int pod : {0, 1}) {
    auto ledger = LedgerService::NewStub(pods_->pod(pod)->Channel());
    v1::GetEntryRequest get;
    get.set_sequence(posted.sequence());
    v1::LedgerEntry entry;
    ASSERT_TRUE(Call(*ledger, &LedgerService::Stub::GetEntry, get, &entry).ok()) << pod;
    EXPECT_EQ(entry.chain_hash(), posted.chain_hash()) << pod;
    EXPECT_EQ(entry.request_id(), "via-pod-1");
  }
  // The same request id again through pod-1: the original answer, exactly once.
  v1::PostTransactionResponse again;
  ASSERT_TRUE(PostThroughFollower(GoodsPosting("via-pod-1"), &again).ok());
  EXPECT_EQ(again.sequence(), posted.sequence());
  EXPECT_EQ(again.chain_hash(), posted.chain_hash());
  // Errors come back as the owner gave them, details included.
  v1::GetEntryRequest missing;
  missing.set_sequence(42);
  v1::LedgerEntry none;
  auto follower = LedgerService::NewStub(pods_->pod(1)->Channel());
  grpc::ClientContext traced;
  traced.AddMetadata("x-request-id", "req-forwarded-42");
  const grpc::Status not_found = follower->GetEntry(&traced, missing, &none);
  EXPECT_EQ(not_found.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ErrorReason(not_found), "UNKNOWN_SEQUENCE");
  // The owner's log line of the call carries the caller's request id.
  std::ifstream owner_log(pods_->pod(0)->stderr_path());
  const std::string logged((std::istreambuf_iterator<char>(owner_log)),
                           std::istreambuf_iterator<char>());
  EXPECT_NE(logged.find("\"request_id\":\"req-forwarded-42\""), std::string::npos);

  // A server stream through pod-1: the journal, entry by entry.
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::WatchJournalRequest watch;
  watch.set_after_sequence(0);
  auto reader = follower->WatchJournal(&context, watch);
  v1::WatchJournalResponse event;
  ASSERT_TRUE(reader->Read(&event)) << reader->Finish().error_message();
  EXPECT_EQ(event.entry().chain_hash(), posted.chain_hash());
  context.TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);

  // A consolidation through pod-1 ends as the owner ends it.
  auto consolidation = v1::ConsolidationService::NewStub(pods_->pod(1)->Channel());
  grpc::ClientContext run_context;
  v1::RunConsolidationRequest run;
  run.set_parent_id("NOPE");
  run.set_period("2024-06");
  run.set_presentation_currency("EUR");
  auto chunks = consolidation->RunConsolidation(&run_context, run);
  v1::ConsolidationChunk chunk;
  EXPECT_FALSE(chunks->Read(&chunk));
  EXPECT_EQ(chunks->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ReplicatedForwardingTest, ClientStreamsAreForwardedAndNothingIsForwardedTwice) {
  ASSERT_TRUE(SetUpTradingGroup(pods_->pod(0)->Channel()).ok());
  v1::PostTransactionResponse posted;
  ASSERT_TRUE(PostThroughFollower(GoodsPosting("first"), &posted).ok());
  auto follower = LedgerService::NewStub(pods_->pod(1)->Channel());

  // A call that a pod forwarded already meets a pod that does not own the group either.
  grpc::ClientContext forwarded;
  forwarded.AddMetadata("x-interco-forwarded-by", "pod-9");
  v1::PostTransactionResponse refused;
  const grpc::Status looped = follower->PostTransaction(&forwarded, GoodsPosting("x"), &refused);
  EXPECT_EQ(looped.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ErrorReason(looped), "NOT_OWNER");
  EXPECT_NE(looped.error_message().find("pod-0"), std::string::npos) << looped.error_message();

  // A client stream through pod-1, message by message to the owner.
  grpc::ClientContext stream_context;
  v1::StreamPostTransactionsResponse streamed;
  auto writer = follower->StreamPostTransactions(&stream_context, &streamed);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(writer->Write(GoodsPosting(absl::StrCat("streamed-", i), "A", "B", 10 + i)));
  }
  writer->WritesDone();
  const grpc::Status stream = writer->Finish();
  ASSERT_TRUE(stream.ok()) << stream.error_message();

  // The owner's head: the first posting and the three streamed, not the refused one.
  auto owner = LedgerService::NewStub(pods_->pod(0)->Channel());
  v1::LedgerHead head;
  ASSERT_TRUE(
      Call(*owner, &LedgerService::Stub::GetLedgerHead, v1::GetLedgerHeadRequest(), &head).ok());
  EXPECT_EQ(head.sequence(), posted.sequence() + 3);

  // The owner's reply comes back whole: three results, and a request id reused for another
  // posting refused in its item.
  ASSERT_EQ(streamed.results_size(), 3);
  EXPECT_EQ(streamed.results(2).response().sequence(), posted.sequence() + 3);
  grpc::ClientContext again_context;
  v1::StreamPostTransactionsResponse again;
  auto second = follower->StreamPostTransactions(&again_context, &again);
  second->Write(GoodsPosting("streamed-0", "A", "B", 999));
  second->WritesDone();
  ASSERT_TRUE(second->Finish().ok());
  ASSERT_EQ(again.results_size(), 1);
  EXPECT_EQ(again.results(0).status().code(), grpc::StatusCode::ALREADY_EXISTS);

  // The follower counts what it forwarded.
  const std::string metrics = Scrape(pods_->pod(1)->metrics_address());
  EXPECT_GE(Sample(metrics, "interco_calls_forwarded_total"), 3) << metrics;
}

// A SIGTERMed pod ends the watches it forwards at once, UNAVAILABLE (the consumer resumes at
// another pod), and exits without waiting for the drain's deadline: a forwarded watch is a
// call in flight there that would never end by itself.
TEST_F(ReplicatedForwardingTest, ASigtermedForwarderEndsTheWatchesItForwards) {
  ASSERT_NO_FATAL_FAILURE(WaitUntilPod1Forwards());
  ASSERT_TRUE(SetUpTradingGroup(pods_->pod(1)->Channel()).ok());
  v1::PostTransactionResponse posted;
  ASSERT_TRUE(PostThroughFollower(GoodsPosting("watched"), &posted).ok());
  auto follower = LedgerService::NewStub(pods_->pod(1)->Channel());
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
  auto reader = follower->WatchJournal(&context, v1::WatchJournalRequest());
  v1::WatchJournalResponse event;
  ASSERT_TRUE(reader->Read(&event)) << reader->Finish().error_message();
  absl::SleepFor(absl::Milliseconds(200));  // It waits at the owner for the next commit.

  const absl::Time stopping = absl::Now();
  ASSERT_EQ(pods_->StopPod(1, SIGTERM), 0);
  EXPECT_LT(absl::Now() - stopping, absl::Seconds(5));  // It was 10 s, the drain deadline.
  EXPECT_FALSE(reader->Read(&event));
  const grpc::Status ended = reader->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAVAILABLE) << ended.error_message();
  EXPECT_EQ(ErrorReason(ended), "SHUTTING_DOWN") << ended.error_message();
}

}  // namespace
}  // namespace interco::testing
