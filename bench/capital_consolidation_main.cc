// capital_consolidation: issue 17's performance target for consolidation from whole trial
// balances, on the real server (scripts/benchmark.sh runs it with -c opt; docs/BENCHMARKS.md,
// "Capital consolidation").
//
// Target (2 cores): 1,000 entities with 500 accounts and 12 monthly trial balances each (6M
// trial balance lines) plus 1M intercompany postings: RunConsolidation on the trial-balance
// basis in <= 1 s from the stored data with a peak of <= 512 MiB; again after one entity's
// new trial balance version in <= 200 ms.
//
// Steps, each timed:
//  1. the generated group (bench/capital_group.h): its intercompany postings appended to a
//     fresh data directory through the real LedgerStore (synced batches of 5,000), as
//     tests/consolidation_benchmark does;
//  2. the server started on it; the chart, entities, ownership edges, FX rates and
//     acquisitions upserted, then every trial balance imported, over gRPC as a controller
//     would (ImportTrialBalance, `--import_threads` calls at a time);
//  3. the server stopped and started again (from exec to SERVING), then RunConsolidation
//     (basis TRIAL_BALANCES, the last month, the parent, EUR): once cold (the first run of
//     the new process: RocksDB's block cache empty, the OS page cache warm), then
//     `--runs` times warm;
//  4. `--runs` times: a new version of one subsidiary's trial balance for the period
//     imported, then RunConsolidation again (re-consolidation);
//  5. the server's CPU for each run and its peak resident memory (VmHWM) for each phase
//     (cold, warm, re-consolidation; reset at the start of each), and for comparison the
//     run of the December before alone (the opening each run of the period computes);
//  6. with --perf_data, `perf record` of the server during `--perf_runs` more warm runs.
// The first chunk of the answer arrives once the server has computed all of it (the chunks
// are built before the first is written), so "first chunk" is the server's work and
// "answer" adds streaming the chunks over loopback. Every answer is checked: the scope has
// every entity, the consolidated trial balance sums to zero.
//
// Prints the figures, writes them as JSON (--json), and with --results / --markdown adds
// them to the suite's var/bench/results.json (key "capital_consolidation") and results.md.
// Data directories go under TEST_TMPDIR (or /tmp), or to --data_dir, which is kept and
// reused by the next run of the same size.
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/capital_group.h"
#include "bench/figures.h"
#include "bench/perf_recorder.h"
#include "bench/process_meter.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "storage/database.h"
#include "storage/ledger_store.h"
#include "tests/server_process.h"

ABSL_FLAG(bool, short_mode, false,
          "a quick check: 100 entities, 100 accounts, 20,000 postings, 3 runs");
ABSL_FLAG(int, entities, 0, "entities (0: 1,000, or 100 in --short_mode)");
ABSL_FLAG(int, accounts, 0, "group accounts, one trial balance line each (0: 500, or 100)");
ABSL_FLAG(int64_t, postings, -1, "intercompany postings (-1: 1,000,000, or 20,000)");
ABSL_FLAG(int, runs, 0, "warm runs and re-consolidations (0: 5, or 3 in --short_mode)");
ABSL_FLAG(int, import_threads, 2, "trial balance imports in flight");
ABSL_FLAG(std::string, data_dir, "",
          "the server's data directory, kept afterwards; when DIR.loaded says it holds a "
          "completed load of the same size, the load is skipped (repeated measurements). "
          "Empty: a fresh directory under TEST_TMPDIR");
ABSL_FLAG(std::string, json, "", "where to write this benchmark's figures as JSON");
ABSL_FLAG(std::string, results, "",
          "the suite's results.json to add the figures to (key capital_consolidation)");
ABSL_FLAG(std::string, markdown, "", "the suite's results.md to append the table to");
ABSL_FLAG(std::string, perf_data, "",
          "if set, `perf record` the server during --perf_runs more warm runs into this file");
ABSL_FLAG(int, perf_runs, 3, "warm runs under perf");
ABSL_FLAG(int, perf_frequency_hz, 499, "perf record samples per second");

namespace interco::bench {
namespace {

namespace v1 = ::interco::v1;

constexpr int kPostingsPerWrite = 5000;
constexpr absl::Duration kCallDeadline = absl::Seconds(120);
// The targets of issue 17.
constexpr double kTargetMs = 1000;
constexpr double kTargetReconsolidationMs = 200;
constexpr double kTargetPeakMib = 512;

std::string PeriodText(int month) { return absl::FormatCivilTime(CapitalMonth(month)); }

std::string CentsText(int64_t cents) {
  const bool negative = cents < 0;
  const uint64_t magnitude = negative ? -static_cast<uint64_t>(cents) : cents;
  return absl::StrFormat("%s%d.%02d", negative ? "-" : "", magnitude / 100, magnitude % 100);
}

google::type::Money Money(int64_t cents, const std::string& currency) {
  google::type::Money money;
  money.set_currency_code(currency);
  money.set_units(cents / 100);
  money.set_nanos(static_cast<int32_t>(cents % 100) * 10000000);
  return money;
}

google::type::Date Date(absl::CivilDay day) {
  google::type::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

Decimal FromCents(int64_t cents) {
  return Decimal::FromRaw(absl::int128(cents) * (DecimalScale() / 100));
}

template <typename Stub, typename Request, typename Response>
absl::Status Call(Stub& stub,
                  grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                  const Request& request, const char* what) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + kCallDeadline));
  Response response;
  const grpc::Status status = (stub.*method)(&context, request, &response);
  if (status.ok()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(what, ": ", status.error_message()));
}

