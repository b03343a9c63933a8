// Capital consolidation from whole trial balances (IFRS 10, IFRS 3, IAS 21, IAS 28): the
// group's statement of financial position and income statement for a parent, from each
// entity's books, its acquisition and the ownership shares.
//
// Steps, each an entry of the elimination journal in the presentation currency:
//  1. Translation (IAS 21.39): assets and liabilities at the closing rate, income and
//     expense (year to date) at the average rate, dividends declared at the closing rate of
//     the period that shows them; an acquired entity's equity at historical rates by
//     component: pre-acquisition equity at the acquisition-date rate, each later year's
//     profit at that year's average rate and dividends at their closing rate. The
//     difference is the entity's cumulative translation adjustment (CTA) since acquisition.
//  2. Capital (IFRS 3.32, 10.B86): the holder's investment against the held entity's
//     pre-acquisition equity (book values plus fair-value adjustments); the NCI at
//     acquisition (proportionate share of identifiable net assets, or fair value);
//     goodwill = consideration + NCI - identifiable net assets, an asset of the held entity
//     translated at the closing rate (IAS 21.47); negative: a bargain purchase gain
//     (IFRS 3.34) in the year of acquisition. Across tiers (the holder is itself a
//     subsidiary), the holder's NCI bears its share of the investment's cost and the group
//     recognises the holder's share of goodwill (the indirect method).
//  3. NCI: each subsidiary's NCI (1 - the parent's effective share) takes its share of
//     post-acquisition reserves, of the year's profit, of dividends and of CTA.
//  4. Dividends within the group: the holder's dividend income against the payer's
//     dividends declared; the NCI's share reduces the NCI.
//  5. Intercompany balances and income/expense between fully consolidated entities, by the
//     chart's elimination families, the difference of each pair to a suspense account.
//  6. Unrealised profit in a buyer's inventory, as the controller states it.
//  7. Associates and joint ventures by the equity method (IAS 28.10): the holder's
//     investment at cost plus its share of post-acquisition profit, dividends and CTA.
// Sign convention: every amount is debit positive (a profit, a credit, is negative).
// Pure (no I/O) and deterministic: every output is sorted.
#ifndef INTERCO_SERVICES_CONSOLIDATION_CAPITAL_H_
#define INTERCO_SERVICES_CONSOLIDATION_CAPITAL_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/decimal.h"
#include "services/consolidation/books.h"
#include "services/consolidation/consolidator.h"
#include "services/group/acquisition.h"
#include "services/group/ownership.h"
#include "services/ledger/period_type.h"
#include "services/trial_balance/chart.h"

