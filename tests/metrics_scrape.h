// Reading the server's Prometheus endpoint in tests: a raw TCP connection, a scrape, and one
// sample of the text format.
#ifndef INTERCO_TESTS_METRICS_SCRAPE_H_
#define INTERCO_TESTS_METRICS_SCRAPE_H_

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace interco::testing {

// A TCP connection to "HOST:PORT" (IPv4) whose reads and writes give up after `timeout`;
// -1 on failure.
int Connect(const std::string& address, absl::Duration timeout);

// GET http://address/metrics; the body, or "" on any failure or after `timeout`.
std::string Scrape(const std::string& address, absl::Duration timeout = absl::Seconds(30));

// The value of the sample whose line starts with `name` and holds every label in `labels`;
// -1 when there is none.
double Sample(const std::string& text, const std::string& name,
              const std::vector<std::string>& labels = {});

}  // namespace interco::testing

#endif  // INTERCO_TESTS_METRICS_SCRAPE_H_
