// CapitalGroup: the generated group of issue 17's capital consolidation target, as plain
// data (no gRPC, no storage): a parent and its subsidiaries and associates in tiers, a group
// chart, FX rates, an acquisition for every held entity, intercompany postings and twelve
// monthly trial balances per entity that agree with them. bench/capital_consolidation_main.cc
// loads it into the real server and times RunConsolidation on it.
//
// The shape, for the full size (1,000 entities, 500 accounts, 1M postings):
//  - Entities "E0" (the parent) .. "E999" in tiers of 1, 9, 40, 150 and 800, each held by a
//    subsidiary of the tier above: one in ten of the last tier an associate (25-45%), the
//    rest subsidiaries (one in five wholly owned, else 51-95%). Books in EUR (half), USD,
//    GBP and CHF; the parent and the presentation currency are EUR.
//  - Twelve months, 2023-11 .. 2024-10; the consolidation is of 2024-10. Most entities were
//    acquired on 2023-12-01 (their balance sheet at acquisition is 2023-11's trial balance,
//    and the run needs 2023-12 as their year end and its consolidation as the opening); one
//    in five of the last tier during 2024 (2024-01-01 .. 2024-10-01).
//  - A chart of `accounts` group accounts by class (about 40% assets, 20% liabilities, 2%
//    equity, 16% income, 22% expenses) with the flagged ones consolidation needs: IC
//    receivable 1310 and payable 2310, IC revenue 4010 and cost 5010 (by counterparty),
//    investments 1500, dividends declared 3200 and dividend income 4900.
//  - Intercompany goods sales between fully consolidated entities (each trades with its
//    holder and `partners` others), four ledger lines each, spread over the twelve months.
//  - Every trial balance has one line per account and balances; its intercompany accounts
//    carry exactly the ledger's figures (no LEDGER_VS_GL difference), retained earnings roll
//    over at the year end, one in three held entities declares dividends (2023-12 and
//    2024-06) that its holder books as income, and the holder's investment account carries
//    the consideration from the acquisition month: so equity moves only by profit less
//    dividends, as capital consolidation requires (EQUITY_MOVED_OTHERWISE otherwise).
// Deterministic: the same options give the same group, postings and trial balances.
#ifndef INTERCO_BENCH_CAPITAL_GROUP_H_
#define INTERCO_BENCH_CAPITAL_GROUP_H_

#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace interco::bench {

inline constexpr int kCapitalMonths = 12;
// Month index 0 is 2023-11; the consolidation is of the last one.
absl::CivilMonth CapitalMonth(int month);
inline constexpr int kCapitalPeriodMonth = kCapitalMonths - 1;
inline constexpr char kCapitalParent[] = "E0";
inline constexpr char kCapitalPresentationCurrency[] = "EUR";

struct CapitalGroupOptions {
  int entities = 1000;
  int accounts = 500;
  int64_t postings = 1000000;
  int partners = 4;  // Trading partners of each fully consolidated entity besides its holder.
};

enum class CapitalClass { kAsset, kLiability, kEquity, kIncome, kExpense };

// What an account is for in the generated books.
enum class CapitalRole {
  kCash,  // Balances each trial balance.
  kIcReceivable,
  kIcPayable,
  kIcRevenue,
  kIcCost,
  kInvestment,
  kShareCapital,
  kRetainedEarnings,
  kDividendsDeclared,
  kDividendIncome,
  kOther,  // Generic: its class says how it moves.
};

struct CapitalAccount {
  std::string id;  // "1000" ...; the first digit is the class (1 assets ... 5-8 expenses).
  CapitalClass account_class = CapitalClass::kAsset;
  CapitalRole role = CapitalRole::kOther;
  std::string statement_line;  // "BS.ASSETS.L3", "IS.REVENUE", ...
};

