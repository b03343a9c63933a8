// The README's tours as data: the commands of its tested code blocks and the output each
// block shows, read from README.md itself so that the test and the document cannot part.
//
// A code block is part of a tour when the line before its opening fence is
//   <!-- readme-test: SESSION -->
// Blocks of one SESSION run in document order against one server on a fresh data
// directory. A block with "$ " commands that should not run (it starts the server, say)
// says so with <!-- readme-test: untested REASON -->; a block with commands and neither
// marker is an error, so a new example cannot escape the test by accident.
#ifndef INTERCO_TESTS_README_TOUR_H_
#define INTERCO_TESTS_README_TOUR_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interco::testing {

// One "$ " command and the lines README shows after it.
struct TourCommand {
  int line = 0;         // 1-based line of the "$ " in README.md, for failure messages
  std::string command;  // without "$ "; continuation lines (ending in '\') kept, joined by '\n'
  // The output shown, trailing spaces removed. A line that is "..." (indentation aside)
  // stands for any number of lines; every other line must appear exactly.
  std::vector<std::string> expected;
};

struct TourSession {
  std::string name;
  std::vector<TourCommand> commands;  // from all of the session's blocks, in order
};

// The sessions in order of first appearance. Fails (INVALID_ARGUMENT, naming the line) on
// a block with commands and no marker, an unterminated block, or a marker that is not
// followed by a code block.
absl::StatusOr<std::vector<TourSession>> ParseReadmeTour(absl::string_view markdown);

// Whether `actual` (text) matches `expected` line by line, with "..." lines matching any
// run of lines (none included). Trailing spaces on either side do not count.
bool OutputMatches(const std::vector<std::string>& expected, absl::string_view actual);

}  // namespace interco::testing

#endif  // INTERCO_TESTS_README_TOUR_H_
