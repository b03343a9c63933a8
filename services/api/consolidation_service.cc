#include "services/api/consolidation_service.h"

#include <map>
#include <memory>
#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/api/authorizer.h"
#include "services/api/capital_convert.h"
#include "services/api/history_convert.h"
#include "services/api/consolidation_chunks.h"
#include "services/api/convert.h"
#include "services/api/pricing_convert.h"
#include "services/api/reactors.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/consolidation/run.h"
#include "services/group/validation.h"
#include "services/ledger/period.h"
#include "services/pricing/money.h"

namespace interco::api {
namespace {

// A credit-positive amount of the domain (NCI figures, CTA) as the wire's debit positive.
absl::StatusOr<google::type::Money> DebitPositive(Decimal credit_positive,
                                                  absl::string_view currency) {
  const std::optional<Decimal> negated = Decimal::Sub(Decimal(), credit_positive);
  if (!negated.has_value()) {
    return absl::InternalError(absl::StrCat("cannot negate ", credit_positive.ToString()));
  }
  return MoneyToProto(*negated, currency, "balances");
}

v1::AccountFamily AccountFamilyToProto(absl::string_view family) {
  if (family == "receivable/payable") return v1::ACCOUNT_FAMILY_RECEIVABLE_PAYABLE;
  if (family == "income/expense") return v1::ACCOUNT_FAMILY_INCOME_EXPENSE;
  return v1::ACCOUNT_FAMILY_UNSPECIFIED;
}

v1::MismatchType MismatchTypeToProto(consolidation::MismatchType type) {
  switch (type) {
    case consolidation::MismatchType::kTiming:
      return v1::MISMATCH_TYPE_TIMING;
    case consolidation::MismatchType::kMissingCounterpart:
      return v1::MISMATCH_TYPE_MISSING_COUNTERPART;
    case consolidation::MismatchType::kFx:
      return v1::MISMATCH_TYPE_FX;
    case consolidation::MismatchType::kBeyondTolerance:
      return v1::MISMATCH_TYPE_BEYOND_TOLERANCE;
    case consolidation::MismatchType::kLedgerVsGl:
      return v1::MISMATCH_TYPE_LEDGER_VS_GL;
  }
  return v1::MISMATCH_TYPE_UNSPECIFIED;
}

// One mismatch on the wire: a pair's two sides, or LEDGER_VS_GL's general ledger and ledger
// figures (consolidation.proto says which fields each sets).
absl::StatusOr<v1::Mismatch> MismatchToProto(const consolidation::Mismatch& m,
                                             absl::string_view currency) {
  v1::Mismatch out;
  out.set_entity_id(m.entity_id);
  out.set_counterparty_id(m.counterparty_id);
  out.set_account_family(AccountFamilyToProto(m.family));
  if (m.type == consolidation::MismatchType::kLedgerVsGl) {
    out.set_group_account(m.group_account);
    ASSIGN_OR_RETURN(*out.mutable_general_ledger_amount(),
                     MoneyToProto(m.general_ledger_amount, currency, "balances"));
    ASSIGN_OR_RETURN(*out.mutable_ledger_amount(),
                     MoneyToProto(m.ledger_amount, currency, "balances"));
  } else {
    ASSIGN_OR_RETURN(*out.mutable_entity_amount(),
                     MoneyToProto(m.entity_amount, currency, "balances"));
    ASSIGN_OR_RETURN(*out.mutable_counterparty_amount(),
                     MoneyToProto(m.counterparty_amount, currency, "balances"));
  }
  ASSIGN_OR_RETURN(*out.mutable_difference(), MoneyToProto(m.difference, currency, "balances"));
  out.set_type(MismatchTypeToProto(m.type));
  return out;
}

// Writes precomputed chunks one after another, then finishes; or finishes with an error.
// Start() or Fail() is called once, on any thread (the chunks are computed on a reader).
class ChunkWriter final : public grpc::ServerWriteReactor<v1::ConsolidationChunk> {
 public:
  void Start(std::vector<v1::ConsolidationChunk> chunks) {
    chunks_ = std::move(chunks);
    Next();
  }
  void Fail(const absl::Status& status) { Finish(ToGrpcStatus(status)); }
  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client stopped reading"));
      return;
    }
    Next();
  }
  void OnDone() override { delete this; }

 private:
  void Next() {
    if (next_ == chunks_.size()) {
      Finish(grpc::Status::OK);
      return;
    }
    StartWrite(&chunks_[next_++]);
  }
  std::vector<v1::ConsolidationChunk> chunks_;
  size_t next_ = 0;
};

