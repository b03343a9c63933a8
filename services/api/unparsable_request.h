// Requests whose bytes do not parse are INVALID_ARGUMENT, in every service and method.
//
// gRPC 1.51's callback API answers a request that fails to deserialize with UNIMPLEMENTED
// and an empty message (CallbackUnaryHandler and CallbackServerStreamingHandler substitute
// an "unimplemented" reactor when Deserialize fails; the synchronous handlers send
// INTERNAL), which an ERP reads as "this method does not exist". Two mechanisms fix that
// without touching each handler:
//
// - For unary and server-streaming methods, whose one request is parsed before the
//   handler runs, an interceptor (NewUnparsableRequestInterceptorFactory) sees the failed
//   parse (POST_RECV_MESSAGE with no message) and rewrites the status the library sends.
//   It covers every such method of every registered service, present and future,
//   including health and reflection.
// - For client-streaming methods, whose later messages are parsed while the call runs, a
//   failed parse looks to the reactor and to interceptors exactly like the client closing
//   its side: the call would end OK with the messages before it. Those methods are served
//   raw (parsed_client_stream.h), so that the parse happens where its failure is visible.
#ifndef INTERCO_SERVICES_API_UNPARSABLE_REQUEST_H_
#define INTERCO_SERVICES_API_UNPARSABLE_REQUEST_H_

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/server_interceptor.h"

namespace interco::api {

// INVALID_ARGUMENT (reason UNPARSABLE_REQUEST) saying that the request of `method`
// ("/package.Service/Method") could not be parsed.
absl::Status UnparsableRequestError(absl::string_view method);

// As above for message number `message_number` (from 1) of a client stream.
absl::Status UnparsableStreamMessageError(absl::string_view method, int message_number);

// Install first, so that interceptors after it (metrics, logs) see the rewritten status.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewUnparsableRequestInterceptorFactory();

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_UNPARSABLE_REQUEST_H_
