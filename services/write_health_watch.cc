#include "services/write_health_watch.h"

#include <utility>

#include "spdlog/spdlog.h"

namespace interco {

WriteHealthWatch::WriteHealthWatch(WriteHealth write_health,
                                   grpc::HealthCheckServiceInterface* health,
                                   std::vector<std::string> services,
                                   std::function<void(bool)> on_change, absl::Duration period,
                                   absl::Duration resume_every)
    : write_health_(std::move(write_health)),
      health_(health),
      services_(std::move(services)),
      on_change_(std::move(on_change)),
      period_(period),
      resume_every_(resume_every),
      thread_([this] { Run(); }) {}

WriteHealthWatch::~WriteHealthWatch() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void WriteHealthWatch::Report(bool serving) {
  health_->SetServingStatus("", serving);
  for (const std::string& service : services_) health_->SetServingStatus(service, serving);
  if (on_change_) on_change_(!serving);
}

void WriteHealthWatch::Run() {
  bool stopped = false;
  absl::Time last_resume = absl::InfinitePast();
  absl::MutexLock lock(&mu_);
  while (!mu_.AwaitWithTimeout(absl::Condition(&stopping_), period_)) {
    absl::Status health = write_health_(false);
    if (!health.ok() && absl::Now() - last_resume >= resume_every_) {
      last_resume = absl::Now();
      health = write_health_(true);
    }
    if (health.ok() == !stopped) continue;  // No change.
    stopped = !health.ok();
    if (stopped) {
      spdlog::error("the database refuses writes, health is NOT_SERVING: {}; retrying every {}s",
                    health.ToString(), absl::ToInt64Seconds(resume_every_));
    } else {
      spdlog::warn("the database accepts writes again, health is SERVING");
    }
    Report(!stopped);
  }
}

}  // namespace interco
