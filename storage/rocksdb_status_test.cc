#include "storage/rocksdb_status.h"

#include "gtest/gtest.h"

namespace interco::storage {
namespace {

TEST(FromRocksDbTest, MapsEveryCodeClass) {
  const struct {
    rocksdb::Status in;
    absl::StatusCode out;
  } kCases[] = {
      {rocksdb::Status::OK(), absl::StatusCode::kOk},
      {rocksdb::Status::NotFound("x"), absl::StatusCode::kNotFound},
      {rocksdb::Status::Corruption("x"), absl::StatusCode::kDataLoss},
      {rocksdb::Status::IOError("disk gone"), absl::StatusCode::kUnavailable},
      {rocksdb::Status::NoSpace("full"), absl::StatusCode::kResourceExhausted},
      {rocksdb::Status::IOError("lock /d/LOCK", "Resource temporarily unavailable"),
       absl::StatusCode::kFailedPrecondition},
      {rocksdb::Status::Busy("x"), absl::StatusCode::kUnavailable},
      {rocksdb::Status::TimedOut("x"), absl::StatusCode::kUnavailable},
      {rocksdb::Status::TryAgain("x"), absl::StatusCode::kUnavailable},
      {rocksdb::Status::ShutdownInProgress("x"), absl::StatusCode::kUnavailable},
      {rocksdb::Status::Incomplete("x"), absl::StatusCode::kUnavailable},
      {rocksdb::Status::Aborted("x"), absl::StatusCode::kAborted},
      {rocksdb::Status::InvalidArgument("x"), absl::StatusCode::kInternal},
      {rocksdb::Status::NotSupported("x"), absl::StatusCode::kInternal},
      {rocksdb::Status::MergeInProgress("x"), absl::StatusCode::kInternal},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.in.ToString());
    EXPECT_EQ(FromRocksDb(c.in, "ctx").code(), c.out);
  }
}

TEST(FromRocksDbTest, MessageCarriesContextAndOriginal) {
  const absl::Status status = FromRocksDb(rocksdb::Status::Corruption("bad block"), "reading");
  EXPECT_EQ(status.message(), "reading: Corruption: bad block");
}

}  // namespace
}  // namespace interco::storage
