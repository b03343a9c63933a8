// Services of the API whose work has not landed yet. Each RPC answers UNIMPLEMENTED with a
// message naming the work area, never a fake OK. Replaced service by service as the
// ledger and consolidation work lands.
#ifndef INTERCO_SERVICES_API_UNBUILT_SERVICES_H_
#define INTERCO_SERVICES_API_UNBUILT_SERVICES_H_

#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/transfer_pricing.grpc.pb.h"

namespace interco::api {

class UnbuiltLedgerService final : public v1::LedgerService::CallbackService {
 public:
  grpc::ServerUnaryReactor* PostTransaction(grpc::CallbackServerContext* context,
                                            const v1::PostTransactionRequest* request,
                                            v1::PostTransactionResponse* response) override;
  grpc::ServerUnaryReactor* BatchPostTransactions(
      grpc::CallbackServerContext* context, const v1::BatchPostTransactionsRequest* request,
      v1::BatchPostTransactionsResponse* response) override;
  grpc::ServerReadReactor<v1::PostTransactionRequest>* StreamPostTransactions(
      grpc::CallbackServerContext* context, v1::StreamPostTransactionsResponse* response) override;
  grpc::ServerUnaryReactor* ReverseTransaction(grpc::CallbackServerContext* context,
                                               const v1::ReverseTransactionRequest* request,
                                               v1::PostTransactionResponse* response) override;
  grpc::ServerUnaryReactor* GetEntry(grpc::CallbackServerContext* context,
                                     const v1::GetEntryRequest* request,
                                     v1::LedgerEntry* response) override;
  grpc::ServerUnaryReactor* ListEntries(grpc::CallbackServerContext* context,
                                        const v1::ListEntriesRequest* request,
                                        v1::ListEntriesResponse* response) override;
  grpc::ServerUnaryReactor* VerifyLedger(grpc::CallbackServerContext* context,
                                         const v1::VerifyLedgerRequest* request,
                                         v1::VerifyLedgerResponse* response) override;
};

class UnbuiltConsolidationService final : public v1::ConsolidationService::CallbackService {
 public:
  grpc::ServerWriteReactor<v1::ConsolidationChunk>* RunConsolidation(
      grpc::CallbackServerContext* context, const v1::RunConsolidationRequest* request) override;
  grpc::ServerUnaryReactor* GetMismatches(grpc::CallbackServerContext* context,
                                          const v1::GetMismatchesRequest* request,
                                          v1::GetMismatchesResponse* response) override;
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_UNBUILT_SERVICES_H_