double Ms(absl::Duration d) { return absl::ToDoubleMilliseconds(d); }

// 1. The postings, through the real LedgerStore, as the server would have appended them.
absl::Status FillLedger(const std::string& directory, CapitalGroup& group) {
  absl::StatusOr<std::unique_ptr<storage::Database>> db =
      storage::Database::Open({.path = directory});
  if (!db.ok()) return db.status();
  absl::StatusOr<std::unique_ptr<storage::LedgerStore>> store =
      storage::LedgerStore::Open(db->get());
  if (!store.ok()) return store.status();
  const auto& entities = group.entities();
  const auto& currencies = group.currencies();
  int64_t next = 0;
  for (std::vector<CapitalPosting> postings = group.NextPostings(kPostingsPerWrite);
       !postings.empty(); postings = group.NextPostings(kPostingsPerWrite)) {
    std::vector<ledger::PendingPosting> batch;
    batch.reserve(postings.size());
    for (const CapitalPosting& p : postings) {
      const CapitalEntity& seller = entities[p.seller];
      const CapitalEntity& buyer = entities[p.buyer];
      const absl::CivilDay date(CapitalMonth(p.month).year(), CapitalMonth(p.month).month(), p.day);
      const ledger::Period period = *ledger::Period::Of(date);
      const Decimal amount = FromCents(p.amount_cents);
      const Decimal functional = FromCents(p.buyer_functional_cents);
      const auto line = [&](const CapitalEntity& entity, const CapitalEntity& other,
                            const char* account, ledger::Side side, Decimal booked) {
        ledger::LedgerLine l;
        l.entity_id = entity.id;
        l.counterparty_id = other.id;
        l.account = account;
        l.side = side;
        l.amount = amount;
        l.currency = currencies[seller.currency];
        l.functional_amount = booked;
        l.functional_currency = currencies[entity.currency];
        l.fx_rate = *Decimal::Div(booked, amount);
        l.fx_rate_date = date;
        l.period = period;
        return l;
      };
      ledger::PendingPosting pending;
      pending.request_id = absl::StrCat("cap-", next++);
      pending.fingerprint = pending.request_id;
      pending.posting.transaction_id = pending.request_id;
      pending.posting.date = date;
      pending.posting.relation = group::Relation::kIntercompany;
      pending.posting.lines = {line(seller, buyer, "1310", ledger::Side::kDebit, amount),
                               line(seller, buyer, "4010", ledger::Side::kCredit, amount),
                               line(buyer, seller, "5010", ledger::Side::kDebit, functional),
                               line(buyer, seller, "2310", ledger::Side::kCredit, functional)};
      batch.push_back(std::move(pending));
    }
    absl::StatusOr<std::vector<ledger::JournalEntry>> appended = (*store)->Append(std::move(batch));
    if (!appended.ok()) return appended.status();
  }
  store->reset();
  return (*db)->Close();
}

v1::AccountClass ClassToProto(CapitalClass c) {
  switch (c) {
    case CapitalClass::kAsset:
      return v1::ACCOUNT_CLASS_ASSET;
    case CapitalClass::kLiability:
      return v1::ACCOUNT_CLASS_LIABILITY;
    case CapitalClass::kEquity:
      return v1::ACCOUNT_CLASS_EQUITY;
    case CapitalClass::kIncome:
      return v1::ACCOUNT_CLASS_INCOME;
    case CapitalClass::kExpense:
      return v1::ACCOUNT_CLASS_EXPENSE;
  }
  return v1::ACCOUNT_CLASS_UNSPECIFIED;
}

