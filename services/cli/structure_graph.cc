#include "services/cli/structure_graph.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "services/cli/share_percent.h"

namespace interco::cli {
namespace {

// A DOT double-quoted string: backslash and quote escaped, newlines as DOT's centred "\n".
std::string Quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) >= 0x20) {
      out += c;
    }
  }
  return out + "\"";
}

std::string EntityLabel(const v1::LegalEntity& entity, bool ultimate_parent,
                        const std::map<std::string, EntityStanding>& standing) {
  std::string label = absl::StrCat(entity.entity_id(), "\n", entity.name(), "\n",
                                   entity.jurisdiction(), ", ", entity.functional_currency());
  if (ultimate_parent) {
    absl::StrAppend(&label, "\nultimate parent");
  } else if (const auto it = standing.find(entity.entity_id());
             it != standing.end() && !it->second.method.empty()) {
    absl::StrAppend(&label, "\n", it->second.method, ", ",
                    SharePercent(it->second.effective_share));
  }
  return label;
}

}  // namespace

std::string OwnershipDot(const v1::GetStructureResponse& structure,
                         const std::map<std::string, EntityStanding>& standing) {
  std::set<std::string> held;
  for (const v1::OwnershipEdge& edge : structure.edges()) held.insert(edge.held_id());
  std::string dot = absl::StrCat(
      "digraph group {\n"
      "  graph [rankdir=TB, label=",
      Quoted(absl::StrCat("structure version ", structure.structure_version())),
      ", labelloc=b, fontname=\"DejaVu Sans\"];\n"
      "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f6fa\", "
      "fontname=\"DejaVu Sans\"];\n"
      "  edge [fontname=\"DejaVu Sans\"];\n");
  for (const v1::LegalEntity& entity : structure.entities()) {
    const bool top = held.count(entity.entity_id()) == 0;
    absl::StrAppend(&dot, "  ", Quoted(entity.entity_id()),
                    " [label=", Quoted(EntityLabel(entity, top, standing)),
                    top ? ", penwidth=2" : "", "];\n");
  }
  for (const v1::OwnershipEdge& edge : structure.edges()) {
    std::string label = SharePercent(edge.equity_share().value());
    if (edge.voting_share().value() != edge.equity_share().value()) {
      absl::StrAppend(&label, "\nvotes ", SharePercent(edge.voting_share().value()));
    }
    if (edge.explicit_control()) absl::StrAppend(&label, "\ncontrol");
    absl::StrAppend(&dot, "  ", Quoted(edge.holder_id()), " -> ", Quoted(edge.held_id()),
                    " [label=", Quoted(label), "];\n");
  }
  return dot + "}\n";
}

}  // namespace interco::cli
