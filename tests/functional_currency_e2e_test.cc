// End to end, against the real server binary: issue 13's bug 5. An entity's functional
// currency is fixed for the periods it has postings in; a change from a later period applies
// prospectively (IAS 21.35-37), and a consolidation "as of" a point before it reproduces
// exactly. A posting priced just before a change cannot commit after it.
#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/ledger_e2e_fixture.h"
#include "tests/requests.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

using Structure = v1::GroupStructureService::Stub;

// The ErrorInfo reason of `status`; "" if none.
std::string Reason(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.reason();
  }
  return "";
}

v1::UpsertEntityRequest ChangeA(const std::string& request_id, const std::string& currency,
                                const std::string& from) {
  v1::UpsertEntityRequest request = EntityRequest("A", request_id, currency);
  request.mutable_entity()->set_functional_currency_effective_period(from);
  return request;
}

// A goods sale from A to B (2 units at cost 100 EUR, so 216 EUR) dated `day`.
v1::PostTransactionRequest SaleOn(const std::string& request_id, google::type::Date day) {
  v1::PostTransactionRequest request = GoodsPosting(request_id);
  *request.mutable_transaction()->mutable_date() = day;
  return request;
}

// A's lines of a reply, as "period currency" each.
std::vector<std::string> CurrenciesOfA(const v1::PostTransactionResponse& posted) {
  std::vector<std::string> out;
  for (const v1::LedgerLine& line : posted.lines()) {
    if (line.entity_id() == "A") {
      out.push_back(line.period() + " " + line.functional_amount().currency_code());
    }
  }
  return out;
}

class FunctionalCurrencyE2eTest : public LedgerE2eTest {
 public:
  void SetUp() override {
    LedgerE2eTest::SetUp();
    ASSERT_TRUE(AddConsolidationRates(server_->Channel()).ok());
    structure_ = v1::GroupStructureService::NewStub(server_->Channel());
    consolidation_ = v1::ConsolidationService::NewStub(server_->Channel());
  }

  grpc::Status Upsert(const v1::UpsertEntityRequest& request,
                      v1::UpsertEntityResponse* response = nullptr) {
    v1::UpsertEntityResponse ignored;
    return Call(*structure_, &Structure::UpsertEntity, request,
                response != nullptr ? response : &ignored);
  }

  grpc::Status Consolidate(const v1::RunConsolidationRequest& request,
                           std::vector<v1::ConsolidationChunk>* chunks) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    auto reader = consolidation_->RunConsolidation(&context, request);
    v1::ConsolidationChunk chunk;
    while (reader->Read(&chunk)) chunks->push_back(chunk);
    return reader->Finish();
  }

  static v1::RunConsolidationRequest Period(const char* period) {
    v1::RunConsolidationRequest request;
    request.set_parent_id("P");
    request.set_period(period);
    request.set_presentation_currency("EUR");
    return request;
  }

  std::unique_ptr<Structure> structure_;
  std::unique_ptr<v1::ConsolidationService::Stub> consolidation_;
};

// Figures only: what a run states about where it read from is compared separately.
std::string Figures(std::vector<v1::ConsolidationChunk> chunks) {
  std::string out;
  for (v1::ConsolidationChunk& chunk : chunks) {
    chunk.clear_as_of_sequence();
    chunk.clear_chain_hash();
    chunk.clear_structure_version();
    chunk.clear_pricing_version();
    chunk.clear_inputs();
    chunk.clear_inputs_hash();
    out += chunk.SerializeAsString();
  }
  return out;
}

std::string Serialized(const std::vector<v1::ConsolidationChunk>& chunks) {
  std::string out;
  for (const v1::ConsolidationChunk& chunk : chunks) out += chunk.SerializeAsString();
  return out;
}

