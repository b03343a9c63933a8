// Serves a client-streaming method raw (grpc::ByteBuffer) and parses each message itself,
// so that a message that does not parse ends the call with INVALID_ARGUMENT instead of
// looking like the end of the stream (see unparsable_request.h for why).
//
// The method's own reactor (a grpc::ServerReadReactor<Request>) is unchanged: it is bound
// to a ParsingReader, which implements the typed reader it calls (StartRead, Finish,
// StartSendInitialMetadata) on top of the raw call and forwards the raw call's reactions
// (OnReadDone, OnSendInitialMetadataDone, OnCancel, OnDone) to it. When message n fails to
// parse, the typed reactor sees OnReadDone(false), finishes as at the end of its input,
// and the call ends with INVALID_ARGUMENT naming message n instead of its OK; an error
// status of its own is kept.
//
// Registration needs grpc::Service::MarkMethodRawCallback, which is protected: a class
// derived from the service registers NewParsedClientStreamHandler with it (see
// stream_parsing_ledger_service.h). Every client-streaming method must be listed in
// kParsedClientStreamMethods; a test checks the protos against it.
#ifndef INTERCO_SERVICES_API_PARSED_CLIENT_STREAM_H_
#define INTERCO_SERVICES_API_PARSED_CLIENT_STREAM_H_

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/codegen/server_callback_handlers.h"
#include "grpcpp/support/server_callback.h"
#include "services/api/grpc_status.h"
#include "services/api/unparsable_request.h"

namespace interco::api {

// Every client-streaming method the server serves parsed, as "/package.Service/Method".
inline constexpr const char* kParsedClientStreamMethods[] = {
    "/interco.v1.LedgerService/StreamPostTransactions",
    "/interco.v1.TrialBalanceService/StreamImportTrialBalance",
};

// The index of `method` in `service` ("package.Service"), as grpc::Service numbers its
// methods (declaration order); -1 if the descriptor pool has no such method.
int MethodIndex(absl::string_view service, absl::string_view method);

// A typed reactor that acts only once its whole input is read (an import that must be
// written all or nothing) implements this too: it then learns, before OnReadDone(false),
// that the input ended on a message that did not parse rather than at its end.
class UnparsableMessageObserver {
 public:
  virtual ~UnparsableMessageObserver() = default;
  virtual void OnUnparsableMessage() = 0;
};

template <typename Request, typename Response>
using TypedClientStream =
    std::function<grpc::ServerReadReactor<Request>*(grpc::CallbackServerContext*, Response*)>;

template <typename Request, typename Response>
class ParsingReader final : public grpc::ServerReadReactor<grpc::ByteBuffer> {
 public:
  // `method` is "/package.Service/Method"; `raw_response` is the call's response buffer.
  ParsingReader(std::string method, grpc::ByteBuffer* raw_response)
      : method_(std::move(method)), raw_response_(raw_response), typed_reader_(this) {}

  Response* typed_response() { return &typed_response_; }

  // Binds the method's reactor; from then on its reads come through this object.
  void Bind(grpc::ServerReadReactor<Request>* typed) {
    typed_ = typed;
    if (typed_ == nullptr) {
      Finish(grpc::Status(grpc::StatusCode::INTERNAL, "the method created no reactor"));
      return;
    }
    typed_reader_.BindTo(typed_);
  }

  // Reactions of the raw call, forwarded to the typed reactor.
  void OnReadDone(bool ok) override {
    if (!ok) {  // The client closed its side, or the call ended.
      typed_->OnReadDone(false);
      return;
    }
    Request* request = nullptr;
    int number = 0;
    {
      absl::MutexLock lock(&mu_);
      request = pending_;
      pending_ = nullptr;
      number = ++messages_;
    }
    if (!grpc::SerializationTraits<Request>::Deserialize(&buffer_, request).ok()) {
      {
        absl::MutexLock lock(&mu_);
        parse_error_ = ToGrpcStatus(UnparsableStreamMessageError(method_, number));
      }
      // The one run-time type check here: reactors that post item by item need not care.
      if (auto* observer = dynamic_cast<UnparsableMessageObserver*>(typed_)) {
        observer->OnUnparsableMessage();
      }
      typed_->OnReadDone(false);
      return;
    }
    typed_->OnReadDone(true);
  }
  void OnSendInitialMetadataDone(bool ok) override {
    if (typed_ != nullptr) typed_->OnSendInitialMetadataDone(ok);
  }
  void OnCancel() override {
    if (typed_ != nullptr) typed_->OnCancel();
  }
  void OnDone() override {
    if (typed_ != nullptr) typed_->OnDone();
    delete this;
  }

 private:
  // What the typed reactor holds as its reader.
  class TypedReader final : public grpc::ServerCallbackReader<Request> {
   public:
    explicit TypedReader(ParsingReader* owner) : owner_(owner) {}
    void BindTo(grpc::ServerReadReactor<Request>* typed) { this->BindReactor(typed); }
    void Finish(grpc::Status status) override { owner_->FinishTyped(std::move(status)); }
    void SendInitialMetadata() override { owner_->StartSendInitialMetadata(); }
    void Read(Request* request) override { owner_->ReadTyped(request); }

   private:
    // The library's bookkeeping of reactions; the raw call does it for this bridge.
    grpc::internal::ServerReactor* reactor() override { return owner_->typed_; }
    void CallOnDone() override {}

    ParsingReader* const owner_;
  };

  void ReadTyped(Request* request) {
    {
      absl::MutexLock lock(&mu_);
      pending_ = request;
    }
    StartRead(&buffer_);
  }

  void FinishTyped(grpc::Status status) {
    {
      absl::MutexLock lock(&mu_);
      if (parse_error_.has_value() && status.ok()) status = *parse_error_;
    }
    if (status.ok()) {
      bool own_buffer = false;
      if (!grpc::SerializationTraits<Response>::Serialize(typed_response_, raw_response_,
                                                          &own_buffer)
               .ok()) {
        status = grpc::Status(grpc::StatusCode::INTERNAL, "the response could not be serialized");
      }
    }
    Finish(std::move(status));
  }

  const std::string method_;
  grpc::ByteBuffer* const raw_response_;
  Response typed_response_;
  TypedReader typed_reader_;
  grpc::ServerReadReactor<Request>* typed_ = nullptr;  // Set once, before any reaction.
  // One read is outstanding at a time (the callback API's rule), so one buffer serves.
  grpc::ByteBuffer buffer_;
  absl::Mutex mu_;
  Request* pending_ ABSL_GUARDED_BY(mu_) = nullptr;
  int messages_ ABSL_GUARDED_BY(mu_) = 0;
  std::optional<grpc::Status> parse_error_ ABSL_GUARDED_BY(mu_);
};

// A raw callback handler for client-streaming `method` that parses each message and serves
// it through `typed`. For grpc::Service::MarkMethodRawCallback, which takes ownership.
template <typename Request, typename Response>
grpc::internal::MethodHandler* NewParsedClientStreamHandler(
    std::string method, TypedClientStream<Request, Response> typed) {
  return new grpc::internal::CallbackClientStreamingHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
      [method = std::move(method), typed = std::move(typed)](grpc::CallbackServerContext* context,
                                                             grpc::ByteBuffer* raw_response) {
        auto* reader = new ParsingReader<Request, Response>(method, raw_response);
        reader->Bind(typed(context, reader->typed_response()));
        return reader;
      });
}

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_PARSED_CLIENT_STREAM_H_
