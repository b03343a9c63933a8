// The commands of the `interco` tool. Each talks to the server over `channel`, writes
// results to `out` and problems to `err`, and returns the process exit code.
#ifndef INTERCO_SERVICES_CLI_COMMANDS_H_
#define INTERCO_SERVICES_CLI_COMMANDS_H_

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "grpcpp/grpcpp.h"
#include "services/cli/call.h"
#include "services/cli/decimal_text.h"

namespace interco::cli {

int LoadGroup(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
              Console& console);
// What `interco post` was asked to do.
struct PostOptions {
  std::string path;          // The CSV file (transactions_csv.h).
  int batch_size = 100;      // Transactions per BatchPostTransactions call.
  std::string rejects_path;  // Where refused rows go, with their reasons; "" for nowhere.
};

// Each row's request_id comes from its invoice (business_key.h); the summary says how many
// rows were new and how many were on the ledger before (sent earlier, by any file), and
// counts the refused rows by reason (refusals.h), each of them in the rejects file.
// `mark` is the decimal mark of the file's amounts (decimal_text.h).
int PostTransactions(const std::shared_ptr<grpc::Channel>& channel, const PostOptions& options,
                     DecimalMark mark, Console& console);
// One PostJournalEntry per entry of the CSV file (journal_csv.h); errors name the file line.
int PostJournal(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                DecimalMark mark, Console& console);
// The ledger head: sequence, chain hash, structure and pricing versions.
int ShowHead(const std::shared_ptr<grpc::Channel>& channel, Console& console);
int VerifyLedger(const std::shared_ptr<grpc::Channel>& channel, Console& console);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_COMMANDS_H_
