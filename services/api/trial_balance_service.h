// interco.v1.TrialBalanceService: the group chart of accounts (over
// trial_balance::ChartRegistry) and trial balance imports (through the one
// trial_balance::TrialBalanceImporter) with their read-backs (trial_balance_reads.cc).
// StreamImportTrialBalance is served raw and parsed message by message
// (parsed_client_stream.h); its reactor is in trial_balance_stream.cc.
#ifndef INTERCO_SERVICES_API_TRIAL_BALANCE_SERVICE_H_
#define INTERCO_SERVICES_API_TRIAL_BALANCE_SERVICE_H_

#include <string>

#include "absl/status/statusor.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "services/api/authorizer.h"
#include "services/api/import_budget.h"
#include "services/api/import_lane.h"
#include "services/api/import_pace.h"
#include "services/api/stream_limits.h"
#include "services/group/registry.h"
#include "services/pricing/pricing_book.h"
#include "services/trial_balance/chart.h"
#include "services/trial_balance/importer.h"

namespace interco::api {

// Most bytes one import stream may carry (its messages' sizes summed): bounds the memory
// one import holds before it is checked; ImportStreamLimits::budget bounds all of them.
inline constexpr size_t kMaxTrialBalanceStreamBytes = 64 << 20;

// What import streams are allowed beyond StreamLimits' slots and idle timeout.
struct ImportStreamLimits {
  // A minimum rate and a maximum duration per stream (import_pace.h).
  ImportPaceLimits pace;
  // The bytes all import streams of the server hold together (every group's); must outlive
  // the service; null: only kMaxTrialBalanceStreamBytes per stream.
  ImportBufferBudget* budget = nullptr;
  // Where imports run, both doors' (import_lane.h); must outlive the service; null: on the
  // gRPC thread that received the import (tests of the service alone).
  ImportLane* lane = nullptr;
};

class TrialBalanceService final : public v1::TrialBalanceService::CallbackService {
 public:
  // Everything must outlive the service; `authorizer` may be null (every call allowed).
  // Import streams get `stream_limits` of their own (the server passes the posting
  // streams' values): their slots are not the posting streams'.
  TrialBalanceService(trial_balance::ChartRegistry* chart,
                      trial_balance::TrialBalanceImporter* importer,
                      group::StructureRegistry* structures, pricing::PricingRegistry* pricing,
                      const Authorizer* authorizer, StreamLimits stream_limits = {},
                      ImportStreamLimits import_limits = {});

  grpc::ServerUnaryReactor* UpsertGroupAccount(grpc::CallbackServerContext* context,
                                               const v1::UpsertGroupAccountRequest* request,
                                               v1::UpsertGroupAccountResponse* response) override;
  grpc::ServerUnaryReactor* UpsertChartMapping(grpc::CallbackServerContext* context,
                                               const v1::UpsertChartMappingRequest* request,
                                               v1::UpsertChartMappingResponse* response) override;
  grpc::ServerUnaryReactor* ImportTrialBalance(grpc::CallbackServerContext* context,
                                               const v1::ImportTrialBalanceRequest* request,
                                               v1::ImportTrialBalanceResponse* response) override;
  grpc::ServerReadReactor<v1::ImportTrialBalanceRequest>* StreamImportTrialBalance(
      grpc::CallbackServerContext* context, v1::ImportTrialBalanceResponse* response) override;

  // Read-backs (trial_balance_reads.cc).
  grpc::ServerUnaryReactor* GetGroupAccount(grpc::CallbackServerContext* context,
                                            const v1::GetGroupAccountRequest* request,
                                            v1::VersionedGroupAccount* response) override;
  grpc::ServerUnaryReactor* ListGroupAccounts(grpc::CallbackServerContext* context,
                                              const v1::ListGroupAccountsRequest* request,
                                              v1::ListGroupAccountsResponse* response) override;
  grpc::ServerUnaryReactor* GetChartMapping(grpc::CallbackServerContext* context,
                                            const v1::GetChartMappingRequest* request,
                                            v1::VersionedChartMapping* response) override;
  grpc::ServerUnaryReactor* ListChartMappings(grpc::CallbackServerContext* context,
                                              const v1::ListChartMappingsRequest* request,
                                              v1::ListChartMappingsResponse* response) override;
  grpc::ServerUnaryReactor* GetTrialBalance(grpc::CallbackServerContext* context,
                                            const v1::GetTrialBalanceRequest* request,
                                            v1::TrialBalanceVersion* response) override;
  grpc::ServerUnaryReactor* ListTrialBalances(grpc::CallbackServerContext* context,
                                              const v1::ListTrialBalancesRequest* request,
                                              v1::ListTrialBalancesResponse* response) override;
  grpc::ServerUnaryReactor* ListTrialBalanceLines(
      grpc::CallbackServerContext* context, const v1::ListTrialBalanceLinesRequest* request,
      v1::ListTrialBalanceLinesResponse* response) override;

  // One import, whichever door it came through: the caller (an identity, see Authorizer)
  // must be allowed the entity, then the importer decides against the current structure,
  // period closes and chart. Runs on the calling thread (the lane's, when there is one).
  absl::StatusOr<trial_balance::TrialBalanceHeader> Import(
      const trial_balance::TrialBalanceImport& import, absl::string_view caller) const;

  // What a stream can know from its first message (the header fields): the request_id and
  // entity_id are well formed, the caller may import for the entity, and the group has it.
  // The errors are those Import would end with (INVALID_ARGUMENT, PERMISSION_DENIED,
  // NOT_FOUND entity_id), so that a stream that could never be imported is refused before
  // it holds any lines. A retry is never refused here that Import would answer: nothing
  // that a later close or change may alter (the period, the currency) is checked.
  absl::Status CheckImportHeader(const trial_balance::TrialBalanceImport& import,
                                 absl::string_view caller) const;

  // For the stream reactor: it registers with the reaper and releases its slot when done.
  IdleStreamReaper* idle_streams() const { return &idle_streams_; }
  StreamSlots* stream_slots() const { return &stream_slots_; }
  const ImportStreamLimits& import_limits() const { return import_limits_; }

 private:
  // Well-formed request_id and entity_id, and the caller may write for the entity.
  absl::Status CheckCaller(const trial_balance::TrialBalanceImport& import,
                           absl::string_view caller) const;

  trial_balance::ChartRegistry* const chart_;
  trial_balance::TrialBalanceImporter* const importer_;
  group::StructureRegistry* const structures_;
  pricing::PricingRegistry* const pricing_;
  const Authorizer* const authorizer_;
  const ImportStreamLimits import_limits_;
  mutable StreamSlots stream_slots_;
  mutable IdleStreamReaper idle_streams_;
};

// CANCELLED: an import whose call was cancelled, or ran out of time, before it was made
// (while it waited for the lane); nothing was written.
absl::Status ImportCancelled();

// The reactor of one import stream; owns itself (trial_balance_stream.cc).
grpc::ServerReadReactor<v1::ImportTrialBalanceRequest>* NewImportStreamReactor(
    const TrialBalanceService* service, grpc::CallbackServerContext* context,
    v1::ImportTrialBalanceResponse* response, std::string caller);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_TRIAL_BALANCE_SERVICE_H_