consolidation::RunRequest RunRequestFromProto(const v1::RunConsolidationRequest& request) {
  consolidation::RunRequest run;
  run.parent_id = request.parent_id();
  run.period = request.period();
  run.presentation_currency = request.presentation_currency();
  if (request.as_of_sequence() != 0) run.as_of = request.as_of_sequence();
  run.structure_version = request.structure_version();
  run.pricing_version = request.pricing_version();
  run.as_of_import_sequence = request.as_of_import_sequence();
  run.chart_version = request.chart_version();
  return run;
}

// Whether the request asks for the trial-balance basis; INVALID_ARGUMENT for a basis this
// server does not know, or trial-balance fields on the ledger basis (they would be ignored).
absl::StatusOr<bool> TrialBalanceBasis(const v1::RunConsolidationRequest& request) {
  switch (request.basis()) {
    case v1::CONSOLIDATION_BASIS_TRIAL_BALANCES:
      return true;
    case v1::CONSOLIDATION_BASIS_UNSPECIFIED:
    case v1::CONSOLIDATION_BASIS_LEDGER:
      break;
    default:
      return InvalidField("basis", absl::StrCat(request.basis()), "UNKNOWN_VALUE",
                          "not a ConsolidationBasis");
  }
  if (request.as_of_import_sequence() != 0) {
    return InvalidField("as_of_import_sequence", absl::StrCat(request.as_of_import_sequence()),
                        "NOT_ALLOWED", "only with basis CONSOLIDATION_BASIS_TRIAL_BALANCES");
  }
  if (request.chart_version() != 0) {
    return InvalidField("chart_version", absl::StrCat(request.chart_version()), "NOT_ALLOWED",
                        "only with basis CONSOLIDATION_BASIS_TRIAL_BALANCES");
  }
  return false;
}

absl::StatusOr<std::vector<consolidation::StatedInventory>> InventoryFromProto(
    const v1::RunConsolidationRequest& request) {
  std::vector<consolidation::StatedInventory> inventory;
  for (int i = 0; i < request.inventory_on_hand_size(); ++i) {
    const v1::InventoryOnHand& stock = request.inventory_on_hand(i);
    consolidation::StatedInventory stated;
    stated.field = absl::StrCat("inventory_on_hand[", i, "]");
    stated.seller_id = stock.seller_id();
    stated.buyer_id = stock.buyer_id();
    stated.currency = stock.unrealised_profit().currency_code();
    ASSIGN_OR_RETURN(
        stated.unrealised_profit,
        MoneyFromProto(stock.unrealised_profit(), stated.field + ".unrealised_profit", ""));
    inventory.push_back(std::move(stated));
  }
  return inventory;
}

}  // namespace

absl::StatusOr<std::vector<v1::ConsolidationChunk>> ConsolidationService::Compute(
    const v1::RunConsolidationRequest& request) const {
  ASSIGN_OR_RETURN(const std::vector<consolidation::StatedInventory> inventory,
                   InventoryFromProto(request));
  ASSIGN_OR_RETURN(const bool trial_balances, TrialBalanceBasis(request));
  if (trial_balances) {
    ASSIGN_OR_RETURN(const consolidation::CapitalRun run,
                     runs_.ConsolidateTrialBalances(RunRequestFromProto(request), inventory));
    return CapitalChunks(run, request.presentation_currency());
  }
  ASSIGN_OR_RETURN(const consolidation::ConsolidationRun run,
                   runs_.Consolidate(RunRequestFromProto(request), inventory));
  const consolidation::Consolidation& result = run.result;
  const std::string& currency = request.presentation_currency();
  std::vector<v1::ConsolidationChunk> chunks(1);
  v1::ConsolidationChunk& header = chunks.front();
  header.set_as_of_sequence(run.header.as_of_sequence);
  header.set_chain_hash(ledger::HashHex(run.header.chain_hash));
  header.set_structure_version(run.header.structure_version);
  header.set_pricing_version(run.header.pricing_version);
  SetRunInputs(run.header.inputs, run.header.inputs_hash, &header);
  int in_chunk = 0;
  for (const consolidation::ScopeEntry& s : result.scope) {
    AddChunked(chunks, in_chunk, &v1::ConsolidationChunk::add_scope, ScopeEntryToProto(s));
  }
  for (const auto& [account, amount] : result.trial_balance) {
    v1::ConsolidatedBalance balance;
    balance.set_account(account);
    ASSIGN_OR_RETURN(*balance.mutable_amount(), MoneyToProto(amount, currency, "balances"));
    AddChunked(chunks, in_chunk, &v1::ConsolidationChunk::add_balances, std::move(balance));
  }
  for (const consolidation::EliminationEntry& e : result.eliminations) {
    v1::EliminationEntry entry;
    entry.set_level_parent_id(e.level_parent_id);
    entry.set_entity_id(e.entity_id);
    entry.set_counterparty_id(e.counterparty_id);
    entry.set_account(e.account);
    ASSIGN_OR_RETURN(*entry.mutable_amount(), MoneyToProto(e.amount, currency, "balances"));
    entry.set_reason(e.reason);
    AddChunked(chunks, in_chunk, &v1::ConsolidationChunk::add_eliminations, std::move(entry));
  }
  for (const consolidation::NciEntry& n : result.nci) {
    v1::NciEntry entry;
    entry.set_entity_id(n.entity_id);
    entry.mutable_nci_share()->set_value(n.nci_share.Round(12).ToString());
    // The domain keeps profit, net assets and CTA credit positive (what the NCI own); the
    // wire is debit positive throughout (consolidation.proto).
    ASSIGN_OR_RETURN(*entry.mutable_profit(), DebitPositive(n.profit, currency));
    ASSIGN_OR_RETURN(*entry.mutable_net_assets(), DebitPositive(n.net_assets, currency));
    ASSIGN_OR_RETURN(*entry.mutable_cta(), DebitPositive(n.cta, currency));
    AddChunked(chunks, in_chunk, &v1::ConsolidationChunk::add_nci, std::move(entry));
  }
  // result.cta is credit positive; the wire's is debit positive like the trial balance.
  ASSIGN_OR_RETURN(*chunks.back().mutable_cta(), DebitPositive(result.cta, currency));
  return chunks;
}

