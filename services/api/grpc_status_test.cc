#include "services/api/grpc_status.h"

#include <string>

#include "absl/status/status.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/common/field_error.h"

namespace interco::api {
namespace {

google::rpc::Status Details(const grpc::Status& status) {
  google::rpc::Status parsed;
  EXPECT_TRUE(parsed.ParseFromString(status.error_details()));
  return parsed;
}

TEST(ToGrpcStatusTest, OkIsOkWithoutDetails) {
  const grpc::Status status = ToGrpcStatus(absl::OkStatus());
  EXPECT_TRUE(status.ok());
  EXPECT_TRUE(status.error_details().empty());
}

TEST(ToGrpcStatusTest, EveryCodeMapsToTheSameGrpcCodeWithErrorInfo) {
  const struct {
    absl::StatusCode absl_code;
    grpc::StatusCode grpc_code;
    const char* reason;
  } kCases[] = {
      {absl::StatusCode::kCancelled, grpc::CANCELLED, "CANCELLED"},
      {absl::StatusCode::kUnknown, grpc::UNKNOWN, "UNKNOWN"},
      {absl::StatusCode::kInvalidArgument, grpc::INVALID_ARGUMENT, "INVALID_ARGUMENT"},
      {absl::StatusCode::kDeadlineExceeded, grpc::DEADLINE_EXCEEDED, "DEADLINE_EXCEEDED"},
      {absl::StatusCode::kNotFound, grpc::NOT_FOUND, "NOT_FOUND"},
      {absl::StatusCode::kAlreadyExists, grpc::ALREADY_EXISTS, "ALREADY_EXISTS"},
      {absl::StatusCode::kPermissionDenied, grpc::PERMISSION_DENIED, "PERMISSION_DENIED"},
      {absl::StatusCode::kResourceExhausted, grpc::RESOURCE_EXHAUSTED, "RESOURCE_EXHAUSTED"},
      {absl::StatusCode::kFailedPrecondition, grpc::FAILED_PRECONDITION, "FAILED_PRECONDITION"},
      {absl::StatusCode::kAborted, grpc::ABORTED, "ABORTED"},
      {absl::StatusCode::kOutOfRange, grpc::OUT_OF_RANGE, "OUT_OF_RANGE"},
      {absl::StatusCode::kUnimplemented, grpc::UNIMPLEMENTED, "UNIMPLEMENTED"},
      {absl::StatusCode::kInternal, grpc::INTERNAL, "INTERNAL"},
      {absl::StatusCode::kUnavailable, grpc::UNAVAILABLE, "UNAVAILABLE"},
      {absl::StatusCode::kDataLoss, grpc::DATA_LOSS, "DATA_LOSS"},
      {absl::StatusCode::kUnauthenticated, grpc::UNAUTHENTICATED, "UNAUTHENTICATED"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.reason);
    const grpc::Status status = ToGrpcStatus(absl::Status(c.absl_code, "boom"));
    EXPECT_EQ(status.error_code(), c.grpc_code);
    EXPECT_EQ(status.error_message(), "boom");
    const google::rpc::Status details = Details(status);
    EXPECT_EQ(details.code(), static_cast<int>(c.grpc_code));
    EXPECT_EQ(details.message(), "boom");
    ASSERT_EQ(details.details_size(), 1);
    google::rpc::ErrorInfo info;
    ASSERT_TRUE(details.details(0).UnpackTo(&info));
    EXPECT_EQ(info.reason(), c.reason);
    EXPECT_EQ(info.domain(), kErrorDomain);
  }
}

TEST(ToGrpcStatusTest, FieldErrorCarriesBadRequestAndErrorInfoMetadata) {
  const grpc::Status status = ToGrpcStatus(
      InvalidField("edge.equity_share", "1.5", "SHARE_OUT_OF_RANGE", "must be in [0, 1]"));
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "edge.equity_share: must be in [0, 1] (got \"1.5\")");
  const google::rpc::Status details = Details(status);
  ASSERT_EQ(details.details_size(), 2);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "SHARE_OUT_OF_RANGE");
  EXPECT_EQ(info.metadata().at("field"), "edge.equity_share");
  EXPECT_EQ(info.metadata().at("value"), "1.5");
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(1).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "edge.equity_share");
  EXPECT_EQ(bad_request.field_violations(0).description(), status.error_message());
}

