#include "bench/capital_group.h"

#include <algorithm>
#include <cassert>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"

namespace interco::bench {
namespace {

// Months of the books that declare dividends (2023-12 and 2024-06).
constexpr int kDividendMonths[] = {1, 7};

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A deterministic draw for (a, b, c).
uint64_t Draw(uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  return SplitMix(SplitMix(SplitMix(a) ^ b) ^ c);
}

int YearOf(int month) { return static_cast<int>(CapitalMonth(month).year()); }

// `value` * numerator / denominator, rounded half away from zero.
int64_t MulDiv(int64_t value, int64_t numerator, int64_t denominator) {
  const absl::int128 product = absl::int128(value) * numerator;
  const absl::int128 half = denominator / 2;
  const absl::int128 rounded =
      product >= 0 ? (product + half) / denominator : (product - half) / denominator;
  return static_cast<int64_t>(rounded);
}

// `value` units of 10^-places as a decimal string ("0.920000").
std::string Fixed(absl::int128 value, int places) {
  absl::int128 scale = 1;
  for (int i = 0; i < places; ++i) scale *= 10;
  std::string fraction = absl::StrCat(static_cast<uint64_t>(value % scale));
  fraction.insert(0, places - fraction.size(), '0');
  return absl::StrCat(static_cast<uint64_t>(value / scale), ".", fraction);
}

std::vector<CapitalAccount> Chart(int count) {
  std::vector<CapitalAccount> accounts = {
      {"1000", CapitalClass::kAsset, CapitalRole::kCash, "BS.ASSETS.CASH"},
      {"1310", CapitalClass::kAsset, CapitalRole::kIcReceivable, "BS.ASSETS.IC_RECEIVABLES"},
      {"1500", CapitalClass::kAsset, CapitalRole::kInvestment, "BS.ASSETS.INVESTMENTS"},
      {"2310", CapitalClass::kLiability, CapitalRole::kIcPayable, "BS.LIABILITIES.IC_PAYABLES"},
      {"3000", CapitalClass::kEquity, CapitalRole::kShareCapital, "BS.EQUITY.SHARE_CAPITAL"},
      {"3100", CapitalClass::kEquity, CapitalRole::kRetainedEarnings,
       "BS.EQUITY.RETAINED_EARNINGS"},
      {"3200", CapitalClass::kEquity, CapitalRole::kDividendsDeclared, "BS.EQUITY.DIVIDENDS"},
      {"4010", CapitalClass::kIncome, CapitalRole::kIcRevenue, "IS.REVENUE"},
      {"4900", CapitalClass::kIncome, CapitalRole::kDividendIncome, "IS.DIVIDEND_INCOME"},
      {"5010", CapitalClass::kExpense, CapitalRole::kIcCost, "IS.COST_OF_SALES"},
  };
  const int generic = count - static_cast<int>(accounts.size());
  struct Share {
    CapitalClass account_class;
    int first_id;
    const char* line;
    int per_mille;
  };
  // Generic accounts by class; ids start where no flagged account is.
  const Share shares[] = {
      {CapitalClass::kAsset, 1001, "BS.ASSETS.L", 400},
      {CapitalClass::kLiability, 2001, "BS.LIABILITIES.L", 200},
      {CapitalClass::kEquity, 3301, "BS.EQUITY.RESERVES_", 20},
      {CapitalClass::kIncome, 4101, "IS.REVENUE.L", 160},
      {CapitalClass::kExpense, 5101, "IS.EXPENSES.L", 220},
  };
  int left = generic;
  for (size_t s = 0; s < std::size(shares); ++s) {
    const Share& share = shares[s];
    const int n = s + 1 == std::size(shares) ? left : std::max(1, generic * share.per_mille / 1000);
    for (int i = 0; i < n; ++i) {
      accounts.push_back({absl::StrCat(share.first_id + i), share.account_class,
                          CapitalRole::kOther, absl::StrCat(share.line, i % 8)});
    }
    left -= n;
  }
  return accounts;
}

}  // namespace

absl::CivilMonth CapitalMonth(int month) { return absl::CivilMonth(2023, 11) + month; }

CapitalGroup::CapitalGroup(const CapitalGroupOptions& options)
    : options_(options), currencies_({"EUR", "USD", "GBP", "CHF"}) {
  assert(options.entities >= 10 && options.accounts >= 20);
  accounts_ = Chart(options.accounts);
  const int n = options.entities;
  std::vector<int> tiers = {1, std::max(1, n * 9 / 1000), std::max(1, n * 40 / 1000),
                            std::max(1, n * 150 / 1000)};
  tiers.push_back(n - tiers[0] - tiers[1] - tiers[2] - tiers[3]);
  std::mt19937_64 random(5);
  std::vector<int> above;
  held_by_.resize(n);
  for (int t = 0, next = 0; t < static_cast<int>(tiers.size()); ++t) {
    std::vector<int> tier;
    const bool last = t + 1 == static_cast<int>(tiers.size());
    for (int i = 0; i < tiers[t]; ++i, ++next) {
      CapitalEntity entity;
      entity.id = absl::StrCat("E", next);
      entity.tier = t;
      static constexpr int kCurrencyOf[8] = {0, 0, 0, 0, 1, 1, 2, 3};
      entity.currency = t == 0 ? 0 : kCurrencyOf[next % 8];
      if (t > 0) {
        entity.holder = above[random() % above.size()];
        held_by_[entity.holder].push_back(next);
        entity.associate = last && next % 10 == 5;
        entity.share_percent = entity.associate ? 25 + static_cast<int>(random() % 21)
                               : next % 5 == 0  ? 100
                                                : 51 + static_cast<int>(random() % 45);
        entity.acquisition_month =
            last && !entity.associate && next % 5 == 2 ? 2 + (next / 5) % 10 : 1;
      }
      if (!entity.associate) tier.push_back(next);
      entities_.push_back(std::move(entity));
    }
    above = std::move(tier);
  }
  // Share capital about 5% above the generic net assets, so that cash stays positive.
  share_capital_.resize(n);
  for (int e = 0; e < n; ++e) {
    int64_t net = 0;
    for (int a = 0; a < static_cast<int>(accounts_.size()); ++a) {
      if (accounts_[a].role != CapitalRole::kOther) continue;
      const CapitalClass c = accounts_[a].account_class;
      if (c == CapitalClass::kAsset || c == CapitalClass::kLiability) net += Base(e, a);
    }
    share_capital_[e] = -(MulDiv(net, 105, 100) + static_cast<int64_t>(Draw(e, 1) % 1000000) * 100);
    CapitalEntity& entity = entities_[e];
    if (entity.holder >= 0 && e % 3 == 0) entity.dividend_cents = -share_capital_[e] / 5000 * 100;
  }
  ic_.resize(n);
  for (auto& by_account : ic_) {
    for (auto& by_month : by_account) by_month.fill(0);
  }
  std::vector<int> full;
  for (int e = 0; e < n; ++e) {
    if (!entities_[e].associate) full.push_back(e);
  }
  for (int e : full) {
    if (entities_[e].holder >= 0) {
      pairs_.push_back({e, entities_[e].holder});
      pairs_.push_back({entities_[e].holder, e});
    }
    for (int p = 0; p < options.partners; ++p) {
      const int other = full[random() % full.size()];
      if (other != e) pairs_.push_back({e, other});
    }
  }
}

int64_t CapitalGroup::ClosingMicros(int currency, int month) const {
  static constexpr int64_t kBase[] = {1000000, 920000, 1160000, 1040000};
  if (currency == 0) return kBase[0];
  return kBase[currency] * (1000 + ((month * 7 + currency * 3) % 11 - 5) * 4) / 1000;
}

int64_t CapitalGroup::AverageMicros(int currency, int month) const {
  if (currency == 0) return 1000000;
  const int64_t closing = ClosingMicros(currency, month);
  return closing * (1000 + ((month * 5 + currency) % 9 - 4) * 3) / 1000;
}

int64_t CapitalGroup::Convert(int64_t cents, int from, int to, int month) const {
  if (from == to) return cents;
  return MulDiv(cents, ClosingMicros(from, month), ClosingMicros(to, month));
}

std::vector<CapitalRate> CapitalGroup::Rates() const {
  std::vector<CapitalRate> rates;
  const int n = static_cast<int>(currencies_.size());
  for (int month = 0; month < kCapitalMonths; ++month) {
    const absl::CivilDay first(CapitalMonth(month));
    const absl::CivilDay next(CapitalMonth(month + 1));
    for (int base = 1; base < n; ++base) {
      rates.push_back({currencies_[base], currencies_[0], true, next - 1, next,
                       Fixed(ClosingMicros(base, month), 6)});
      rates.push_back({currencies_[base], currencies_[0], false, first, next,
                       Fixed(AverageMicros(base, month), 6)});
      for (int quote = base + 1; quote < n; ++quote) {
        const absl::int128 numerator = absl::int128(ClosingMicros(base, month)) * 1000000000000;
        const int64_t denominator = ClosingMicros(quote, month);
        rates.push_back({currencies_[base], currencies_[quote], true, next - 1, next,
                         Fixed((numerator + denominator / 2) / denominator, 12)});
      }
    }
  }
  return rates;
}

std::vector<CapitalPosting> CapitalGroup::NextPostings(int count) {
  std::vector<CapitalPosting> postings;
  for (; posted_ < options_.postings && static_cast<int>(postings.size()) < count; ++posted_) {
    CapitalPosting p;
    const auto [seller, buyer] = pairs_[random_() % pairs_.size()];
    p.seller = seller;
    p.buyer = buyer;
    p.month = static_cast<int>(random_() % kCapitalMonths);
    p.day = 1 + static_cast<int>(random_() % 28);
    p.amount_cents = 10000 + static_cast<int64_t>(random_() % 990000);
    p.buyer_functional_cents =
        Convert(p.amount_cents, entities_[seller].currency, entities_[buyer].currency, p.month);
    ic_[seller][0][p.month] += p.amount_cents;
    ic_[seller][1][p.month] -= p.amount_cents;
    ic_[buyer][2][p.month] += p.buyer_functional_cents;
    ic_[buyer][3][p.month] -= p.buyer_functional_cents;
    postings.push_back(p);
  }
  return postings;
}

void CapitalGroup::Finish() {
  assert(posted_ == options_.postings);
  for (int h = 0; h < static_cast<int>(entities_.size()); ++h) {
    CapitalEntity& held = entities_[h];
    if (held.holder < 0) continue;
    const int before = held.acquisition_month - 1;
    const int64_t net_assets = NetAssets(h, before);
    const int premium_percent = 85 + static_cast<int>(Draw(h, 2) % 60);
    const int64_t price = MulDiv(MulDiv(net_assets, held.share_percent, 100), premium_percent, 100);
    held.consideration_cents = std::max<int64_t>(
        100000, Convert(price, held.currency, entities_[held.holder].currency, before));
    if (!held.associate && held.share_percent < 100 && h % 7 == 3) {
      held.nci_fair_value_cents =
          std::max<int64_t>(0, MulDiv(net_assets, (100 - held.share_percent) * 11, 1000));
    }
    if (h % 5 == 1) held.fair_value_adjustment_cents = std::max<int64_t>(0, net_assets / 100);
  }
  finished_ = true;
}

int64_t CapitalGroup::Base(int entity, int account) const {
  const uint64_t draw = Draw(entity, account, 3);
  return accounts_[account].account_class == CapitalClass::kAsset
             ? static_cast<int64_t>(draw % 2000000 + 10000) * 100
             : -static_cast<int64_t>(draw % 1000000 + 5000) * 100;
}

int64_t CapitalGroup::IcFigure(int entity, int which, int month, bool year_to_date) const {
  int64_t sum = 0;
  for (int j = 0; j <= month; ++j) {
    if (!year_to_date || YearOf(j) == YearOf(month)) sum += ic_[entity][which][j];
  }
  return sum;
}

int64_t CapitalGroup::ResultLine(int entity, const CapitalAccount& account, int index,
                                 int month) const {
  switch (account.role) {
    case CapitalRole::kIcRevenue:
      return IcFigure(entity, 1, month, true);
    case CapitalRole::kIcCost:
      return IcFigure(entity, 2, month, true);
    case CapitalRole::kDividendIncome:
      return DividendIncome(entity, month);
    default:
      break;
  }
  // Year to date: every month of the calendar year up to this one.
  const absl::CivilMonth at = CapitalMonth(month);
  int64_t sum = 0;
  for (int m = 1; m <= at.month(); ++m) {
    const uint64_t draw = Draw(entity, index, at.year() * 12 + m);
    sum += account.account_class == CapitalClass::kIncome
               ? -static_cast<int64_t>(draw % 50000 + 100) * 100
               : static_cast<int64_t>(draw % 32000 + 100) * 100;
  }
  return sum;
}

int64_t CapitalGroup::DividendIncome(int entity, int month) const {
  int64_t sum = 0;
  for (int h : held_by_[entity]) {
    const CapitalEntity& held = entities_[h];
    if (held.dividend_cents == 0) continue;
    for (int j : kDividendMonths) {
      if (j > month || YearOf(j) != YearOf(month) || j < held.acquisition_month) continue;
      sum -= Convert(held.dividend_cents * held.share_percent / 100, held.currency,
                     entities_[entity].currency, j);
    }
  }
  return sum;
}

int64_t CapitalGroup::RetainedEarnings(int entity, int month) const {
  const int64_t opening = -static_cast<int64_t>(Draw(entity, 4) % 3000000) * 100;
  if (YearOf(month) == YearOf(0)) return opening;
  // The first year's result and dividends (its December's figures) closed into it: the
  // dividend of 2023-12 and the year's income and expenses.
  int64_t closed = opening + entities_[entity].dividend_cents;
  for (int a = 0; a < static_cast<int>(accounts_.size()); ++a) {
    const CapitalAccount& account = accounts_[a];
    if (account.account_class == CapitalClass::kIncome ||
        account.account_class == CapitalClass::kExpense) {
      closed += ResultLine(entity, account, a, 1);
    }
  }
  return closed;
}

std::vector<CapitalLine> CapitalGroup::TrialBalance(int entity, int month) const {
  assert(finished_);
  return Lines(entity, month);
}

std::vector<CapitalLine> CapitalGroup::Lines(int entity, int month) const {
  std::vector<CapitalLine> lines;
  lines.reserve(accounts_.size());
  int64_t total = 0;
  size_t cash = 0;
  for (int a = 0; a < static_cast<int>(accounts_.size()); ++a) {
    const CapitalAccount& account = accounts_[a];
    int64_t cents = 0;
    switch (account.role) {
      case CapitalRole::kCash:
        cash = lines.size();
        break;
      case CapitalRole::kIcReceivable:
        cents = IcFigure(entity, 0, month, false);
        break;
      case CapitalRole::kIcPayable:
        cents = IcFigure(entity, 3, month, false);
        break;
      case CapitalRole::kInvestment:
        for (int h : held_by_[entity]) {
          if (entities_[h].acquisition_month <= month) cents += entities_[h].consideration_cents;
        }
        break;
      case CapitalRole::kShareCapital:
        cents = share_capital_[entity];
        break;
      case CapitalRole::kRetainedEarnings:
        cents = RetainedEarnings(entity, month);
        break;
      case CapitalRole::kDividendsDeclared:
        for (int j : kDividendMonths) {
          if (j <= month && YearOf(j) == YearOf(month)) cents += entities_[entity].dividend_cents;
        }
        break;
      case CapitalRole::kIcRevenue:
      case CapitalRole::kIcCost:
      case CapitalRole::kDividendIncome:
        cents = ResultLine(entity, account, a, month);
        break;
      case CapitalRole::kOther:
        switch (account.account_class) {
          case CapitalClass::kAsset:
          case CapitalClass::kLiability:
            cents = Base(entity, a) +
                    (static_cast<int64_t>(Draw(entity, a, 100 + month) % 20001) - 10000) * 100;
            break;
          case CapitalClass::kEquity:
            cents = -static_cast<int64_t>(Draw(entity, a, 5) % 100000 + 1000) * 100;
            break;
          case CapitalClass::kIncome:
          case CapitalClass::kExpense:
            cents = ResultLine(entity, account, a, month);
            break;
        }
        break;
    }
    total += cents;
    lines.push_back({a, cents});
  }
  lines[cash].cents = -total;
  return lines;
}

int64_t CapitalGroup::EquityAndResults(int entity, int month) const {
  int64_t sum = 0;
  // Before Finish the investment line is not final, but it is an asset: not summed here.
  for (const CapitalLine& line : Lines(entity, month)) {
    const CapitalClass c = accounts_[line.account].account_class;
    if (c != CapitalClass::kAsset && c != CapitalClass::kLiability) sum += line.cents;
  }
  return sum;
}

int64_t CapitalGroup::NetAssets(int entity, int month) const {
  return -EquityAndResults(entity, month);
}

const std::string& CapitalGroup::adjustment_account() const {
  for (const CapitalAccount& account : accounts_) {
    if (account.role == CapitalRole::kOther && account.account_class == CapitalClass::kAsset) {
      return account.id;
    }
  }
  return accounts_.front().id;
}

}  // namespace interco::bench