v1::GroupAccount AccountToProto(const CapitalAccount& account) {
  v1::GroupAccount out;
  out.set_account_id(account.id);
  out.set_name(absl::StrCat("Account ", account.id));
  out.set_account_class(ClassToProto(account.account_class));
  out.set_statement_line(account.statement_line);
  out.set_elimination_family(v1::ELIMINATION_FAMILY_NONE);
  switch (account.role) {
    case CapitalRole::kIcReceivable:
    case CapitalRole::kIcPayable:
      out.set_elimination_family(v1::ELIMINATION_FAMILY_RECEIVABLE_PAYABLE);
      out.set_intercompany_by_counterparty(true);
      break;
    case CapitalRole::kIcRevenue:
    case CapitalRole::kIcCost:
      out.set_elimination_family(v1::ELIMINATION_FAMILY_REVENUE_COST);
      out.set_intercompany_by_counterparty(true);
      break;
    case CapitalRole::kInvestment:
      out.set_elimination_family(v1::ELIMINATION_FAMILY_INVESTMENT_EQUITY);
      out.set_investment_in_held_entity(true);
      break;
    case CapitalRole::kDividendsDeclared:
      out.set_elimination_family(v1::ELIMINATION_FAMILY_DIVIDEND);
      out.set_dividends_declared(true);
      break;
    case CapitalRole::kDividendIncome:
      out.set_elimination_family(v1::ELIMINATION_FAMILY_DIVIDEND);
      out.set_dividend_income(true);
      break;
    default:
      break;
  }
  return out;
}

v1::ImportTrialBalanceRequest TrialBalanceRequest(const CapitalGroup& group, int entity, int month,
                                                  const std::string& request_id,
                                                  int64_t revenue_shift_cents = 0) {
  const CapitalEntity& e = group.entities()[entity];
  v1::ImportTrialBalanceRequest request;
  request.set_request_id(request_id);
  request.set_entity_id(e.id);
  request.set_period(PeriodText(month));
  request.set_currency_code(group.currencies()[e.currency]);
  request.set_source_system("BENCH");
  std::vector<CapitalLine> lines = group.TrialBalance(entity, month);
  // A corrected version: more revenue on the first generic income account, more cash.
  if (revenue_shift_cents != 0) {
    bool shifted = false;
    for (CapitalLine& line : lines) {
      const CapitalAccount& account = group.accounts()[line.account];
      if (account.role == CapitalRole::kCash) line.cents += revenue_shift_cents;
      if (!shifted && account.role == CapitalRole::kOther &&
          account.account_class == CapitalClass::kIncome) {
        line.cents -= revenue_shift_cents;
        shifted = true;
      }
    }
  }
  request.mutable_lines()->Reserve(static_cast<int>(lines.size()));
  for (const CapitalLine& line : lines) {
    v1::TrialBalanceLine* out = request.add_lines();
    out->set_account(group.accounts()[line.account].id);
    out->mutable_balance()->set_value(CentsText(line.cents));
  }
  return request;
}

struct Load {
  double ledger_s = 0, reference_s = 0, trial_balances_s = 0;
  int reference_calls = 0;
};

