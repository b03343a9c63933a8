#include "services/cli/acquisition_command.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "services/cli/acquisitions_csv.h"
#include "services/cli/refusals.h"
#include "services/cli/table.h"
#include "services/cli/wire.h"

namespace interco::cli {
namespace {

using Stub = v1::GroupStructureService::Stub;

// The file line a server error is about: that of fair_value_adjustments[i] when the
// message starts with its field path, else the acquisition's first line.
int LineOfError(const CsvAcquisition& acquisition, absl::string_view message) {
  size_t index = 0;
  if (absl::ConsumePrefix(&message, "acquisition.fair_value_adjustments[")) {
    const size_t close = message.find(']');
    if (close != absl::string_view::npos && absl::SimpleAtoi(message.substr(0, close), &index) &&
        index < acquisition.adjustment_lines.size()) {
      return acquisition.adjustment_lines[index];
    }
  }
  return acquisition.line;
}

std::string NciText(v1::NciMeasurement measurement) {
  switch (measurement) {
    case v1::NCI_MEASUREMENT_PROPORTIONATE:
      return "proportionate";
    case v1::NCI_MEASUREMENT_FAIR_VALUE:
      return "fair value";
    default:
      return "?";
  }
}

std::string AdjustmentsText(const v1::Acquisition& acquisition) {
  std::vector<std::string> parts;
  for (const v1::FairValueAdjustment& adjustment : acquisition.fair_value_adjustments()) {
    parts.push_back(absl::StrCat(adjustment.account(), "=", MoneyText(adjustment.amount())));
  }
  return absl::StrJoin(parts, " ");
}

}  // namespace

int LoadAcquisitions(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                     DecimalMark mark, Console& console) {
  std::string text;
  if (!ReadInputFile(path, &text, console)) return kExitBadInput;
  absl::StatusOr<AcquisitionsCsv> file = ReadAcquisitionsCsv(text, mark);
  if (!file.ok()) {
    console.err << "interco: " << path << ": " << file.status().message() << "\n";
    return kExitBadInput;
  }
  std::unique_ptr<Refusals> refusals = Refusals::Printing(path, console);
  for (const CsvRowError& error : file->errors) refusals->Add(error.line, {}, error.message);
  // The structure version before the run: an answer up to it was recorded before, by this
  // file or another (a retry answers the version its first request created).
  v1::LedgerHead head;
  const grpc::Status read_head = v1::LedgerService::NewStub(channel)->GetLedgerHead(
      CallContext().get(), v1::GetLedgerHeadRequest(), &head);
  if (!read_head.ok()) return Failed(read_head, console);
  auto stub = v1::GroupStructureService::NewStub(channel);
  size_t fresh = 0, earlier = 0, refused = 0;
  ProgressLine progress(console, "loading", file->acquisitions.size());
  for (size_t i = 0; i < file->acquisitions.size(); ++i) {
    const CsvAcquisition& acquisition = file->acquisitions[i];
    v1::UpsertAcquisitionResponse response;
    const grpc::Status status =
        stub->UpsertAcquisition(CallContext().get(), acquisition.request, &response);
    if (Fatal(status, console)) return kExitUnavailable;
    if (status.ok()) {
      ++(response.structure_version() > head.structure_version() ? fresh : earlier);
    } else {
      ++refused;
      const v1::Acquisition& wire = acquisition.request.acquisition();
      refusals->AddItem(LineOfError(acquisition, status.error_message()),
                        absl::StrCat(wire.holder_id(), " -> ", wire.held_id()),
                        status.error_message());
    }
    progress.Update(i + 1);
  }
  console.out << fresh + earlier << " acquisitions of " << path << " recorded: " << fresh
              << " new, " << earlier << " already there; " << refused << " refused by the server, "
              << file->errors.size() << " unreadable rows\n";
  refusals->Finish().IgnoreError();  // Without a rejects file it writes nothing.
  return refused == 0 && file->errors.empty() ? kExitOk : kExitSomeFailed;
}

int ShowAcquisitions(const std::shared_ptr<grpc::Channel>& channel, uint64_t structure_version,
                     const std::string& format, Console& console) {
  auto stub = v1::GroupStructureService::NewStub(channel);
  Table table({"holder", "held", "date", "consideration", "currency", "investment", "nci",
               "nci fair value", "adjustments", "version"});
  table.SetRightAligned({false, false, false, true, false, false, false, true, false, true});
  v1::ListAcquisitionsRequest request;
  request.set_as_of_structure_version(structure_version);
  const int code = ReadAllPages<v1::ListAcquisitionsResponse>(
      request,
      [&](grpc::ClientContext* context, const auto& request, auto* page) {
        return stub->ListAcquisitions(context, request, page);
      },
      [&](const v1::ListAcquisitionsResponse& page) {
        for (const v1::VersionedAcquisition& versioned : page.acquisitions()) {
          const v1::Acquisition& a = versioned.acquisition();
          const std::string fair_value = a.has_nci_fair_value()
                                             ? absl::StrCat(MoneyText(a.nci_fair_value()), " ",
                                                            a.nci_fair_value().currency_code())
                                             : "";
          table.Add({a.holder_id(), a.held_id(), DateText(a.acquisition_date()),
                     MoneyText(a.consideration()), a.consideration().currency_code(),
                     a.investment_account(), NciText(a.nci_measurement()), fair_value,
                     AdjustmentsText(a), absl::StrCat(versioned.structure_version())});
        }
      },
      console);
  if (code != kExitOk) return code;
  console.out << (format == "csv" ? table.Csv() : table.Text());
  return kExitOk;
}

}  // namespace interco::cli
