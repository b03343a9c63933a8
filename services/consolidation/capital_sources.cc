#include "services/consolidation/capital_sources.h"

#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/consolidation/capital_parts.h"
#include "services/consolidation/currency_restatement.h"
#include "services/consolidation/period_balances.h"
#include "services/pricing/money.h"

namespace interco::consolidation {
namespace {

using capital_internal::kOne;
using capital_internal::Precondition;

// The rate of `day` from `from` to `to`: the SPOT rate, or the CLOSING rate of the day
// before (the month's close before an acquisition on the first of the next), each direct,
// inverse or through `pivot` (the presentation currency, as every other rate of a run).
absl::StatusOr<Decimal> RateOn(const pricing::FxTable& fx, const std::string& from,
                               const std::string& to, absl::CivilDay day,
                               const std::string& pivot) {
  if (from == to) return kOne;
  absl::StatusOr<pricing::Conversion> spot =
      fx.Find(from, to, pricing::RateType::kSpot, day, pivot);
  if (spot.ok()) return spot->rate;
  absl::StatusOr<pricing::Conversion> closing =
      fx.Find(from, to, pricing::RateType::kClosing, day - 1, pivot);
  if (closing.ok()) return closing->rate;
  return FieldError(absl::StatusCode::kFailedPrecondition, "fx_rate",
                    absl::StrCat(from, "/", to, " ", group::DayText(day)), "FX_RATE_MISSING",
                    absl::StrCat("an acquisition needs a SPOT rate on its date or a CLOSING rate "
                                 "of the day before: ",
                                 spot.status().message(), "; ", closing.status().message()));
}

// The period's CLOSING and AVERAGE rates, as every run translates a period.
absl::Status SetRates(const pricing::FxTable& fx, const std::string& from, const std::string& to,
                      PeriodBooks& books) {
  ASSIGN_OR_RETURN(const TranslationRates rates, PeriodRatesFor(fx, from, to, books.period));
  books.closing_rate = rates.closing;
  books.average_rate = rates.average;
  return absl::OkStatus();
}

class Gatherer {
 public:
  Gatherer(const CapitalSources& sources, ledger::Period period)
      : sources_(sources), structure_(*sources.structure), period_(period) {}

  absl::StatusOr<GatheredInput> Run();

 private:
  absl::Status Scope();
  absl::Status Acquisitions();
  absl::Status ReadBooks();
  // The books of `id` for `period`, with the period's rates unless `rates` is false;
  // MISSING_TRIAL_BALANCE without them.
  absl::StatusOr<PeriodBooks> BooksOf(const std::string& id, ledger::Period period,
                                      bool rates = true);
  absl::Status Fill(CapitalAcquisition& facts);

