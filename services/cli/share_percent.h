// How the command-line tool shows a share (an equity, voting, effective or NCI share, a
// decimal fraction such as "0.48") to a reader: as an exact percentage, "48%". One rule for
// the group picture, the tree and the report's tables (a workbook formats the fraction
// itself, "0.00%").
#ifndef INTERCO_SERVICES_CLI_SHARE_PERCENT_H_
#define INTERCO_SERVICES_CLI_SHARE_PERCENT_H_

#include <string>

namespace interco::cli {

// "0.48" -> "48%", "0.333333333333" -> "33.3333333333%"; `share` itself if it is not a
// decimal (never rounded).
std::string SharePercent(const std::string& share);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_SHARE_PERCENT_H_
