#include "services/cli/graphviz.h"

#include <cstdlib>
#include <string>

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

TEST(RenderSvgTest, DrawsAGraph) {
  absl::StatusOr<std::string> svg = RenderSvg("digraph g { \"P\" -> \"A\" [label=\"100%\"]; }");
  ASSERT_TRUE(svg.ok()) << svg.status();
  EXPECT_NE(svg->find("<svg"), std::string::npos);
  EXPECT_NE(svg->find(">100%</text>"), std::string::npos) << *svg;
}

TEST(RenderSvgTest, ASyntaxErrorIsInternalWithDotsMessage) {
  absl::StatusOr<std::string> svg = RenderSvg("digraph g { -> }");
  EXPECT_EQ(svg.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(svg.status().message().find("syntax error"), std::string::npos) << svg.status();
}

TEST(RenderSvgTest, NoDotOnThePathIsFailedPreconditionNamingThePackage) {
  const std::string path = std::getenv("PATH");
  setenv("PATH", "/nonexistent", 1);
  absl::StatusOr<std::string> svg = RenderSvg("digraph g {}");
  setenv("PATH", path.c_str(), 1);
  EXPECT_EQ(svg.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(svg.status().message().find("graphviz"), std::string::npos) << svg.status();
}

}  // namespace
}  // namespace interco::cli
