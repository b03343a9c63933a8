#include "services/cli/trial_balance_command.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "services/cli/refusals.h"
#include "services/cli/trial_balance_csv.h"

namespace interco::cli {
namespace {

using Stub = v1::TrialBalanceService::Stub;

// Refusals of `path`'s rows, starting with the rows that could not be read.
std::unique_ptr<Refusals> RefusalsOf(const std::string& path,
                                     const std::vector<CsvRowError>& errors, Console& console) {
  std::unique_ptr<Refusals> refusals = Refusals::Printing(path, console);
  for (const CsvRowError& error : errors) refusals->Add(error.line, {}, error.message);
  return refusals;
}

// The file line a server error is about: that of lines[i] when the message starts with
// that field path, else the trial balance's first line.
int LineOfError(const CsvTrialBalance& tb, absl::string_view message) {
  size_t index = 0;
  if (absl::ConsumePrefix(&message, "lines[")) {
    const size_t close = message.find(']');
    if (close != absl::string_view::npos && absl::SimpleAtoi(message.substr(0, close), &index) &&
        index < tb.lines.size()) {
      return tb.lines[index];
    }
  }
  return tb.lines.empty() ? 0 : tb.lines.front();
}

// The group's last import sequence: a reply with a sequence up to it was imported before.
grpc::Status ImportSequence(Stub& stub, uint64_t* sequence) {
  v1::ListTrialBalancesRequest request;
  request.set_page_size(1);
  v1::ListTrialBalancesResponse response;
  const grpc::Status status = stub.ListTrialBalances(CallContext().get(), request, &response);
  *sequence = response.import_sequence();
  return status;
}

grpc::Status Send(Stub& stub, const v1::ImportTrialBalanceRequest& request,
                  v1::ImportTrialBalanceResponse* response) {
  if (request.lines_size() <= kTrialBalanceLinesPerMessage) {
    return stub.ImportTrialBalance(CallContext().get(), request, response);
  }
  auto context = CallContext();
  auto writer = stub.StreamImportTrialBalance(context.get(), response);
  for (int start = 0; start < request.lines_size(); start += kTrialBalanceLinesPerMessage) {
    v1::ImportTrialBalanceRequest message;
    if (start == 0) {
      message = request;
      message.clear_lines();
    }
    const int end = std::min(request.lines_size(), start + kTrialBalanceLinesPerMessage);
    for (int i = start; i < end; ++i) *message.add_lines() = request.lines(i);
    if (!writer->Write(message)) break;  // Finish says why.
  }
  writer->WritesDone();
  return writer->Finish();
}

// Sends each upsert of `rows` with `call`; returns the exit code.
template <typename Request, typename Response>
int Upsert(const std::string& path, const std::vector<std::pair<int, Request>>& rows,
           const std::vector<CsvRowError>& errors, const char* what,
           grpc::Status (Stub::*call)(grpc::ClientContext*, const Request&, Response*), Stub& stub,
           Console& console) {
  size_t refused = 0;
  const size_t unreadable = errors.size();
  std::unique_ptr<Refusals> refusals = RefusalsOf(path, errors, console);
  ProgressLine progress(console, "loading", rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    Response response;
    const grpc::Status status = (stub.*call)(CallContext().get(), rows[i].second, &response);
    if (Fatal(status, console)) return kExitUnavailable;
    if (!status.ok()) {
      ++refused;
      refusals->Add(rows[i].first, {}, status.error_message());
    }
    progress.Update(i + 1);
  }
  console.out << "loaded " << rows.size() - refused << " of " << rows.size() << " " << what
              << " from " << path << "; " << refused << " refused by the server, " << unreadable
              << " unreadable rows\n";
  refusals->Finish().IgnoreError();  // Without a rejects file it writes nothing.
  return refused == 0 && unreadable == 0 ? kExitOk : kExitSomeFailed;
}

}  // namespace

int ImportTrialBalances(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                        DecimalMark mark, Console& console) {
  std::string text;
  if (!ReadInputFile(path, &text, console)) return kExitBadInput;
  absl::StatusOr<TrialBalanceCsv> file = ReadTrialBalanceCsv(text, mark);
  if (!file.ok()) {
    console.err << "interco: " << path << ": " << file.status().message() << "\n";
    return kExitBadInput;
  }
  std::unique_ptr<Refusals> refusals = RefusalsOf(path, file->errors, console);
  auto stub = v1::TrialBalanceService::NewStub(channel);
  uint64_t sequence_before = 0;
  if (const grpc::Status status = ImportSequence(*stub, &sequence_before); !status.ok()) {
    return Failed(status, console);
  }
  size_t fresh = 0, earlier = 0, refused = 0, lines = 0;
  ProgressLine progress(console, "importing", file->trial_balances.size());
  for (size_t i = 0; i < file->trial_balances.size(); ++i) {
    const CsvTrialBalance& tb = file->trial_balances[i];
    v1::ImportTrialBalanceResponse response;
    const grpc::Status status = Send(*stub, tb.request, &response);
    if (Fatal(status, console)) return kExitUnavailable;
    if (status.ok()) {
      const v1::TrialBalanceVersion& version = response.trial_balance();
      ++(version.import_sequence() > sequence_before ? fresh : earlier);
      lines += version.line_count();
    } else {
      ++refused;
      refusals->AddItem(LineOfError(tb, status.error_message()),
                        absl::StrCat(tb.request.entity_id(), " ", tb.request.period()),
                        status.error_message());
    }
    progress.Update(i + 1);
  }
  console.out << fresh + earlier << " trial balances of " << path << " imported: " << fresh
              << " new, " << earlier << " already there (" << lines << " lines); " << refused
              << " refused by the server, " << file->errors.size() << " unreadable rows\n";
  refusals->Finish().IgnoreError();  // Without a rejects file it writes nothing.
  return refused == 0 && file->errors.empty() ? kExitOk : kExitSomeFailed;
}

int LoadGroupAccounts(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                      Console& console) {
  std::string text;
  if (!ReadInputFile(path, &text, console)) return kExitBadInput;
  absl::StatusOr<GroupAccountRows> file = ReadGroupAccountsCsv(text);
  if (!file.ok()) {
    console.err << "interco: " << path << ": " << file.status().message() << "\n";
    return kExitBadInput;
  }
  auto stub = v1::TrialBalanceService::NewStub(channel);
  return Upsert(path, file->accounts, file->errors, "group accounts", &Stub::UpsertGroupAccount,
                *stub, console);
}

int LoadChartMappings(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                      Console& console) {
  std::string text;
  if (!ReadInputFile(path, &text, console)) return kExitBadInput;
  absl::StatusOr<ChartMappingRows> file = ReadChartMappingsCsv(text);
  if (!file.ok()) {
    console.err << "interco: " << path << ": " << file.status().message() << "\n";
    return kExitBadInput;
  }
  auto stub = v1::TrialBalanceService::NewStub(channel);
  return Upsert(path, file->mappings, file->errors, "mappings", &Stub::UpsertChartMapping, *stub,
                console);
}

}  // namespace interco::cli
