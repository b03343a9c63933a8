#include "services/api/arena_messages.h"

#include "gtest/gtest.h"
#include "interco/v1/ledger.pb.h"

namespace interco::api {
namespace {

using Allocator =
    ArenaMessageAllocator<v1::BatchPostTransactionsRequest, v1::BatchPostTransactionsResponse>;

TEST(ArenaMessageAllocatorTest, PutsRequestAndResponseOnOneArenaPerCall) {
  Allocator allocator;
  auto* first = allocator.AllocateMessages();
  auto* second = allocator.AllocateMessages();
  ASSERT_NE(first->request()->GetArena(), nullptr);
  EXPECT_EQ(first->request()->GetArena(), first->response()->GetArena());
  EXPECT_NE(first->request()->GetArena(), second->request()->GetArena());
  first->Release();
  second->Release();
}

TEST(ArenaMessageAllocatorTest, SubMessagesBuiltInPlaceLiveOnTheCallsArena) {
  Allocator allocator;
  auto* holder = allocator.AllocateMessages();
  v1::PostTransactionResponse* reply = holder->response()->add_results()->mutable_response();
  v1::LedgerLine* line = reply->add_lines();
  line->set_entity_id(std::string(100, 'e'));  // Longer than any short-string buffer.
  EXPECT_EQ(line->GetArena(), holder->response()->GetArena());
  // A request parsed into the holder's message lands on the arena as well.
  v1::BatchPostTransactionsRequest sent;
  sent.set_request_id("batch-1");
  sent.add_transactions()->set_request_id("item-1");
  ASSERT_TRUE(holder->request()->ParseFromString(sent.SerializeAsString()));
  EXPECT_EQ(holder->request()->transactions(0).request_id(), "item-1");
  EXPECT_EQ(holder->request()->transactions(0).GetArena(), holder->request()->GetArena());
  holder->Release();  // Frees everything at once; the sanitizer builds check for leaks.
}

}  // namespace
}  // namespace interco::api