TEST_F(FunctionalCurrencyE2eTest, RefusedForPostedPeriodsProspectiveAfterAndReproducibleAsOf) {
  v1::PostTransactionResponse june;
  ASSERT_TRUE(PostOne(SaleOn("june", Date(2024, 6, 30)), &june).ok());
  EXPECT_EQ(CurrenciesOfA(june), (std::vector<std::string>{"2024-06 EUR", "2024-06 EUR"}));
  std::vector<v1::ConsolidationChunk> june_before, july_before;
  ASSERT_TRUE(Consolidate(Period("2024-06"), &june_before).ok());
  ASSERT_TRUE(Consolidate(Period("2024-07"), &july_before).ok());
  ASSERT_FALSE(july_before.empty());

  // From the beginning, or from a posted period: refused, naming the field.
  grpc::Status refused = Upsert(EntityRequest("A", "a-usd", "USD"));
  EXPECT_EQ(refused.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(ViolatedField(refused), "entity.functional_currency");
  EXPECT_EQ(Reason(refused), "ENTITY_HAS_POSTINGS");
  refused = Upsert(ChangeA("a-usd-june", "USD", "2024-06"));
  EXPECT_EQ(refused.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(ViolatedField(refused), "entity.functional_currency_effective_period");
  EXPECT_EQ(Reason(refused), "PERIOD_HAS_POSTINGS");
  refused = Upsert(ChangeA("a-usd-bad", "USD", "2024-13"));
  EXPECT_EQ(refused.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(refused), "entity.functional_currency_effective_period");
  refused = Upsert(ChangeA("a-eur-july", "EUR", "2024-07"));
  EXPECT_EQ(refused.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(refused), "CURRENCY_UNCHANGED");

  // From July, after A's last posted period: accepted, versioned, read back with history.
  v1::UpsertEntityResponse changed;
  ASSERT_TRUE(Upsert(ChangeA("a-usd-july", "USD", "2024-07"), &changed).ok());
  EXPECT_EQ(changed.entity().functional_currency(), "USD");
  EXPECT_EQ(changed.entity().functional_currency_effective_period(), "2024-07");
  ASSERT_EQ(changed.entity().earlier_functional_currencies_size(), 1);
  EXPECT_EQ(changed.entity().earlier_functional_currencies(0).functional_currency(), "EUR");
  EXPECT_EQ(changed.entity().earlier_functional_currencies(0).effective_period(), "");
  v1::UpsertEntityResponse retried;
  ASSERT_TRUE(Upsert(ChangeA("a-usd-july", "USD", "2024-07"), &retried).ok());
  EXPECT_EQ(retried.structure_version(), changed.structure_version());
  refused = Upsert(ChangeA("a-chf-july", "CHF", "2024-07"));
  EXPECT_EQ(refused.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(refused), "EFFECTIVE_PERIOD_NOT_AFTER_CURRENT");

  // July books A in USD (Friday's SPOT 1.1: 216 EUR = 237.60 USD); a late June invoice
  // still in EUR. The ledger verifies.
  v1::PostTransactionResponse july, late_june;
  ASSERT_TRUE(PostOne(SaleOn("july", Date(2024, 7, 1)), &july).ok());
  EXPECT_EQ(CurrenciesOfA(july), (std::vector<std::string>{"2024-07 USD", "2024-07 USD"}));
  EXPECT_EQ(july.lines(0).functional_amount().units(), 237);
  ASSERT_TRUE(PostOne(SaleOn("late-june", Date(2024, 6, 30)), &late_june).ok());
  EXPECT_EQ(CurrenciesOfA(late_june), (std::vector<std::string>{"2024-06 EUR", "2024-06 EUR"}));
  // A reversal of a EUR entry dated in a USD period would book EUR there: refused, nothing
  // written.
  v1::ReverseTransactionRequest reverse;
  reverse.set_request_id("reverse-june-in-july");
  reverse.set_sequence(june.sequence());
  *reverse.mutable_date() = Date(2024, 7, 1);
  v1::PostTransactionResponse reversed;
  refused = Call(*ledger_, &v1::LedgerService::Stub::ReverseTransaction, reverse, &reversed);
  EXPECT_EQ(refused.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(refused), "FUNCTIONAL_CURRENCY_CHANGED");
  EXPECT_TRUE(Verify().ok());
  EXPECT_EQ(Verify().entries_checked(), 3u);

  // As of the point of the first July run: the same answer, byte for byte.
  v1::RunConsolidationRequest as_of = Period("2024-07");
  as_of.set_as_of_sequence(july_before[0].as_of_sequence());
  as_of.set_structure_version(july_before[0].structure_version());
  as_of.set_pricing_version(july_before[0].pricing_version());
  std::vector<v1::ConsolidationChunk> july_again;
  ASSERT_TRUE(Consolidate(as_of, &july_again).ok());
  EXPECT_EQ(Serialized(july_again), Serialized(july_before));
  // That version cannot read USD balances booked after the change.
  as_of.clear_as_of_sequence();
  std::vector<v1::ConsolidationChunk> unreadable;
  refused = Consolidate(as_of, &unreadable);
  EXPECT_EQ(refused.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(ViolatedField(refused), "structure_version");
  EXPECT_EQ(Reason(refused), "STRUCTURE_VERSION_BEFORE_CURRENCY_CHANGE");
  // June as of its first run is unchanged too; July now consolidates A from USD.
  v1::RunConsolidationRequest june_as_of = Period("2024-06");
  june_as_of.set_as_of_sequence(june_before[0].as_of_sequence());
  std::vector<v1::ConsolidationChunk> june_after, july_now;
  ASSERT_TRUE(Consolidate(june_as_of, &june_after).ok());
  EXPECT_EQ(Figures(june_after), Figures(june_before));
  ASSERT_TRUE(Consolidate(Period("2024-07"), &july_now).ok());
  EXPECT_EQ(july_now[0].structure_version(), changed.structure_version());
}

// The race of issue 13: postings of A for a month are priced and queued while A's currency
// changes from that month. Whatever the interleaving, no line ends up in a currency other
// than the one its period has: either the change is refused (the postings committed first)
// or each posting priced in the old currency is refused and nothing of it is written.
TEST_F(FunctionalCurrencyE2eTest, APostingPricedBeforeAChangeNeverCommitsAfterIt) {
  auto policies = v1::PolicyService::NewStub(server_->Channel());
  constexpr int kRounds = 6;
  constexpr int kPostersPerRound = 8;
  for (int round = 0; round < kRounds; ++round) {
    v1::UpsertFxRateRequest rate;
    rate.set_request_id(absl::StrCat("spot-", round));
    rate.mutable_rate()->set_base_currency("EUR");
    rate.mutable_rate()->set_quote_currency("USD");
    rate.mutable_rate()->set_type(v1::RATE_TYPE_SPOT);
    *rate.mutable_rate()->mutable_validity()->mutable_valid_from() = Date(2024, 7 + round, 1);
    rate.mutable_rate()->mutable_rate()->set_value("1.1");
    v1::UpsertFxRateResponse rate_response;
    ASSERT_TRUE(Call(*policies, &v1::PolicyService::Stub::UpsertFxRate, rate, &rate_response).ok());
  }
  std::vector<v1::PostTransactionResponse> committed;
  std::atomic<int> refused_postings{0}, other_errors{0};
  int changes_accepted = 0;
  std::string current = "EUR";
  for (int round = 0; round < kRounds; ++round) {
    const std::string period = absl::StrFormat("2024-%02d", 7 + round);
    const std::string next = current == "EUR" ? "USD" : "EUR";
    std::vector<v1::PostTransactionResponse> replies(kPostersPerRound);
    std::vector<bool> ok(kPostersPerRound, false);
    std::vector<std::thread> posters;
    for (int i = 0; i < kPostersPerRound; ++i) {
      posters.emplace_back([&, i] {
        const grpc::Status status = PostOne(
            SaleOn(absl::StrCat("r", round, "-", i), Date(2024, 7 + round, 1)), &replies[i]);
        ok[i] = status.ok();
        if (status.ok()) return;
        if (status.error_code() == grpc::FAILED_PRECONDITION &&
            Reason(status) == "FUNCTIONAL_CURRENCY_CHANGED") {
          ++refused_postings;
        } else {
          ++other_errors;
        }
      });
    }
    const grpc::Status change = Upsert(ChangeA(absl::StrCat("change-", round), next, period));
    for (std::thread& poster : posters) poster.join();
    if (change.ok()) {
      ++changes_accepted;
      current = next;
    } else {
      EXPECT_EQ(Reason(change), "PERIOD_HAS_POSTINGS") << change.error_message();
    }
    for (int i = 0; i < kPostersPerRound; ++i) {
      if (ok[i]) committed.push_back(replies[i]);
    }
  }
  EXPECT_EQ(other_errors.load(), 0);
  // A's currencies as they stand: every committed line must agree with them.
  v1::GetEntityRequest get;
  get.set_entity_id("A");
  v1::VersionedEntity a;
  ASSERT_TRUE(Call(*structure_, &Structure::GetEntity, get, &a).ok());
  std::vector<std::pair<std::string, std::string>> spells;  // (from, currency), oldest first.
  for (const auto& earlier : a.entity().earlier_functional_currencies()) {
    spells.push_back({earlier.effective_period(), earlier.functional_currency()});
  }
  spells.push_back(
      {a.entity().functional_currency_effective_period(), a.entity().functional_currency()});
  const auto currency_in = [&](const std::string& period) {
    std::string currency;
    for (const auto& [from, code] : spells) {
      if (from <= period) currency = code;
    }
    return currency;
  };
  for (const v1::PostTransactionResponse& posted : committed) {
    for (const v1::LedgerLine& line : posted.lines()) {
      if (line.entity_id() != "A") continue;
      EXPECT_EQ(line.functional_amount().currency_code(), currency_in(line.period()))
          << "sequence " << posted.sequence() << " in " << line.period();
    }
  }
  EXPECT_TRUE(Verify().ok());
  ::testing::Test::RecordProperty("changes_accepted", changes_accepted);
  ::testing::Test::RecordProperty("postings_refused", refused_postings.load());
}

}  // namespace
}  // namespace interco::testing