namespace interco::consolidation {

// One entity's books at the end of one period with the rates of that period: units of the
// presentation currency per unit of the entity's functional currency.
struct PeriodBooks {
  ledger::Period period;
  Books lines;
  Decimal closing_rate;
  Decimal average_rate;
};

struct CapitalEntity {
  std::string entity_id;
  // kFull for the parent and its subsidiaries, kEquity for associates.
  group::ConsolidationMethod method = group::ConsolidationMethod::kFull;
  // The parent's effective equity share, in [0, 1]; 1 for the parent.
  Decimal group_share;
  PeriodBooks reporting;
  // The parent only (entities without an acquisition): the rate of its equity.
  Decimal historical_equity_rate;
};

struct CapitalAcquisition {
  group::Acquisition acquisition;
  // The holder's direct equity share in the held entity in the reporting period.
  Decimal direct_share;
  // The held entity's books of the month before the acquisition (rates unused).
  PeriodBooks pre_acquisition;
  // The held entity's functional currency on the acquisition date.
  std::string held_currency;
  // Held entity's functional currency -> presentation currency on the acquisition date.
  Decimal acquisition_rate;
  // The consideration converted into the held entity's functional currency on that date.
  Decimal consideration_held_currency;
  // The held entity's books at each December after the acquisition month and before the
  // reporting period's year, oldest first, with their rates.
  std::vector<PeriodBooks> year_ends;
};

struct CapitalInput {
  std::string parent_id;
  std::string presentation_currency;
  ledger::Period period;
  const trial_balance::Chart* chart = nullptr;
  std::vector<CapitalEntity> entities;           // Any order.
  std::vector<CapitalAcquisition> acquisitions;  // One per entity other than the parent.
  std::vector<InventoryOnHand> inventory;
};

enum class EliminationType {
  kCapital = 1,
  kNci,
  kBalances,
  kIncomeExpense,
  kDividends,
  kUnrealisedProfit,
  kEquityMethod,
};
const char* EliminationTypeName(EliminationType type);  // "CAPITAL", ...

struct JournalLine {
  EliminationType type = EliminationType::kCapital;
  std::string entity_id;  // Whose books the line adjusts.
  std::string counterparty_id;
  std::string account;
  Decimal amount;
  std::string reason;
};

struct StatementLine {
  std::string line;  // The chart's statement line, e.g. "BS.ASSETS.CASH".
  Decimal amount;
};

struct GoodwillEntry {
  std::string holder_id;
  std::string entity_id;
  std::string currency;    // The held entity's functional currency.
  Decimal functional;      // In that currency; < 0: a bargain purchase.
  Decimal at_acquisition;  // Presentation, at the acquisition-date rate.
  Decimal closing;         // Presentation, at the closing rate; 0 for a bargain purchase.
  bool bargain_purchase = false;
};

// The NCI of one subsidiary over the reporting year, debit positive (NCI is a credit):
// opening + acquisition + profit + dividends + cta = closing.
struct NciRollForward {
  std::string entity_id;
  Decimal nci_share;
  Decimal opening, acquisition, profit, dividends, cta, closing;
};

// The CTA of one entity (and of goodwill on it) over the reporting year, with the parts
// attributable to owners and to NCI at the close; debit positive (a gain is negative).
struct CtaRollForward {
  std::string entity_id;
  Decimal opening, movement, closing;
  Decimal owners, nci;
};

struct CapitalConsolidation {
  std::vector<ScopeEntry> scope;
  std::map<std::string, Decimal> trial_balance;  // After eliminations, by account.
  std::vector<JournalLine> eliminations;
  std::vector<StatementLine> financial_position;
  std::vector<StatementLine> income_statement;
  Decimal profit, profit_owners, profit_nci;
  std::vector<GoodwillEntry> goodwill;
  std::vector<NciRollForward> nci;
  std::vector<CtaRollForward> cta;
  // Proofs: the trial balance's sum (0), and the statement of financial position's parts:
  // assets + liabilities + equity attributable to owners + NCI = 0.
  Decimal trial_balance_sum, assets, liabilities, equity_owners, nci_total;
};

// Synthetic accounts the consolidation books (chart ids have no spaces, so they never
// collide with the chart), with their statement lines.
inline constexpr char kGoodwillAccount[] = "1690 goodwill";
inline constexpr char kUnrealisedInventoryAccount[] = "1399 unrealised profit in inventory";
inline constexpr char kIntercompanyDifferences[] =
    "4999 intercompany income and expense differences";
inline constexpr char kGroupCtaAccount[] = "3900 cumulative translation adjustment";
inline constexpr char kNciAccount[] = "3950 non-controlling interests";
inline constexpr char kPostAcquisitionReserves[] = "3960 post-acquisition reserves";
inline constexpr char kPreAcquisitionEquity[] = "3970 pre-acquisition result and revaluation";
inline constexpr char kNciProfitAccount[] = "3980 profit attributable to NCI";
inline constexpr char kBargainPurchaseGain[] = "4990 bargain purchase gain";
inline constexpr char kAssociatesProfit[] = "4910 share of profit of associates";
inline constexpr char kUnrealisedProfitAccount[] = "5990 unrealised profit eliminated";

// FAILED_PRECONDITION naming the entity: a FULL or EQUITY entity without books or without
// an acquisition (reason MISSING_ACQUISITION), books that do not balance, an acquisition
// after the period, equity that moved since the acquisition other than by profit and
// dividends (EQUITY_MOVED_OTHERWISE), an account outside the chart; INVALID_ARGUMENT
// (OVERFLOW) when a sum leaves Decimal's range.
// `opening`: the same consolidation at the December before the period's year (its NCI and
// CTA closings are this run's openings); null when there is none.
absl::StatusOr<CapitalConsolidation> ConsolidateCapital(const CapitalInput& input,
                                                        const CapitalConsolidation* opening);

}  // namespace interco::consolidation

#endif  // INTERCO_SERVICES_CONSOLIDATION_CAPITAL_H_
