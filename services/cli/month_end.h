// The month-end commands of the `interco` tool: close and reopen a period, reverse an
// entry, list entries. Each returns the process exit code (call.h) and reports on console.
#ifndef INTERCO_SERVICES_CLI_MONTH_END_H_
#define INTERCO_SERVICES_CLI_MONTH_END_H_

#include <cstdint>
#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"
#include "services/cli/call.h"

namespace interco::cli {

// Closes `period` (YYYY-MM) of `entity`: later postings dated in it are refused, or with
// `roll_forward` booked in the next open period. Each run is a request of its own, so that
// close, reopen, close does close again.
int ClosePeriod(const std::shared_ptr<grpc::Channel>& channel, const std::string& entity,
                const std::string& period, bool roll_forward, Console& console);
int ReopenPeriod(const std::shared_ptr<grpc::Channel>& channel, const std::string& entity,
                 const std::string& period, Console& console);

// Reverses the journal entry at `sequence` on `date` (YYYY-MM-DD). Its request_id is the
// entry and the date, so a re-run answers with the same reversal; an entry is reversed once.
int ReverseEntry(const std::shared_ptr<grpc::Channel>& channel, uint64_t sequence,
                 const std::string& date, Console& console);

struct EntryFilter {
  std::string entity;  // Required.
  std::string period;  // YYYY-MM; empty for every period.
  std::string account;
  std::string counterparty;
  std::string transaction;
};

// Every entry the filter selects, page after page, one row per ledger line. With
// `with_header` (csv), the ledger head is read first, its facts lead the output
// (CsvHeaderLines), and entries appended after it are left out, so the rows are the
// ledger as of that head.
int ListEntries(const std::shared_ptr<grpc::Channel>& channel, const EntryFilter& filter,
                const std::string& format, bool with_header, Console& console);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_MONTH_END_H_