// 2. Reference data, acquisitions and trial balances over gRPC.
absl::Status LoadReferenceData(const std::shared_ptr<grpc::Channel>& channel,
                               const CapitalGroup& group, Load* load) {
  const absl::Time start = absl::Now();
  auto structure = v1::GroupStructureService::NewStub(channel);
  auto trial_balances = v1::TrialBalanceService::NewStub(channel);
  auto policy = v1::PolicyService::NewStub(channel);
  int calls = 0;
  for (const CapitalAccount& account : group.accounts()) {
    v1::UpsertGroupAccountRequest request;
    request.set_request_id(absl::StrCat("acct-", account.id));
    *request.mutable_account() = AccountToProto(account);
    if (absl::Status s = Call(*trial_balances, &v1::TrialBalanceService::Stub::UpsertGroupAccount,
                              request, "UpsertGroupAccount");
        !s.ok()) {
      return s;
    }
    ++calls;
  }
  const auto& entities = group.entities();
  for (const CapitalEntity& e : entities) {
    v1::UpsertEntityRequest request;
    request.set_request_id(absl::StrCat("ent-", e.id));
    request.mutable_entity()->set_entity_id(e.id);
    request.mutable_entity()->set_name(absl::StrCat("Entity ", e.id));
    request.mutable_entity()->set_jurisdiction("DE");
    request.mutable_entity()->set_functional_currency(group.currencies()[e.currency]);
    if (absl::Status s = Call(*structure, &v1::GroupStructureService::Stub::UpsertEntity, request,
                              "UpsertEntity");
        !s.ok()) {
      return s;
    }
    ++calls;
  }
  for (const CapitalEntity& e : entities) {
    if (e.holder < 0) continue;
    v1::AddOwnershipEdgeRequest request;
    request.set_request_id(absl::StrCat("edge-", e.id));
    v1::OwnershipEdge* edge = request.mutable_edge();
    edge->set_holder_id(entities[e.holder].id);
    edge->set_held_id(e.id);
    const std::string share =
        absl::StrFormat("%d.%02d", e.share_percent / 100, e.share_percent % 100);
    edge->mutable_equity_share()->set_value(share);
    edge->mutable_voting_share()->set_value(share);
    *edge->mutable_validity()->mutable_valid_from() =
        Date(absl::CivilDay(CapitalMonth(e.acquisition_month)));
    if (absl::Status s = Call(*structure, &v1::GroupStructureService::Stub::AddOwnershipEdge,
                              request, "AddOwnershipEdge");
        !s.ok()) {
      return s;
    }
    ++calls;
  }
  int rate_number = 0;
  for (const CapitalRate& rate : group.Rates()) {
    v1::UpsertFxRateRequest request;
    request.set_request_id(absl::StrCat("rate-", rate_number++));
    v1::FxRate* out = request.mutable_rate();
    out->set_base_currency(rate.base);
    out->set_quote_currency(rate.quote);
    out->set_type(rate.closing ? v1::RATE_TYPE_CLOSING : v1::RATE_TYPE_AVERAGE);
    *out->mutable_validity()->mutable_valid_from() = Date(rate.valid_from);
    *out->mutable_validity()->mutable_valid_to() = Date(rate.valid_to);
    out->mutable_rate()->set_value(rate.rate);
    if (absl::Status s =
            Call(*policy, &v1::PolicyService::Stub::UpsertFxRate, request, "UpsertFxRate");
        !s.ok()) {
      return s;
    }
    ++calls;
  }
  for (const CapitalEntity& e : entities) {
    if (e.holder < 0) continue;
    const CapitalEntity& holder = entities[e.holder];
    const std::string& held_currency = group.currencies()[e.currency];
    v1::UpsertAcquisitionRequest request;
    request.set_request_id(absl::StrCat("acq-", e.id));
    v1::Acquisition* a = request.mutable_acquisition();
    a->set_holder_id(holder.id);
    a->set_held_id(e.id);
    *a->mutable_acquisition_date() = Date(absl::CivilDay(CapitalMonth(e.acquisition_month)));
    *a->mutable_consideration() = Money(e.consideration_cents, group.currencies()[holder.currency]);
    a->set_investment_account("1500");
    if (e.nci_fair_value_cents.has_value()) {
      a->set_nci_measurement(v1::NCI_MEASUREMENT_FAIR_VALUE);
      *a->mutable_nci_fair_value() = Money(*e.nci_fair_value_cents, held_currency);
    } else {
      a->set_nci_measurement(v1::NCI_MEASUREMENT_PROPORTIONATE);
    }
    if (e.fair_value_adjustment_cents != 0) {
      v1::FairValueAdjustment* adjustment = a->add_fair_value_adjustments();
      adjustment->set_account(group.adjustment_account());
      *adjustment->mutable_amount() = Money(e.fair_value_adjustment_cents, held_currency);
    }
    if (absl::Status s = Call(*structure, &v1::GroupStructureService::Stub::UpsertAcquisition,
                              request, "UpsertAcquisition");
        !s.ok()) {
      return absl::InternalError(absl::StrCat(e.id, ": ", s.message()));
    }
    ++calls;
  }
  load->reference_calls = calls;
  load->reference_s = absl::ToDoubleSeconds(absl::Now() - start);
  return absl::OkStatus();
}