grpc::ServerWriteReactor<v1::ConsolidationChunk>* ConsolidationService::RunConsolidation(
    grpc::CallbackServerContext* context, const v1::RunConsolidationRequest* request) {
  if (absl::Status allowed = authorizer_->CheckCall(*context); !allowed.ok()) {
    return new FinishedWriter<v1::ConsolidationChunk>(allowed);
  }
  auto* writer = new ChunkWriter;
  auto chunks = std::make_shared<std::vector<v1::ConsolidationChunk>>();
  RunBounded(
      reads_, context,
      [this, request, chunks]() -> absl::Status {
        absl::StatusOr<std::vector<v1::ConsolidationChunk>> computed = Compute(*request);
        if (!computed.ok()) return computed.status();
        *chunks = *std::move(computed);
        return absl::OkStatus();
      },
      [writer, chunks](const absl::Status& status) {
        if (status.ok()) {
          writer->Start(std::move(*chunks));
        } else {
          writer->Fail(status);
        }
      },
      ReadersBusy(reads_));
  return writer;
}

absl::StatusOr<v1::GetMismatchesResponse> ConsolidationService::Mismatches(
    const v1::GetMismatchesRequest& request) const {
  const std::string& currency = request.presentation_currency();
  Decimal tolerance;
  if (request.has_tolerance()) {
    ASSIGN_OR_RETURN(tolerance, DecimalFromProto(request.tolerance(), "tolerance", 6));
    if (tolerance.is_negative()) {
      return InvalidField("tolerance", tolerance.ToString(), "NEGATIVE_TOLERANCE",
                          "must not be negative");
    }
  }
  consolidation::RunRequest run_request;
  run_request.parent_id = request.parent_id();
  run_request.period = request.period();
  run_request.presentation_currency = currency;
  if (request.as_of_sequence() != 0) run_request.as_of = request.as_of_sequence();
  run_request.as_of_import_sequence = request.as_of_import_sequence();
  run_request.chart_version = request.chart_version();
  ASSIGN_OR_RETURN(const consolidation::MismatchRun run, runs_.Mismatches(run_request, tolerance));
  v1::GetMismatchesResponse response;
  response.set_as_of_sequence(run.header.as_of_sequence);
  response.set_chain_hash(ledger::HashHex(run.header.chain_hash));
  response.set_import_sequence(run.import_sequence);
  response.set_chart_version(run.chart_version);
  SetRunInputs(run.header.inputs, run.header.inputs_hash, &response);
  for (const consolidation::Mismatch& m : run.mismatches) {
    ASSIGN_OR_RETURN(*response.add_mismatches(), MismatchToProto(m, currency));
  }
  return response;
}

grpc::ServerUnaryReactor* ConsolidationService::GetMismatches(
    grpc::CallbackServerContext* context, const v1::GetMismatchesRequest* request,
    v1::GetMismatchesResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  auto mismatches = [this, request, response]() -> absl::Status {
    absl::StatusOr<v1::GetMismatchesResponse> result = Mismatches(*request);
    if (result.ok()) *response = *std::move(result);
    return result.status();
  };
  return RunBoundedUnary(reads_, context, std::move(mismatches), ReadersBusy(reads_));
}

}  // namespace interco::api
