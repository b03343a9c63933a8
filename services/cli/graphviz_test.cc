#include "services/cli/graphviz.h"

#include <cstdlib>
#include <string>

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

TEST(RenderGraphTest, DrawsAGraph) {
  absl::StatusOr<std::string> svg = RenderGraph("digraph g { \"P\" -> \"A\" [label=\"100%\"]; }", GraphFormat::kSvg);
  ASSERT_TRUE(svg.ok()) << svg.status();
  EXPECT_NE(svg->find("<svg"), std::string::npos);
  EXPECT_NE(svg->find(">100%</text>"), std::string::npos) << *svg;
}

TEST(RenderGraphTest, ASyntaxErrorIsInternalWithDotsMessage) {
  absl::StatusOr<std::string> svg = RenderGraph("digraph g { -> }", GraphFormat::kSvg);
  EXPECT_EQ(svg.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(svg.status().message().find("syntax error"), std::string::npos) << svg.status();
}

TEST(RenderGraphTest, NoDotOnThePathIsFailedPreconditionNamingThePackage) {
  const std::string path = std::getenv("PATH");
  setenv("PATH", "/nonexistent", 1);
  absl::StatusOr<std::string> svg = RenderGraph("digraph g {}", GraphFormat::kSvg);
  setenv("PATH", path.c_str(), 1);
  EXPECT_EQ(svg.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(svg.status().message().find("graphviz"), std::string::npos) << svg.status();
}

TEST(RenderGraphTest, PngIsPngBytes) {
  absl::StatusOr<std::string> png =
      RenderGraph("digraph g { \"P\" -> \"A\" [label=\"100%\"]; }", GraphFormat::kPng);
  ASSERT_TRUE(png.ok()) << png.status();
  EXPECT_EQ(png->substr(0, 8), "\x89PNG\r\n\x1a\n");
}

}  // namespace
}  // namespace interco::cli