TEST(ToGrpcStatusTest, NonArgumentCodesKeepTheirCodeAndField) {
  const grpc::Status status = ToGrpcStatus(FieldError(absl::StatusCode::kNotFound, "edge.holder_id",
                                                      "NOPE", "UNKNOWN_ENTITY", "no such entity"));
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  const google::rpc::Status details = Details(status);
  google::rpc::BadRequest bad_request;
  ASSERT_EQ(details.details_size(), 2);
  ASSERT_TRUE(details.details(1).UnpackTo(&bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "edge.holder_id");
}

TEST(ToGrpcStatusTest, ReasonWithoutFieldHasNoBadRequest) {
  const grpc::Status status =
      ToGrpcStatus(WithReason(absl::UnimplementedError("later"), "NOT_BUILT_YET"));
  const google::rpc::Status details = Details(status);
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "NOT_BUILT_YET");
  EXPECT_TRUE(info.metadata().empty());
}

TEST(ToGrpcStatusTest, QuotaErrorCarriesQuotaFailureAndTheLimitInErrorInfo) {
  const grpc::Status status = ToGrpcStatus(QuotaError(
      "import_buffer_bytes_max", "1024", "IMPORT_BUFFER_FULL", "1000 of 1024 bytes held"));
  EXPECT_EQ(status.error_code(), grpc::RESOURCE_EXHAUSTED);
  EXPECT_EQ(status.error_message(), "1000 of 1024 bytes held");
  const google::rpc::Status details = Details(status);
  ASSERT_EQ(details.details_size(), 2);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "IMPORT_BUFFER_FULL");
  EXPECT_EQ(info.metadata().at("limit"), "import_buffer_bytes_max");
  EXPECT_EQ(info.metadata().at("limit_value"), "1024");
  google::rpc::QuotaFailure quota;
  ASSERT_TRUE(details.details(1).UnpackTo(&quota));
  ASSERT_EQ(quota.violations_size(), 1);
  EXPECT_EQ(quota.violations(0).subject(), "import_buffer_bytes_max");
  EXPECT_EQ(quota.violations(0).description(), "1000 of 1024 bytes held");
}

TEST(ToGrpcStatusTest, LongValuesAreCutInTheDetails) {
  const std::string long_value(1000, 'x');
  const grpc::Status status = ToGrpcStatus(InvalidField("name", long_value, "", "too long"));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(Details(status).details(0).UnpackTo(&info));
  EXPECT_EQ(info.metadata().at("value").size(), kMaxQuotedValueBytes + 3);
}

TEST(ToCompactRpcStatusTest, NeverExceedsItsBoundAndKeepsCodeReasonAndField) {
  // The longest of everything, with multi-byte characters where a cut could split one.
  const std::string long_text = std::string(5000, 'x') + "\xc3\xa9" + std::string(5000, 'y');
  std::string multibyte;
  for (int i = 0; i < 3000; ++i) multibyte += "\xc3\xa9";
  for (const absl::Status& status :
       {InvalidField(long_text, long_text, std::string(300, 'R'), multibyte),
        InvalidField(multibyte, multibyte, multibyte, multibyte),
        absl::Status(absl::StatusCode::kAlreadyExists, multibyte)}) {
    const google::rpc::Status compact = ToCompactRpcStatus(status);
    EXPECT_LE(compact.ByteSizeLong(), kMaxCompactStatusBytes);
    EXPECT_EQ(compact.code(), static_cast<int>(status.code()));
    google::rpc::Status parsed;
    ASSERT_TRUE(parsed.ParseFromString(compact.SerializeAsString())) << "valid UTF-8 throughout";
  }
  const google::rpc::Status named =
      ToCompactRpcStatus(InvalidField("transaction.quantity", "-1", "NEGATIVE", "must be > 0"));
  ASSERT_EQ(named.details_size(), 2);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(named.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "NEGATIVE");
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(named.details(1).UnpackTo(&bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "transaction.quantity");
}

}  // namespace
}  // namespace interco::api
