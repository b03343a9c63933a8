#include "services/cli/refusals.h"

#include <algorithm>
#include <fstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace interco::cli {

absl::StatusOr<std::unique_ptr<Refusals>> Refusals::Create(std::string input,
                                                           std::vector<std::string> header,
                                                           CsvFormat format,
                                                           const std::string& rejects_path,
                                                           Console& console) {
  std::unique_ptr<std::ostream> rejects;
  if (!rejects_path.empty()) {
    auto file = std::make_unique<std::ofstream>(rejects_path, std::ios::binary | std::ios::trunc);
    if (!*file) {
      return absl::InvalidArgumentError(absl::StrCat("--rejects: cannot write ", rejects_path));
    }
    rejects = std::move(file);
  }
  auto refusals = std::unique_ptr<Refusals>(new Refusals(
      std::move(input), std::move(header), format, rejects_path, std::move(rejects), console));
  refusals->takes_rejects_ = true;
  return refusals;
}

std::unique_ptr<Refusals> Refusals::Printing(std::string input, Console& console) {
  return std::unique_ptr<Refusals>(
      new Refusals(std::move(input), {}, CsvFormat{}, "", nullptr, console));
}

Refusals::Refusals(std::string input, std::vector<std::string> header, CsvFormat format,
                   std::string rejects_path, std::unique_ptr<std::ostream> rejects,
                   Console& console)
    : input_(std::move(input)),
      header_(std::move(header)),
      format_(format),
      rejects_path_(std::move(rejects_path)),
      rejects_(std::move(rejects)),
      console_(console) {}

std::string Refusals::KindOf(const std::string& reason) {
  std::string kind;
  bool quoted = false;
  for (const char c : reason) {
    if (c == '"') {
      kind += quoted ? "...\"" : "\"";
      quoted = !quoted;
    } else if (!quoted) {
      kind.push_back(c);
    }
  }
  if (quoted) kind += "...";
  return kind;
}

void Refusals::Add(int line, const std::vector<std::string>& fields, const std::string& reason) {
  if (rows_.size() < kShownMax) {
    console_.err << "interco: " << input_ << ":" << line << ": " << reason << "\n";
  }
  rows_.push_back({line, fields, reason});
  ++count_by_kind_[KindOf(reason)];
}

void Refusals::AddItem(int line, const std::string& subject, const std::string& reason) {
  if (rows_.size() < kShownMax) {
    console_.err << "interco: " << input_ << ":" << line << ": " << subject << ": " << reason
                 << "\n";
  }
  rows_.push_back({line, {}, absl::StrCat(subject, ": ", reason)});
  ++count_by_kind_[KindOf(reason)];
}

std::string Refusals::RejectsText() {
  std::vector<std::string> header = header_;
  const auto reason_at = std::find(header.begin(), header.end(), kReasonColumn);
  const size_t reason_column = reason_at - header.begin();
  if (reason_at == header.end()) header.push_back(kReasonColumn);
  std::string text = format_.byte_order_mark ? "\xEF\xBB\xBF" : "";
  text += CsvLine(header, format_.delimiter);
  std::stable_sort(rows_.begin(), rows_.end(),
                   [](const Row& a, const Row& b) { return a.line < b.line; });
  for (Row& row : rows_) {
    row.fields.resize(std::max(row.fields.size(), reason_column + 1));
    row.fields[reason_column] = row.reason;
    text += CsvLine(row.fields, format_.delimiter);
  }
  return text;
}

absl::Status Refusals::Finish() {
  if (rejects_ != nullptr) {
    *rejects_ << RejectsText();
    rejects_->flush();
    if (!*rejects_) return absl::InternalError(absl::StrCat("cannot write ", rejects_path_));
  }
  if (rows_.empty()) return absl::OkStatus();
  if (rows_.size() > kShownMax) {
    console_.err << "interco: " << input_ << ": " << rows_.size() - kShownMax
                 << " more refused rows not shown"
                 << (rejects_ != nullptr ? absl::StrCat("; every one is in ", rejects_path_)
                     : takes_rejects_    ? "; --rejects FILE writes every one with its reason"
                                         : "")
                 << "\n";
  }
  if (rejects_ != nullptr) {
    console_.err << "interco: " << input_ << ": the rows not posted are in " << rejects_path_
                 << ", each with its reason in the \"" << kReasonColumn
                 << "\" column: fix them there and post that file\n";
  }
  if (rows_.size() == 1) return absl::OkStatus();  // Its one line said it all.
  std::vector<std::pair<size_t, std::string>> kinds;
  for (const auto& [kind, count] : count_by_kind_) kinds.emplace_back(count, kind);
  std::stable_sort(kinds.begin(), kinds.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  console_.err << "interco: " << input_ << ": " << rows_.size() << " refused, by reason:\n";
  for (const auto& [count, kind] : kinds) {
    console_.err << absl::StrFormat("interco: %7d  %s\n", count, kind);
  }
  return absl::OkStatus();
}

}  // namespace interco::cli