absl::Status ImportTrialBalances(const std::shared_ptr<grpc::Channel>& channel,
                                 const CapitalGroup& group, int threads, Load* load) {
  const absl::Time start = absl::Now();
  std::mutex mu;
  absl::Status first_error;
  std::vector<std::thread> workers;
  const int n = static_cast<int>(group.entities().size());
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      auto stub = v1::TrialBalanceService::NewStub(channel);
      for (int e = t; e < n; e += threads) {
        for (int month = 0; month < kCapitalMonths; ++month) {
          const v1::ImportTrialBalanceRequest request = TrialBalanceRequest(
              group, e, month, absl::StrCat("tb-", group.entities()[e].id, "-", month));
          absl::Status s = Call(*stub, &v1::TrialBalanceService::Stub::ImportTrialBalance, request,
                                "ImportTrialBalance");
          if (!s.ok()) {
            std::lock_guard<std::mutex> lock(mu);
            if (first_error.ok()) {
              first_error = absl::InternalError(
                  absl::StrCat(group.entities()[e].id, " ", PeriodText(month), ": ", s.message()));
            }
            return;
          }
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  load->trial_balances_s = absl::ToDoubleSeconds(absl::Now() - start);
  return first_error;
}

bool Serving(const std::shared_ptr<grpc::Channel>& channel) {
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(1)));
  grpc::health::v1::HealthCheckResponse response;
  return health->Check(&context, {}, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

// One RunConsolidation on the trial-balance basis, read to the end and checked.
struct Answer {
  double first_chunk_ms = 0, total_ms = 0, server_cpu_s = -1;
  int chunks = 0;
  int64_t bytes = 0;
  int scope = 0, trial_balances_read = 0, eliminations = 0;
  std::string profit;
};

absl::StatusOr<Answer> Consolidate(v1::ConsolidationService::Stub& stub, pid_t server,
                                   int expected_scope, int month = kCapitalPeriodMonth) {
  v1::RunConsolidationRequest request;
  request.set_parent_id(kCapitalParent);
  request.set_period(PeriodText(month));
  request.set_presentation_currency(kCapitalPresentationCurrency);
  request.set_basis(v1::CONSOLIDATION_BASIS_TRIAL_BALANCES);
  Answer answer;
  const std::optional<double> cpu_before = CpuSeconds(server);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + kCallDeadline));
  const absl::Time start = absl::Now();
  auto reader = stub.RunConsolidation(&context, request);
  v1::ConsolidationChunk chunk;
  bool balanced = false;
  while (reader->Read(&chunk)) {
    if (answer.chunks++ == 0) answer.first_chunk_ms = Ms(absl::Now() - start);
    answer.trial_balances_read += chunk.trial_balances_size();
    answer.bytes += static_cast<int64_t>(chunk.ByteSizeLong());
    answer.scope += chunk.scope_size();
    answer.eliminations += chunk.eliminations_size();
    if (chunk.has_proofs()) {
      balanced = chunk.proofs().trial_balance_sum().units() == 0 &&
                 chunk.proofs().trial_balance_sum().nanos() == 0;
    }
    if (chunk.has_profit()) {
      answer.profit = absl::StrCat(chunk.profit().profit().units(), " (owners ",
                                   chunk.profit().owners().units(), ", NCI ",
                                   chunk.profit().nci().units(), ")");
    }
  }
  const grpc::Status status = reader->Finish();
  answer.total_ms = Ms(absl::Now() - start);
  const std::optional<double> cpu_after = CpuSeconds(server);
  if (cpu_before.has_value() && cpu_after.has_value())
    answer.server_cpu_s = *cpu_after - *cpu_before;
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("RunConsolidation: ", status.error_message()));
  }
  if (!balanced) return absl::InternalError("the consolidated trial balance does not sum to 0");
  if (answer.scope != expected_scope) {
    return absl::InternalError(
        absl::StrCat("scope of ", answer.scope, " entities, expected ", expected_scope));
  }
  return answer;
}

// The targets are for the full size; a short run only shows that the scenario works.
const char* Met(bool short_mode, bool met) {
  if (short_mode) return "(full size only)";
  return met ? "met" : "**missed**";
}