struct CapitalEntity {
  std::string id;
  int currency = 0;  // Index into CapitalGroup::currencies().
  int tier = 0;
  int holder = -1;  // Index of the holder; -1 for the parent.
  int share_percent = 100;
  bool associate = false;
  int acquisition_month = -1;  // Acquired on the first day of this month; -1: the parent.
  // Declared in 2023-12 and 2024-06 (0: none), in the entity's currency.
  int64_t dividend_cents = 0;
  // Set by CapitalGroup::Finish (they depend on the books at acquisition, which depend on
  // the postings): what the holder paid, in its currency; the NCI's fair value (held
  // currency) when measured so; a fair-value uplift of the first generic asset account.
  int64_t consideration_cents = 0;
  std::optional<int64_t> nci_fair_value_cents;
  int64_t fair_value_adjustment_cents = 0;
};

// One intercompany goods sale: the seller books receivable and revenue, the buyer cost and
// payable, in the seller's currency; the buyer's functional amount at the month's rate.
struct CapitalPosting {
  int seller = 0;
  int buyer = 0;
  int month = 0;
  int day = 1;
  int64_t amount_cents = 0;            // Seller's currency.
  int64_t buyer_functional_cents = 0;  // Buyer's currency.
};

struct CapitalRate {
  std::string base, quote;
  bool closing = true;  // CLOSING, else AVERAGE.
  absl::CivilDay valid_from, valid_to;
  std::string rate;  // Units of quote per unit of base, at most 12 places.
};

// One line of a trial balance: an account of the chart and its balance, debit positive.
struct CapitalLine {
  int account = 0;  // Index into accounts().
  int64_t cents = 0;
};

class CapitalGroup {
 public:
  // The structure, chart and rates; no postings yet.
  explicit CapitalGroup(const CapitalGroupOptions& options);

  const CapitalGroupOptions& options() const { return options_; }
  const std::vector<std::string>& currencies() const { return currencies_; }
  const std::vector<CapitalAccount>& accounts() const { return accounts_; }
  const std::vector<CapitalEntity>& entities() const { return entities_; }
  // CLOSING (every currency pair, each month end) and AVERAGE (to EUR, each month).
  std::vector<CapitalRate> Rates() const;

  // The next postings, up to `count`; empty once options().postings were given. The
  // ledger sums the trial balances need are kept as they are generated.
  std::vector<CapitalPosting> NextPostings(int count);

  // After the last postings: the considerations, NCI fair values and adjustments.
  void Finish();

  // `entity`'s trial balance for `month` (Finish first): one line per account, in chart
  // order, summing to zero.
  std::vector<CapitalLine> TrialBalance(int entity, int month) const;

  // Net assets (assets + liabilities, debit positive) of `entity` at `month`.
  int64_t NetAssets(int entity, int month) const;

  // The generic asset account the fair-value adjustments are on.
  const std::string& adjustment_account() const;

  // `cents` of currency `from` in currency `to` at the CLOSING rate of `month`, rounded.
  int64_t Convert(int64_t cents, int from, int to, int month) const;

 private:
  // TrialBalance without the check that Finish ran.
  std::vector<CapitalLine> Lines(int entity, int month) const;
  // The equity, dividends and result lines (everything but the net assets), debit positive.
  int64_t EquityAndResults(int entity, int month) const;
  int64_t ResultLine(int entity, const CapitalAccount& account, int index, int month) const;
  int64_t DividendIncome(int entity, int month) const;
  int64_t RetainedEarnings(int entity, int month) const;
  int64_t IcFigure(int entity, int which, int month, bool year_to_date) const;
  int64_t Base(int entity, int account) const;  // A generic balance-sheet account's level.
  int64_t ClosingMicros(int currency, int month) const;
  int64_t AverageMicros(int currency, int month) const;

  CapitalGroupOptions options_;
  std::vector<std::string> currencies_;
  std::vector<CapitalAccount> accounts_;
  std::vector<CapitalEntity> entities_;
  std::vector<std::vector<int>> held_by_;   // Entities each entity holds.
  std::vector<int64_t> share_capital_;      // By entity, debit positive (negative).
  std::vector<std::pair<int, int>> pairs_;  // (seller, buyer) that trade.
  // Functional ledger sums by entity, account (receivable, revenue, cost, payable), month.
  std::vector<std::array<std::array<int64_t, kCapitalMonths>, 4>> ic_;
  std::mt19937_64 random_{17};
  int64_t posted_ = 0;
  bool finished_ = false;
};

}  // namespace interco::bench

#endif  // INTERCO_BENCH_CAPITAL_GROUP_H_
