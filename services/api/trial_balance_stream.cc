// The reactor behind TrialBalanceService.StreamImportTrialBalance: gathers one import from
// the stream's messages, bounded in lines and bytes, and imports it once the client has
// closed its side, through the same TrialBalanceService::Import as the unary call.
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/api/grpc_status.h"
#include "services/api/parsed_client_stream.h"
#include "services/api/trial_balance_convert.h"
#include "services/api/trial_balance_service.h"
#include "services/common/field_error.h"

namespace interco::api {
namespace {

class ImportStreamReactor final : public grpc::ServerReadReactor<v1::ImportTrialBalanceRequest>,
                                  public UnparsableMessageObserver {
 public:
  ImportStreamReactor(const TrialBalanceService* service, grpc::CallbackServerContext* context,
                      v1::ImportTrialBalanceResponse* response, std::string caller)
      : service_(service), context_(context), response_(response), caller_(std::move(caller)) {
    StartRead(&request_);
  }

  // The stream's call ends with INVALID_ARGUMENT naming the message; nothing is imported.
  void OnUnparsableMessage() override {
    absl::MutexLock lock(&mu_);
    unparsable_ = true;
  }

  void OnReadDone(bool ok) override {
    // One read is outstanding at a time, so reactions do not overlap; the mutex orders
    // them with OnCancel.
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    if (!ok && unparsable_) {
      // Nothing imported; the parsing reader turns this OK into its INVALID_ARGUMENT naming
      // the message (parsed_client_stream.h).
      FinishLocked(absl::OkStatus());
      return;
    }
    if (!ok && context_->IsCancelled()) {
      FinishLocked(absl::CancelledError("the import stream was cancelled; nothing was written"));
      return;
    }
    if (!ok && messages_ == 0) {
      FinishLocked(WithReason(absl::InvalidArgumentError("the import stream carried no message"),
                              "EMPTY_STREAM"));
      return;
    }
    if (!ok) {  // The client closed its side: the import is complete.
      absl::StatusOr<trial_balance::TrialBalanceHeader> header = service_->Import(import_, caller_);
      if (header.ok()) *response_->mutable_trial_balance() = TrialBalanceHeaderToProto(*header);
      FinishLocked(header.status());
      return;
    }
    bytes_ += request_.ByteSizeLong();
    if (bytes_ > kMaxTrialBalanceStreamBytes ||
        import_.lines.size() + request_.lines_size() > trial_balance::kMaxTrialBalanceLines) {
      FinishLocked(FieldError(
          absl::StatusCode::kResourceExhausted, "lines",
          absl::StrCat(import_.lines.size() + request_.lines_size()), "TOO_MANY_LINES",
          absl::StrCat("an import carries at most ", trial_balance::kMaxTrialBalanceLines,
                       " lines and ", kMaxTrialBalanceStreamBytes, " bytes; nothing was written")));
      return;
    }
    const absl::Status added =
        AddToImport(request_, messages_ == 0, import_.lines.size(), &import_);
    ++messages_;
    if (!added.ok()) {
      FinishLocked(added);
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  void FinishLocked(const absl::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    finished_ = true;
    Finish(ToGrpcStatus(status));
  }

  const TrialBalanceService* const service_;
  grpc::CallbackServerContext* const context_;
  v1::ImportTrialBalanceResponse* const response_;
  const std::string caller_;
  v1::ImportTrialBalanceRequest request_;  // Reused by every read.
  absl::Mutex mu_;
  trial_balance::TrialBalanceImport import_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  int messages_ ABSL_GUARDED_BY(mu_) = 0;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool unparsable_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

grpc::ServerReadReactor<v1::ImportTrialBalanceRequest>* NewImportStreamReactor(
    const TrialBalanceService* service, grpc::CallbackServerContext* context,
    v1::ImportTrialBalanceResponse* response, std::string caller) {
  return new ImportStreamReactor(service, context, response, std::move(caller));
}

}  // namespace interco::api
