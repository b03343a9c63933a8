// The rows of a file that were refused, for the commands that send files: the first
// kShownMax on err as they come, a count per reason at the end, and for `interco post` each
// of them in a rejects file (--rejects), so that a 20,000-row file with thousands of
// refusals prints a page, not thousands of lines.
//
// Not thread-safe; one per run.
#ifndef INTERCO_SERVICES_CLI_REFUSALS_H_
#define INTERCO_SERVICES_CLI_REFUSALS_H_

#include <cstddef>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/cli/call.h"
#include "services/cli/csv.h"

namespace interco::cli {

// The name of the column a rejects file adds to the input's.
inline constexpr char kReasonColumn[] = "reason";

class Refusals {
 public:
  // Refusals printed one per line; the others are counted, and written to the rejects file.
  static constexpr size_t kShownMax = 20;

  // Refusals of the rows of `input` (the file's name, for messages), whose columns are
  // `header`, written as `format`. With a non-empty `rejects_path`, that file is created
  // (replaced) now, so that an unwritable one is refused before anything posts:
  // INVALID_ARGUMENT naming --rejects.
  static absl::StatusOr<std::unique_ptr<Refusals>> Create(std::string input,
                                                          std::vector<std::string> header,
                                                          CsvFormat format,
                                                          const std::string& rejects_path,
                                                          Console& console);

  // Refusals printed and counted by reason, with no rejects file (`journal`, `tb`, ...).
  static std::unique_ptr<Refusals> Printing(std::string input, Console& console);

  // The row at `line` of the input, with its `fields` as the file has them, was refused
  // for `reason`.
  void Add(int line, const std::vector<std::string>& fields, const std::string& reason);
  // The item of `subject` ("entry OB-1", "A 2024-06") starting at `line` was refused for
  // `reason`; counted by reason alone.
  void AddItem(int line, const std::string& subject, const std::string& reason);

  size_t size() const { return rows_.size(); }

  // Writes every refused row, in the input's line order, to the rejects file: the input's
  // columns and a reason column (filled in place when the input, a rejects file posted
  // again, has one). Then, on err, how many refusals were not shown, where the rejects
  // are, and (for more than one) the count per reason, most frequent first. INTERNAL when the
  // rejects file cannot be written.
  absl::Status Finish();

  // `reason` without what differs from row to row (quoted values), so that rows refused
  // for the same cause count together: `"2024-06-31" is not a date` -> `"..." is not a date`.
  static std::string KindOf(const std::string& reason);

 private:
  struct Row {
    int line;
    std::vector<std::string> fields;
    std::string reason;
  };
  Refusals(std::string input, std::vector<std::string> header, CsvFormat format,
           std::string rejects_path, std::unique_ptr<std::ostream> rejects, Console& console);
  std::string RejectsText();

  std::string input_;
  std::vector<std::string> header_;
  CsvFormat format_;
  std::string rejects_path_;
  std::unique_ptr<std::ostream> rejects_;  // Null without --rejects.
  bool takes_rejects_ = false;             // The command has --rejects (made by Create()).
  Console& console_;
  std::vector<Row> rows_;
  std::map<std::string, size_t> count_by_kind_;
};

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_REFUSALS_H_
