#include "services/cli/month_end.h"

#include "absl/strings/str_cat.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "services/cli/report_model.h"
#include "services/cli/table.h"
#include "services/cli/wire.h"

namespace interco::cli {
namespace {

// The most entries one listing prints: a month of a busy entity fits, a mistaken filter
// does not fill the terminal for ever.
constexpr size_t kMaxListedEntries = 100000;
constexpr int kEntriesPageSize = 1000;

// Whether `entity` is one the group knows: an unknown one lists no entries, and a typo must
// not read as "0 entries". kExitOk when it is, or when the server cannot say (the listing
// stands); Failed()'s code, the message naming --entity, when it is unknown.
int CheckEntityKnown(const std::shared_ptr<grpc::Channel>& channel, const std::string& entity,
                     Console& console) {
  v1::GetEntityRequest request;
  request.set_entity_id(entity);
  v1::VersionedEntity found;
  const grpc::Status status =
      v1::GroupStructureService::NewStub(channel)->GetEntity(CallContext().get(), request, &found);
  if (status.error_code() != grpc::NOT_FOUND) return kExitOk;
  return Failed(grpc::Status(grpc::NOT_FOUND,
                             absl::StrCat("entity_id: the group has no entity \"", entity, "\"")),
                console);
}

}  // namespace

int ClosePeriod(const std::shared_ptr<grpc::Channel>& channel, const std::string& entity,
                const std::string& period, bool roll_forward, Console& console) {
  v1::ClosePeriodRequest request;
  request.set_request_id(FreshRequestId(absl::StrCat("close:", entity, ":", period)));
  request.set_entity_id(entity);
  request.set_period(period);
  request.set_roll_forward(roll_forward);
  v1::ClosePeriodResponse response;
  const grpc::Status status =
      v1::PolicyService::NewStub(channel)->ClosePeriod(CallContext().get(), request, &response);
  if (!status.ok()) return Failed(status, console);
  console.out << "closed " << period << " of " << entity
              << (roll_forward ? " (later postings dated in it roll forward)"
                               : " (later postings dated in it are refused)")
              << ", pricing version " << response.pricing_version() << "\n";
  return kExitOk;
}

int ReopenPeriod(const std::shared_ptr<grpc::Channel>& channel, const std::string& entity,
                 const std::string& period, Console& console) {
  v1::ReopenPeriodRequest request;
  request.set_request_id(FreshRequestId(absl::StrCat("reopen:", entity, ":", period)));
  request.set_entity_id(entity);
  request.set_period(period);
  v1::ReopenPeriodResponse response;
  const grpc::Status status =
      v1::PolicyService::NewStub(channel)->ReopenPeriod(CallContext().get(), request, &response);
  if (!status.ok()) return Failed(status, console);
  console.out << "reopened " << period << " of " << entity << ", pricing version "
              << response.pricing_version() << "\n";
  return kExitOk;
}

int ReverseEntry(const std::shared_ptr<grpc::Channel>& channel, uint64_t sequence,
                 const std::string& date, Console& console) {
  absl::StatusOr<google::type::Date> day = ParseDate(date);
  if (!day.ok()) {
    console.err << "interco: --date: " << day.status().message() << "\n";
    return kExitBadInput;
  }
  v1::ReverseTransactionRequest request;
  request.set_request_id(RequestId(absl::StrCat("reverse:", sequence), date));
  request.set_sequence(sequence);
  *request.mutable_date() = *day;
  v1::PostTransactionResponse response;
  const grpc::Status status = v1::LedgerService::NewStub(channel)->ReverseTransaction(
      CallContext().get(), request, &response);
  if (!status.ok()) return Failed(status, console);
  console.out << "reversed entry " << sequence << " on " << date << " as entry "
              << response.sequence() << " (" << response.lines_size() << " lines)\n";
  return kExitOk;
}

int ListEntries(const std::shared_ptr<grpc::Channel>& channel, const EntryFilter& filter,
                const std::string& format, bool with_header, Console& console) {
  auto ledger = v1::LedgerService::NewStub(channel);
  // Without a header, every entry there is; with one, those up to the head it names.
  uint64_t sequence_max = UINT64_MAX;
  std::string header_lines;  // Printed with the rows: not for an entity that is not there.
  if (with_header && format == "csv") {
    v1::LedgerHead head;
    const grpc::Status status =
        ledger->GetLedgerHead(CallContext().get(), v1::GetLedgerHeadRequest(), &head);
    if (!status.ok()) return Failed(status, console);
    sequence_max = head.sequence();
    header_lines = CsvHeaderLines({{"entity", filter.entity},
                                   {"period", filter.period},
                                   {"ledger sequence", absl::StrCat(head.sequence())},
                                   {"ledger hash", head.chain_hash()},
                                   {"structure version", absl::StrCat(head.structure_version())},
                                   {"pricing version", absl::StrCat(head.pricing_version())}});
  }
  v1::ListEntriesRequest request;
  request.set_entity_id(filter.entity);
  request.set_period(filter.period);
  request.set_account(filter.account);
  request.set_counterparty_id(filter.counterparty);
  request.set_transaction_id(filter.transaction);
  request.set_page_size(kEntriesPageSize);
  Table table({"sequence", "date", "period", "transaction", "entity", "counterparty", "account",
               "side", "amount", "currency", "functional"});
  table.SetRightAligned({true, false, false, false, false, false, false, false, true, false, true});
  size_t entries = 0;
  do {
    v1::ListEntriesResponse page;
    const grpc::Status status = ledger->ListEntries(CallContext().get(), request, &page);
    if (!status.ok()) return Failed(status, console);
    for (const v1::LedgerEntry& entry : page.entries()) {
      if (entry.sequence() > sequence_max) continue;
      for (const v1::LedgerLine& line : entry.lines()) {
        table.Add({absl::StrCat(entry.sequence()), DateText(entry.date()), line.period(),
                   entry.transaction_id(), line.entity_id(), line.counterparty_id(), line.account(),
                   SideText(line.side()), MoneyText(line.amount()), line.amount().currency_code(),
                   absl::StrCat(MoneyText(line.functional_amount()), " ",
                                line.functional_amount().currency_code())});
      }
    }
    entries += page.entries_size();
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty() && entries < kMaxListedEntries);
  if (entries == 0) {
    if (int code = CheckEntityKnown(channel, filter.entity, console); code != kExitOk) return code;
  }
  console.out << header_lines << (format == "csv" ? table.Csv() : table.Text());
  if (format != "csv") console.out << entries << (entries == 1 ? " entry\n" : " entries\n");
  if (!request.page_token().empty()) {
    console.err << "interco: stopped after " << kMaxListedEntries
                << " entries; narrow the filter (--period, --account, ...)\n";
    return kExitSomeFailed;
  }
  return kExitOk;
}

}  // namespace interco::cli