  const CapitalSources& sources_;
  const group::GroupStructure& structure_;
  const ledger::Period period_;
  std::set<std::string> full_;  // FULL entities, the parent included.
  std::map<ledger::Period, std::set<std::string>> needs_;
  std::map<ledger::Period, std::map<std::string, EntityBooks>> books_;
  GatheredInput out_;
};

absl::Status Gatherer::Scope() {
  ASSIGN_OR_RETURN(const auto analysis, structure_.AnalysisOn(period_.LastDay()));
  const std::optional<int> parent = analysis->entities().Find(sources_.parent_id);
  if (!parent.has_value()) {
    return FieldError(absl::StatusCode::kNotFound, "parent_id", sources_.parent_id, "UNKNOWN_ID",
                      "no legal entity with this id");
  }
  const auto& ids = analysis->entities().ids;
  for (int i = 0; i < static_cast<int>(ids.size()); ++i) {
    const group::ConsolidationMethod method =
        i == *parent ? group::ConsolidationMethod::kFull : analysis->Method(*parent, i);
    if (method == group::ConsolidationMethod::kNone) continue;
    CapitalEntity entity;
    entity.entity_id = ids[i];
    entity.method = method;
    entity.group_share = i == *parent ? kOne : analysis->EffectiveShare(*parent, i);
    entity.historical_equity_rate = kOne;
    if (method == group::ConsolidationMethod::kFull) full_.insert(ids[i]);
    needs_[period_].insert(ids[i]);
    out_.input.entities.push_back(std::move(entity));
  }
  return absl::OkStatus();
}

absl::Status Gatherer::Acquisitions() {
  std::map<std::string, const group::Acquisition*> by_held;
  for (const auto& [key, acquisition] : structure_.acquisitions()) {
    if (needs_[period_].count(acquisition.held_id) == 0 ||
        needs_[period_].count(acquisition.holder_id) == 0 ||
        acquisition.held_id == sources_.parent_id) {
      continue;  // Outside the scope: not this run's.
    }
    const std::string pair = absl::StrCat(acquisition.holder_id, " -> ", acquisition.held_id);
    if (full_.count(acquisition.holder_id) == 0) {
      return Precondition("acquisitions", pair, "HOLDER_NOT_CONSOLIDATED",
                          "the holder of an acquisition must be the parent or a subsidiary");
    }
    if (by_held.count(acquisition.held_id) > 0) {
      return Precondition("acquisitions", acquisition.held_id, "MULTIPLE_ACQUISITIONS",
                          "two entities of the group acquired it; step and joint acquisitions "
                          "are not modelled");
    }
    const std::optional<ledger::Period> before =
        ledger::Period::Of(acquisition.acquisition_date - 1);
    if (*ledger::Period::Of(acquisition.acquisition_date) > period_ || !before.has_value()) {
      return Precondition("acquisitions", pair, "ACQUISITION_AFTER_PERIOD",
                          "the entity is in scope but its acquisition is dated after the period "
                          "(or has no month before it)");
    }
    by_held[acquisition.held_id] = &acquisition;
  }
  for (const auto& [held, acquisition] : by_held) {
    const auto holder = by_held.find(acquisition->holder_id);
    if (holder != by_held.end() &&
        acquisition->acquisition_date < holder->second->acquisition_date) {
      // The group obtained control of the entity when it acquired its holder (IFRS 3.8,
      // 10.B88): the entity's reserves until then are pre-acquisition for the group.
      return Precondition("acquisitions", absl::StrCat(acquisition->holder_id, " -> ", held),
                          "ACQUIRED_BEFORE_HOLDER",
                          absl::StrCat("the group acquired it with ", acquisition->holder_id,
                                       " on ", group::DayText(holder->second->acquisition_date),
                                       ": record this acquisition at that date"));
    }
    CapitalAcquisition facts;
    facts.acquisition = *acquisition;
    needs_[*ledger::Period::Of(acquisition->acquisition_date - 1)].insert(held);
    for (int year = acquisition->acquisition_date.year(); year < period_.year(); ++year) {
      needs_[*ledger::Period::Of(absl::CivilDay(year, 12, 31))].insert(held);
    }
    out_.input.acquisitions.push_back(std::move(facts));
  }
  return absl::OkStatus();
}

absl::Status Gatherer::ReadBooks() {
  // Restating copies the whole snapshot; only a group in which some entity changed its
  // functional currency needs it (most never do).
  bool changed = false;
  for (const auto& [id, entity] : structure_.entities()) {
    changed = changed || !entity.earlier_currencies.empty();
  }
  for (const auto& [period, ids] : needs_) {
    std::vector<ledger::PeriodBalance> restated;
    if (changed) {
      ASSIGN_OR_RETURN(restated, RestateForPeriod(*sources_.ledger, structure_, *sources_.fx,
                                                  period, sources_.presentation_currency));
    }
    ASSIGN_OR_RETURN(books_[period], sources_.books->Read(structure_, ids, period,
                                                          changed ? restated : *sources_.ledger));
    for (const auto& [id, books] : books_[period]) {
      out_.read.push_back({id, period, books.trial_balance.version});
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<PeriodBooks> Gatherer::BooksOf(const std::string& id, ledger::Period period,
                                              bool rates) {
  const auto found = books_[period].find(id);
  if (found == books_[period].end()) {
    return Precondition("trial_balance", absl::StrCat(id, " ", period.ToString()),
                        "MISSING_TRIAL_BALANCE",
                        "the consolidation needs this entity's trial balance for this period");
  }
  PeriodBooks books;
  books.period = period;
  // Each (entity, period) is taken once: the books move out rather than being copied.
  books.lines = std::move(found->second.books);
  books_[period].erase(found);
  if (!rates) return books;
  const std::string& currency =
      structure_.FindEntity(id)->FunctionalCurrencyIn(absl::CivilMonth(period.FirstDay()));
  RETURN_IF_ERROR(SetRates(*sources_.fx, currency, sources_.presentation_currency, books));
  return books;
}

absl::Status Gatherer::Fill(CapitalAcquisition& facts) {
  const group::Acquisition& acquisition = facts.acquisition;
  const absl::CivilDay day = acquisition.acquisition_date;
  // Pre-acquisition equity is translated at the acquisition date's rate, not the month's.
  ASSIGN_OR_RETURN(facts.pre_acquisition,
                   BooksOf(acquisition.held_id, *ledger::Period::Of(day - 1), /*rates=*/false));
  for (int year = day.year(); year < period_.year(); ++year) {
    const ledger::Period december = *ledger::Period::Of(absl::CivilDay(year, 12, 31));
    // A December without a trial balance is named by ConsolidateCapital, which says why it
    // is needed; any other error (a rate missing) is returned here.
    if (books_[december].count(acquisition.held_id) == 0) continue;
    ASSIGN_OR_RETURN(PeriodBooks books, BooksOf(acquisition.held_id, december));
    facts.year_ends.push_back(std::move(books));
  }
  const std::string& held_currency =
      structure_.FindEntity(acquisition.held_id)->FunctionalCurrencyIn(absl::CivilMonth(day));
  facts.held_currency = held_currency;
  // Goodwill and the investment keep the currencies of the acquisition date; restating them
  // after a change of functional currency (IAS 21.37) is not modelled.
  const absl::CivilMonth month(period_.FirstDay());
  if (structure_.FindEntity(acquisition.held_id)->FunctionalCurrencyIn(month) != held_currency ||
      structure_.FindEntity(acquisition.holder_id)->FunctionalCurrencyIn(month) !=
          acquisition.consideration_currency) {
    return Precondition("acquisitions",
                        absl::StrCat(acquisition.holder_id, " -> ", acquisition.held_id),
                        "CURRENCY_CHANGED_SINCE_ACQUISITION",
                        "the holder's or the held entity's functional currency changed after "
                        "the acquisition");
  }
  const std::string& pivot = sources_.presentation_currency;
  ASSIGN_OR_RETURN(facts.acquisition_rate, RateOn(*sources_.fx, held_currency, pivot, day, pivot));
  ASSIGN_OR_RETURN(const Decimal rate, RateOn(*sources_.fx, acquisition.consideration_currency,
                                              held_currency, day, pivot));
  ASSIGN_OR_RETURN(const Decimal converted,
                   pricing::NoOverflow(Decimal::Mul(acquisition.consideration, rate),
                                       "acquisition.consideration",
                                       absl::StrCat("the consideration in ", held_currency)));
  facts.consideration_held_currency = pricing::RoundToMinor(converted, held_currency);
  for (const group::OwnershipEdge& edge : structure_.edges()) {
    if (edge.holder_id == acquisition.holder_id && edge.held_id == acquisition.held_id &&
        edge.ActiveOn(period_.LastDay())) {
      facts.direct_share = edge.equity_share;
      return absl::OkStatus();
    }
  }
  return Precondition("acquisitions",
                      absl::StrCat(acquisition.holder_id, " -> ", acquisition.held_id), "NOT_HELD",
                      "the holder holds no share of the entity in the period");
}

absl::StatusOr<GatheredInput> Gatherer::Run() {
  out_.input.parent_id = sources_.parent_id;
  out_.input.presentation_currency = sources_.presentation_currency;
  out_.input.period = period_;
  out_.input.chart = &sources_.books->chart();
  RETURN_IF_ERROR(Scope());
  RETURN_IF_ERROR(Acquisitions());
  RETURN_IF_ERROR(ReadBooks());
  for (CapitalEntity& entity : out_.input.entities) {
    ASSIGN_OR_RETURN(entity.reporting, BooksOf(entity.entity_id, period_));
    if (entity.entity_id != sources_.parent_id) continue;
    const std::string& currency = structure_.FindEntity(entity.entity_id)
                                      ->FunctionalCurrencyIn(absl::CivilMonth(period_.FirstDay()));
    ASSIGN_OR_RETURN(const TranslationRates rates,
                     RatesFor(*sources_.fx, currency, sources_.presentation_currency, period_));
    entity.historical_equity_rate = rates.historical_equity;
  }
  for (CapitalAcquisition& facts : out_.input.acquisitions) RETURN_IF_ERROR(Fill(facts));
  return std::move(out_);
}

}  // namespace

absl::StatusOr<GatheredInput> GatherCapitalInput(const CapitalSources& sources,
                                                 ledger::Period period) {
  return Gatherer(sources, period).Run();
}

bool NeedsOpening(const CapitalInput& input) {
  for (const CapitalAcquisition& facts : input.acquisitions) {
    if (facts.acquisition.acquisition_date.year() < input.period.year()) return true;
  }
  return false;
}

}  // namespace interco::consolidation
