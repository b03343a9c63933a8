// ImportBufferBudget: the bytes every open import stream of the server holds, together.
//
// An import is written all or nothing, so its stream holds everything it received until
// the client closes its side. Each stream is bounded (kMaxTrialBalanceStreamBytes), but 64
// streams of 64 MiB are 4 GiB, and gRPC's memory quota does not see what a reactor keeps
// once a message is parsed. One budget for the whole server (every group's streams) bounds
// the total: a stream charges each message before keeping it and gives everything back when
// it ends, however it ends. Plain C++; thread-safe.
#ifndef INTERCO_SERVICES_API_IMPORT_BUDGET_H_
#define INTERCO_SERVICES_API_IMPORT_BUDGET_H_

#include <cstddef>
#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace interco::api {

// The range of --import_buffer_bytes_max: at least one MiB (a few messages of an import),
// at most 1 TiB (a typo that would switch the bound off in effect).
inline constexpr size_t kImportBufferBytesMin = size_t{1} << 20;
inline constexpr size_t kImportBufferBytesMax = size_t{1} << 40;
// INVALID_ARGUMENT naming the flag unless `bytes_max` is in that range.
absl::Status ValidateImportBufferBytesMax(int64_t bytes_max);

class ImportBufferBudget {
 public:
  // `bytes_max` > 0: the most bytes all streams together may hold.
  explicit ImportBufferBudget(size_t bytes_max);
  ImportBufferBudget(const ImportBufferBudget&) = delete;
  ImportBufferBudget& operator=(const ImportBufferBudget&) = delete;
  ~ImportBufferBudget();  // Every charge must have been released.

  // What one stream holds of the budget; gives it all back when destroyed (or at
  // Release). Not thread-safe itself: a stream charges from one reaction at a time.
  class Charge {
   public:
    explicit Charge(ImportBufferBudget* budget) : budget_(budget) {}
    Charge(const Charge&) = delete;
    Charge& operator=(const Charge&) = delete;
    ~Charge() { Release(); }

    // Adds `bytes` to this stream's charge, or RESOURCE_EXHAUSTED (reason
    // IMPORT_BUFFER_FULL, limit import_buffer_bytes_max, the bytes held and asked for in
    // the message) when the budget cannot hold them; then nothing is added.
    absl::Status Add(size_t bytes);
    // Gives back everything this stream holds; idempotent.
    void Release();
    size_t bytes() const { return bytes_; }

   private:
    ImportBufferBudget* const budget_;
    size_t bytes_ = 0;
  };

  size_t bytes_max() const { return bytes_max_; }
  size_t bytes_held() const;

 private:
  absl::Status Take(size_t bytes);
  void Give(size_t bytes);

  const size_t bytes_max_;
  mutable absl::Mutex mu_;
  size_t held_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_IMPORT_BUDGET_H_
