// ArenaMessageAllocator: a gRPC callback-API MessageAllocator that puts a call's request and
// response on one protobuf Arena of their own. Parsing the request and building the reply
// then allocate from the arena's blocks instead of one malloc per sub-message and string,
// and the call's end frees them all at once instead of destroying them one by one (a batch
// reply of 1,000 postings holds some 40,000 sub-messages and strings).
//
// Handlers of a method with this allocator must build the response in place: assigning a
// heap-built message to an arena message copies it whole.
#ifndef INTERCO_SERVICES_API_ARENA_MESSAGES_H_
#define INTERCO_SERVICES_API_ARENA_MESSAGES_H_

#include <cstddef>

#include "google/protobuf/arena.h"
#include "grpcpp/support/message_allocator.h"

namespace interco::api {

// Block sizes of each call's arena. The first block holds a unary posting's request and
// reply (about 6 KiB); blocks then double up to the largest, which stays below glibc's mmap
// threshold (128 KiB) so that a batch reply's blocks are reused heap memory, not fresh
// mappings.
inline constexpr size_t kArenaFirstBlockBytes = 8 << 10;
inline constexpr size_t kArenaLargestBlockBytes = 64 << 10;

// Thread-safe: AllocateMessages keeps no state. The allocator must outlive the calls of
// the methods it is registered for (the service owns it).
template <typename Request, typename Response>
class ArenaMessageAllocator final : public grpc::MessageAllocator<Request, Response> {
 public:
  grpc::MessageHolder<Request, Response>* AllocateMessages() override { return new Holder(); }

 private:
  // Owns the arena; gRPC calls Release once the call is done with both messages.
  class Holder final : public grpc::MessageHolder<Request, Response> {
   public:
    Holder() : arena_(Options()) {
      this->set_request(google::protobuf::Arena::CreateMessage<Request>(&arena_));
      this->set_response(google::protobuf::Arena::CreateMessage<Response>(&arena_));
    }
    void Release() override { delete this; }

   private:
    static google::protobuf::ArenaOptions Options() {
      google::protobuf::ArenaOptions options;
      options.start_block_size = kArenaFirstBlockBytes;
      options.max_block_size = kArenaLargestBlockBytes;
      return options;
    }
    google::protobuf::Arena arena_;
  };
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_ARENA_MESSAGES_H_
