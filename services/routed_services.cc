#include "services/routed_services.h"

#include "services/api/parsed_client_stream.h"

namespace interco {

RoutedAdminService::RoutedAdminService(GroupRouter* router, api::GroupsService* groups)
    : router_(router), groups_(groups) {}

RoutedGroupStructureService::RoutedGroupStructureService(GroupRouter* router) : router_(router) {}

RoutedTransferPricingService::RoutedTransferPricingService(GroupRouter* router) : router_(router) {}

RoutedPolicyService::RoutedPolicyService(GroupRouter* router) : router_(router) {}

RoutedConsolidationService::RoutedConsolidationService(GroupRouter* router) : router_(router) {}

RoutedLedgerService::RoutedLedgerService(GroupRouter* router) : router_(router) {
  SetMessageAllocatorFor_PostTransaction(&post_transaction_messages_);
  SetMessageAllocatorFor_BatchPostTransactions(&batch_post_transactions_messages_);
  SetMessageAllocatorFor_ReverseTransaction(&reverse_transaction_messages_);
  SetMessageAllocatorFor_PostJournalEntry(&post_journal_entry_messages_);
  MarkMethodRawCallback(api::MethodIndex("interco.v1.LedgerService", "StreamPostTransactions"),
                        api::NewParsedClientStreamHandler<v1::PostTransactionRequest,
                                                          v1::StreamPostTransactionsResponse>(
                            "/interco.v1.LedgerService/StreamPostTransactions",
                            [router](grpc::CallbackServerContext* context,
                                     v1::StreamPostTransactionsResponse* response) {
                              return RouteClientStream(router, &GroupRuntime::ledger,
                                                       &api::LedgerService::StreamPostTransactions,
                                                       context, response);
                            }));
}

RoutedTrialBalanceService::RoutedTrialBalanceService(GroupRouter* router) : router_(router) {
  MarkMethodRawCallback(
      api::MethodIndex("interco.v1.TrialBalanceService", "StreamImportTrialBalance"),
      api::NewParsedClientStreamHandler<v1::ImportTrialBalanceRequest,
                                        v1::ImportTrialBalanceResponse>(
          "/interco.v1.TrialBalanceService/StreamImportTrialBalance",
          [router](grpc::CallbackServerContext* context, v1::ImportTrialBalanceResponse* response) {
            return RouteClientStream(router, &GroupRuntime::trial_balance,
                                     &api::TrialBalanceService::StreamImportTrialBalance, context,
                                     response);
          }));
}

}  // namespace interco
