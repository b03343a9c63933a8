// WriteHealthWatch: gRPC health says whether the ledger can write.
//
// RocksDB stops accepting writes after a background error (a flush or compaction that hit
// a checksum error or a full disk); every posting then fails. Every `period` the watch reads
// the write health of the open groups' databases (`write_health(false)`, see
// storage::Database::WriteHealth()): while writes are stopped, health is NOT_SERVING overall
// ("") and for each of `services` (the server gives its writes' name, not the services':
// reads still work, so the readiness probe keeps the server in rotation, and the liveness
// probe asks a name of its own: a restart would not bring the disk space back), the reason
// is logged once and `on_change(true)` is called (the metric); every `resume_every` it asks
// RocksDB to resume (`write_health(true)`), and once writes work again health goes back to
// SERVING. Thread-safe; its thread stops in the destructor.
#ifndef INTERCO_SERVICES_WRITE_HEALTH_WATCH_H_
#define INTERCO_SERVICES_WRITE_HEALTH_WATCH_H_

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/status/status.h"
#include "grpcpp/health_check_service_interface.h"

namespace interco {

class WriteHealthWatch {
 public:
  // The first error of the databases' write health (OK when all write); with `try_resume`,
  // after asking each stopped one to resume.
  using WriteHealth = std::function<absl::Status(bool try_resume)>;

  // Everything must outlive the watch. `on_change(stopped)` runs on the watch's thread.
  WriteHealthWatch(WriteHealth write_health, grpc::HealthCheckServiceInterface* health,
                   std::vector<std::string> services, std::function<void(bool)> on_change,
                   absl::Duration period = absl::Seconds(1),
                   absl::Duration resume_every = absl::Seconds(10));
  ~WriteHealthWatch();

  WriteHealthWatch(const WriteHealthWatch&) = delete;
  WriteHealthWatch& operator=(const WriteHealthWatch&) = delete;

 private:
  void Run();
  void Report(bool serving);

  const WriteHealth write_health_;
  grpc::HealthCheckServiceInterface* const health_;
  const std::vector<std::string> services_;
  const std::function<void(bool)> on_change_;
  const absl::Duration period_;
  const absl::Duration resume_every_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace interco

#endif  // INTERCO_SERVICES_WRITE_HEALTH_WATCH_H_
