// LedgerService with StreamPostTransactions served raw and parsed message by message
// (parsed_client_stream.h), so that an unparsable message in an import stream ends the
// call with INVALID_ARGUMENT instead of passing for the end of the stream. The server
// registers this class; the handlers are LedgerService's.
#ifndef INTERCO_SERVICES_API_STREAM_PARSING_LEDGER_SERVICE_H_
#define INTERCO_SERVICES_API_STREAM_PARSING_LEDGER_SERVICE_H_

#include <utility>

#include "services/api/ledger_service.h"
#include "services/api/parsed_client_stream.h"

namespace interco::api {

class StreamParsingLedgerService final : public LedgerService {
 public:
  template <typename... Args>
  explicit StreamParsingLedgerService(Args&&... args) : LedgerService(std::forward<Args>(args)...) {
    MarkMethodRawCallback(MethodIndex("interco.v1.LedgerService", "StreamPostTransactions"),
                          NewParsedClientStreamHandler<v1::PostTransactionRequest,
                                                       v1::StreamPostTransactionsResponse>(
                              "/interco.v1.LedgerService/StreamPostTransactions",
                              [this](grpc::CallbackServerContext* context,
                                     v1::StreamPostTransactionsResponse* response) {
                                return LedgerService::StreamPostTransactions(context, response);
                              }));
  }
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_STREAM_PARSING_LEDGER_SERVICE_H_
