#include "bench/stack_profile.h"

#include <sstream>

#include "gtest/gtest.h"

namespace interco::bench {
namespace {

constexpr char kScript[] =
    "nexting_thread  4416    2000000 \n"
    "\t          a9577 operator new (/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30)\n"
    "\t          1dc428 interco::v1::Transaction::_InternalParse (/bin/interco_server)\n"
    "\t           b6520 grpc::internal::CallbackUnaryHandler<interco::v1::A, "
    "interco::v1::B>::RunHandler (/bin/interco_server)\n"
    "\n"
    "interco server  4417    1000000 \n"
    "\tffffffff81676d50 ext4_sync_file ([kernel.kallsyms])\n"
    "\t          3c7c6c fdatasync (/usr/lib/x86_64-linux-gnu/libc.so.6)\n"
    "\t          897ba [unknown] (/usr/lib/x86_64-linux-gnu/librocksdb.so.7.8.3)\n"
    "\t          123d39 rocksdb::DBImpl::WriteImpl (/usr/lib/librocksdb.so.7.8.3)\n"
    "\n";

std::vector<StackSample> Parse() {
  std::istringstream in(kScript);
  return ParsePerfScript(in);
}

TEST(ParsePerfScriptTest, ReadsThreadsWeightsAndFramesLeafFirst) {
  const std::vector<StackSample> samples = Parse();
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(samples[0].thread, "nexting_thread");
  EXPECT_EQ(samples[0].weight, 2000000);
  EXPECT_EQ(samples[0].frames.front(), "operator new");
  EXPECT_EQ(samples[1].thread, "interco server");
  EXPECT_EQ(samples[1].frames[0], "ext4_sync_file [k]");
  EXPECT_EQ(samples[1].frames[2], "[librocksdb.so.7.8.3]");
}

TEST(ShortSymbolTest, DropsTemplateArgumentsAndParameters) {
  EXPECT_EQ(ShortSymbol("grpc::X<a::B, std::less<int>>::Run(int, char)"), "grpc::X<>::Run");
  EXPECT_EQ(ShortSymbol("(anonymous namespace)::F(int)"), "(anonymous namespace)::F");
  EXPECT_EQ(ShortSymbol("std::function<void()>::operator()"), "std::function<>::operator()");
  EXPECT_EQ(ShortSymbol("operator new"), "operator new");
}

TEST(StageOfTest, AllocationIsChargedToTheStageThatAllocates) {
  const std::vector<StackSample> samples = Parse();
  const std::vector<Stage>& stages = PostingStages();
  EXPECT_EQ(stages[StageOf(samples[0], stages)].name.rfind("parsing", 0), 0u);
  EXPECT_TRUE(InAllocator(samples[0]));
}

TEST(StageOfTest, SyncInsideTheWriteIsWalSync) {
  const std::vector<StackSample> samples = Parse();
  const std::vector<Stage>& stages = PostingStages();
  EXPECT_EQ(stages[StageOf(samples[1], stages)].name, "WAL sync (fdatasync)");
  EXPECT_FALSE(InAllocator(samples[1]));
}

TEST(FoldedStacksTest, RootFirstWithTheThreadAndWeight) {
  const std::string folded = FoldedStacks(Parse());
  EXPECT_NE(folded.find("nexting_thread;grpc::internal::CallbackUnaryHandler<>::RunHandler;"
                        "interco::v1::Transaction::_InternalParse;operator new 2000000\n"),
            std::string::npos)
      << folded;
}

TEST(TopSelfTest, SharesOfTheLeafFrames) {
  const std::vector<FrameShare> top = TopSelf(Parse(), 10);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].frame, "operator new");
  EXPECT_NEAR(top[0].share, 2.0 / 3, 1e-9);
}

}  // namespace
}  // namespace interco::bench