int Main() {
  const bool short_mode = absl::GetFlag(FLAGS_short_mode);
  CapitalGroupOptions options;
  options.entities = absl::GetFlag(FLAGS_entities) > 0 ? absl::GetFlag(FLAGS_entities)
                     : short_mode                      ? 100
                                                       : 1000;
  options.accounts = absl::GetFlag(FLAGS_accounts) > 0 ? absl::GetFlag(FLAGS_accounts)
                     : short_mode                      ? 100
                                                       : 500;
  options.postings = absl::GetFlag(FLAGS_postings) >= 0 ? absl::GetFlag(FLAGS_postings)
                     : short_mode                       ? 20000
                                                        : 1000000;
  const int runs = absl::GetFlag(FLAGS_runs) > 0 ? absl::GetFlag(FLAGS_runs) : short_mode ? 3 : 5;
  const int64_t tb_lines = int64_t{options.entities} * options.accounts * kCapitalMonths;
  std::printf(
      "capital consolidation: %d entities, %d accounts, %d months (%lld trial balance "
      "lines), %lld postings\n",
      options.entities, options.accounts, kCapitalMonths, static_cast<long long>(tb_lines),
      static_cast<long long>(options.postings));
  const auto fail = [](const absl::Status& status) {
    std::fprintf(stderr, "capital consolidation: %s\n", std::string(status.message()).c_str());
    return 1;
  };

  CapitalGroup group(options);
  std::string directory = absl::GetFlag(FLAGS_data_dir);
  const std::string size = absl::StrCat(options.entities, " entities, ", options.accounts,
                                        " accounts, ", options.postings, " postings\n");
  bool loaded = false;
  if (directory.empty()) {
    directory = testing::FreshTempDir("capital_consolidation");
  } else {
    std::ifstream marker(directory + ".loaded");
    std::string line;
    loaded = std::getline(marker, line) && line + "\n" == size;
    if (!loaded) {
      std::filesystem::remove_all(directory);
      std::filesystem::create_directories(directory);
    }
  }
  Load load;
  const std::vector<std::string> flags = {"--listen=127.0.0.1:0", "--data_dir=" + directory,
                                          "--log_level=warn"};
  if (loaded) {
    // The books need the postings' sums; the ledger has them already.
    while (!group.NextPostings(kPostingsPerWrite).empty()) {
    }
    group.Finish();
    std::printf("  loaded before: %s\n", directory.c_str());
  } else {
    absl::Time start = absl::Now();
    if (absl::Status s = FillLedger(directory, group); !s.ok()) return fail(s);
    load.ledger_s = absl::ToDoubleSeconds(absl::Now() - start);
    group.Finish();
    std::printf("  ledger: %lld postings appended in %.1f s\n",
                static_cast<long long>(options.postings), load.ledger_s);
    auto server = testing::ServerProcess::Start(flags, absl::Seconds(300));
    if (!server.ok()) return fail(server.status());
    if (absl::Status s = LoadReferenceData((*server)->Channel(), group, &load); !s.ok()) {
      return fail(s);
    }
    std::printf(
        "  reference data: %d calls (chart, entities, edges, rates, acquisitions) in "
        "%.1f s\n",
        load.reference_calls, load.reference_s);
    if (absl::Status s = ImportTrialBalances((*server)->Channel(), group,
                                             absl::GetFlag(FLAGS_import_threads), &load);
        !s.ok()) {
      return fail(s);
    }
    std::printf("  trial balances: %d imports, %lld lines in %.1f s (%.0f lines/s)\n",
                options.entities * kCapitalMonths, static_cast<long long>(tb_lines),
                load.trial_balances_s, tb_lines / load.trial_balances_s);
    if (!(*server)->SignalAndWait(SIGTERM, absl::Seconds(120)).has_value()) {
      return fail(absl::DeadlineExceededError("the server did not stop"));
    }
    if (!absl::GetFlag(FLAGS_data_dir).empty()) std::ofstream(directory + ".loaded") << size;
  }

  // 3. Cold: a new server process on the stored data.
  const absl::Time start = absl::Now();
  auto server = testing::ServerProcess::Start(flags, absl::Seconds(300));
  if (!server.ok()) return fail(server.status());
  const auto channel = (*server)->Channel();
  while (!Serving(channel)) absl::SleepFor(absl::Milliseconds(2));
  const double restart_ms = Ms(absl::Now() - start);
  const pid_t pid = (*server)->pid();
  const int64_t rss_serving_kb = ReadStatusField(pid, "VmRSS").value_or(-1);
  // Peak resident memory by phase: each meter resets VmHWM to the resident memory then.
  const auto peak_mib = [](std::unique_ptr<ProcessMeter> meter) {
    Figures f;
    meter->Finish(&f);
    return f.server_peak_rss_kb / 1024.0;
  };
  auto consolidation = v1::ConsolidationService::NewStub(channel);
  auto meter = std::make_unique<ProcessMeter>(pid, /*peak_rss=*/true);
  absl::StatusOr<Answer> cold = Consolidate(*consolidation, pid, options.entities);
  if (!cold.ok()) return fail(cold.status());
  const double peak_cold_mib = peak_mib(std::move(meter));
  std::printf(
      "  restart to SERVING %.0f ms; cold run: answer %.0f ms (first chunk %.0f ms), "
      "server CPU %.2f s, peak %.0f MiB\n",
      restart_ms, cold->total_ms, cold->first_chunk_ms, cold->server_cpu_s, peak_cold_mib);
  std::printf(
      "  answer: %d chunks, %.1f MiB, %d entities in scope, %d trial balances read, %d "
      "eliminations; profit %s\n",
      cold->chunks, cold->bytes / 1048576.0, cold->scope, cold->trial_balances_read,
      cold->eliminations, cold->profit.c_str());
  meter = std::make_unique<ProcessMeter>(pid, /*peak_rss=*/true);
  std::vector<double> warm_ms, warm_first_ms, warm_cpu_s;
  for (int i = 0; i < runs; ++i) {
    absl::StatusOr<Answer> warm = Consolidate(*consolidation, pid, options.entities);
    if (!warm.ok()) return fail(warm.status());
    warm_ms.push_back(warm->total_ms);
    warm_first_ms.push_back(warm->first_chunk_ms);
    warm_cpu_s.push_back(warm->server_cpu_s);
  }
  const double peak_warm_mib = peak_mib(std::move(meter));
  std::printf(
      "  warm runs: answer median %.0f ms (min %.0f), first chunk median %.0f ms, "
      "server CPU median %.2f s, peak %.0f MiB\n",
      Median(warm_ms), *std::min_element(warm_ms.begin(), warm_ms.end()), Median(warm_first_ms),
      Median(warm_cpu_s), peak_warm_mib);

  // What the opening costs: the run of the December before alone (its acquisitions are of
  // its own year, so it needs no opening of its own).
  int opening_scope = 0;
  for (const CapitalEntity& entity : group.entities())
    opening_scope += entity.acquisition_month <= 1;
  std::vector<double> opening_ms;
  int opening_read = 0;
  for (int i = 0; i < runs; ++i) {
    absl::StatusOr<Answer> opening = Consolidate(*consolidation, pid, opening_scope, 1);
    if (!opening.ok()) return fail(opening.status());
    opening_ms.push_back(opening->total_ms);
    opening_read = opening->trial_balances_read;
  }
  std::printf(
      "  the opening alone (%s, %d entities, %d trial balances read): answer median %.0f "
      "ms\n",
      PeriodText(1).c_str(), opening_scope, opening_read, Median(opening_ms));

  // 4. Re-consolidation after a new version of one subsidiary's trial balance.
  int changed = -1;
  for (int e = static_cast<int>(group.entities().size()) - 1; e > 0 && changed < 0; --e) {
    const CapitalEntity& entity = group.entities()[e];
    if (!entity.associate && entity.acquisition_month == 1) changed = e;
  }
  auto trial_balances = v1::TrialBalanceService::NewStub(channel);
  std::vector<double> import_ms, again_ms, again_first_ms, again_cpu_s;
  meter = std::make_unique<ProcessMeter>(pid, /*peak_rss=*/true);
  for (int i = 0; i < runs; ++i) {
    const v1::ImportTrialBalanceRequest request =
        TrialBalanceRequest(group, changed, kCapitalPeriodMonth,
                            absl::StrCat("tb-again-", absl::ToUnixMicros(start), "-", i),
                            /*revenue_shift_cents=*/(i + 1) * 100000);
    const absl::Time import_start = absl::Now();
    if (absl::Status s = Call(*trial_balances, &v1::TrialBalanceService::Stub::ImportTrialBalance,
                              request, "ImportTrialBalance");
        !s.ok()) {
      return fail(s);
    }
    import_ms.push_back(Ms(absl::Now() - import_start));
    absl::StatusOr<Answer> again = Consolidate(*consolidation, pid, options.entities);
    if (!again.ok()) return fail(again.status());
    again_ms.push_back(again->total_ms);
    again_first_ms.push_back(again->first_chunk_ms);
    again_cpu_s.push_back(again->server_cpu_s);
  }
  const double peak_again_mib = peak_mib(std::move(meter));
  const double peak_all_mib = std::max({peak_cold_mib, peak_warm_mib, peak_again_mib});
  const int64_t rss_after_kb = ReadStatusField(pid, "VmRSS").value_or(-1);
  std::printf(
      "  re-consolidation after a new version of %s's %s: import median %.1f ms, answer "
      "median %.0f ms (min %.0f), first chunk median %.0f ms, server CPU median %.2f s, peak "
      "%.0f MiB\n",
      group.entities()[changed].id.c_str(), PeriodText(kCapitalPeriodMonth).c_str(),
      Median(import_ms), Median(again_ms), *std::min_element(again_ms.begin(), again_ms.end()),
      Median(again_first_ms), Median(again_cpu_s), peak_again_mib);
  std::printf(
      "  server memory: %.0f MiB serving, peak %.0f MiB over the runs, %.0f MiB "
      "resident after them\n",
      rss_serving_kb / 1024.0, peak_all_mib, rss_after_kb / 1024.0);

  // 6. The profile, in a pass of its own: perf takes CPU from the runs it watches.
  std::string profile_note;
  if (const std::string path = absl::GetFlag(FLAGS_perf_data); !path.empty()) {
    PerfOptions perf_options;
    perf_options.frequency_hz = absl::GetFlag(FLAGS_perf_frequency_hz);
    auto perf = PerfRecorder::Start(pid, path, perf_options);
    if (perf.ok()) {
      for (int i = 0; i < absl::GetFlag(FLAGS_perf_runs); ++i) {
        if (!Consolidate(*consolidation, pid, options.entities).ok()) break;
      }
      const absl::Status stopped = (*perf)->Stop();
      profile_note = stopped.ok() ? path : std::string(stopped.message());
    } else {
      profile_note = std::string(perf.status().message());
    }
    std::printf("  profile: %s\n", profile_note.c_str());
  }
  (*server)->SignalAndWait(SIGTERM, absl::Seconds(120));

  const double warm_median = Median(warm_ms);
  const double again_median = Median(again_ms);
  nlohmann::json j = {
      {"mode", short_mode ? "short" : "full"},
      {"loaded_before", loaded},
      {"entities", options.entities},
      {"accounts", options.accounts},
      {"months", kCapitalMonths},
      {"trial_balance_lines", tb_lines},
      {"postings", options.postings},
      {"period", PeriodText(kCapitalPeriodMonth)},
      {"runs", runs},
      {"load",
       {{"ledger_s", load.ledger_s},
        {"reference_calls", load.reference_calls},
        {"reference_s", load.reference_s},
        {"trial_balances_s", load.trial_balances_s},
        {"trial_balance_lines_per_s", tb_lines / load.trial_balances_s}}},
      {"restart_ms", restart_ms},
      {"cold",
       {{"answer_ms", cold->total_ms},
        {"first_chunk_ms", cold->first_chunk_ms},
        {"server_cpu_s", cold->server_cpu_s}}},
      {"warm",
       {{"answer_median_ms", warm_median},
        {"answer_min_ms", *std::min_element(warm_ms.begin(), warm_ms.end())},
        {"first_chunk_median_ms", Median(warm_first_ms)},
        {"server_cpu_median_s", Median(warm_cpu_s)}}},
      {"reconsolidation",
       {{"entity", group.entities()[changed].id},
        {"import_median_ms", Median(import_ms)},
        {"answer_median_ms", again_median},
        {"answer_min_ms", *std::min_element(again_ms.begin(), again_ms.end())},
        {"first_chunk_median_ms", Median(again_first_ms)},
        {"server_cpu_median_s", Median(again_cpu_s)}}},
      {"opening_alone",
       {{"period", PeriodText(1)},
        {"scope", opening_scope},
        {"trial_balances_read", opening_read},
        {"answer_median_ms", Median(opening_ms)}}},
      {"server_rss_serving_mib", rss_serving_kb / 1024.0},
      {"server_rss_after_mib", rss_after_kb / 1024.0},
      {"server_peak_rss_mib", peak_all_mib},
      {"server_peak_rss_by_phase_mib",
       {{"cold", peak_cold_mib}, {"warm", peak_warm_mib}, {"reconsolidation", peak_again_mib}}},
      {"answer",
       {{"chunks", cold->chunks},
        {"bytes", cold->bytes},
        {"scope", cold->scope},
        {"trial_balances_read", cold->trial_balances_read},
        {"eliminations", cold->eliminations}}},
      {"targets",
       {{"answer_ms", kTargetMs},
        {"reconsolidation_ms", kTargetReconsolidationMs},
        {"peak_rss_mib", kTargetPeakMib}}},
      {"profile", profile_note},
  };
  if (const std::string path = absl::GetFlag(FLAGS_json); !path.empty()) {
    std::ofstream(path) << j.dump(2) << "\n";
  }
  if (const std::string path = absl::GetFlag(FLAGS_results); !path.empty()) {
    std::ifstream in(path);
    nlohmann::json all = nlohmann::json::parse(in, nullptr, false);
    if (all.is_discarded() || !all.is_object()) all = nlohmann::json::object();
    all["capital_consolidation"] = j;
    std::ofstream(path) << all.dump(2) << "\n";
  }
  if (const std::string path = absl::GetFlag(FLAGS_markdown); !path.empty()) {
    std::ofstream out(path, std::ios::app);
    out << absl::StrFormat(
        "\n| capital consolidation (%s: %d entities x %d accounts x %d months = %lld trial "
        "balance lines, %lld postings) | measured | target | |\n| --- | --- | --- | --- |\n",
        short_mode ? "short" : "full", options.entities, options.accounts, kCapitalMonths,
        static_cast<long long>(tb_lines), static_cast<long long>(options.postings));
    if (loaded) {
      out << "| load | loaded before this run | | |\n";
    } else {
      out << absl::StrFormat(
          "| load: ledger / reference data / trial balances | %.1f s / %.1f s / "
          "%.1f s (%.0f lines/s) | | |\n",
          load.ledger_s, load.reference_s, load.trial_balances_s, tb_lines / load.trial_balances_s);
    }
    out << absl::StrFormat("| restart to SERVING | %.0f ms | | |\n", restart_ms);
    out << absl::StrFormat(
        "| consolidation, cold (first run after the restart) | %.0f ms | "
        "<= %.0f ms | %s |\n",
        cold->total_ms, kTargetMs, Met(short_mode, cold->total_ms <= kTargetMs));
    out << absl::StrFormat(
        "| consolidation, warm (median of %d) | %.0f ms (server CPU %.2f s) | "
        "<= %.0f ms | %s |\n",
        runs, warm_median, Median(warm_cpu_s), kTargetMs,
        Met(short_mode, warm_median <= kTargetMs));
    out << absl::StrFormat(
        "| of which: the December before alone (the opening each run also "
        "consolidates; median of %d) | %.0f ms | | |\n",
        runs, Median(opening_ms));
    out << absl::StrFormat(
        "| re-consolidation after one entity's new trial balance (median "
        "of %d) | %.0f ms | <= %.0f ms | %s |\n",
        runs, again_median, kTargetReconsolidationMs,
        Met(short_mode, again_median <= kTargetReconsolidationMs));
    out << absl::StrFormat(
        "| server peak RSS over the runs (the first run's; serving before "
        "it) | %.0f MiB (%.0f; %.0f) | <= %.0f MiB | %s |\n",
        peak_all_mib, peak_cold_mib, rss_serving_kb / 1024.0, kTargetPeakMib,
        Met(short_mode, peak_all_mib <= kTargetPeakMib));
  }
  return 0;
}

}  // namespace
}  // namespace interco::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return interco::bench::Main();
}
