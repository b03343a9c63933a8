// Graphviz's `dot` (Debian's graphviz package, installed by scripts/setup.sh), called as a
// program: the layout engine is Graphviz's own, and the CLI links no C library for it.
#ifndef INTERCO_SERVICES_CLI_GRAPHVIZ_H_
#define INTERCO_SERVICES_CLI_GRAPHVIZ_H_

#include <string>

#include "absl/status/statusor.h"

namespace interco::cli {

// The formats Graphviz draws in for the CLI; each is dot's -T argument.
enum class GraphFormat { kSvg, kPng };

// The picture `dot -T<format>` draws from `dot_source`: SVG text or PNG bytes.
// FAILED_PRECONDITION when no `dot` is on the PATH (the message says which package to
// install); INTERNAL when dot fails or prints nothing (its stderr in the message). Blocks
// until dot exits; the graph comes from OwnershipDot, so dot's input is always small.
absl::StatusOr<std::string> RenderGraph(const std::string& dot_source, GraphFormat format);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_GRAPHVIZ_H_
