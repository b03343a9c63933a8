#include "storage/structure_codec.h"

#include <cassert>

#include "absl/strings/str_cat.h"
#include "storage/codec.h"

namespace interco::storage {
namespace {

constexpr uint8_t kFormat = 1;

// Kind bytes of format 1. Never renumber.
enum Kind : uint8_t {
  kEntity = 1,
  kDepartment = 2,
  kEmployee = 3,
  kEdge = 4,
  kEndEdge = 5,
  // An entity upsert with functional_currency_from: kEntity's fields, then the first day of
  // that month. Entities without one keep kind 1, byte for byte as before.
  kEntityWithCurrencyFrom = 6,
  // An acquisition: holder, held, date, consideration and its currency, investment account,
  // NCI measurement, NCI fair value (presence byte, amount), then a varint count of
  // fair-value adjustments, each an account and an amount.
  kAcquisition = 7,
};

// NCI measurement bytes of kAcquisition. Never renumber.
constexpr uint8_t kNciProportionate = 1;
constexpr uint8_t kNciFairValue = 2;

constexpr uint8_t kExplicitControlBit = 1;
constexpr uint8_t kCrossHoldingBit = 2;

struct BodyEncoder {
  Encoder& out;
  void operator()(const group::LegalEntity& e) const {
    // A change records what the caller sent; the history is derived when it is applied.
    assert(e.earlier_currencies.empty());
    out.PutU8(e.functional_currency_from.has_value() ? kEntityWithCurrencyFrom : kEntity);
    for (const std::string* s :
         {&e.id, &e.name, &e.jurisdiction, &e.functional_currency, &e.parent_of_record_id}) {
      out.PutString(*s);
    }
    if (e.functional_currency_from.has_value()) {
      out.PutDay(absl::CivilDay(*e.functional_currency_from));
    }
  }
  void operator()(const group::Department& d) const {
    out.PutU8(kDepartment);
    for (const std::string* s : {&d.id, &d.entity_id, &d.name}) out.PutString(*s);
  }
  void operator()(const group::Employee& e) const {
    out.PutU8(kEmployee);
    for (const std::string* s : {&e.id, &e.entity_id, &e.name}) out.PutString(*s);
  }
  void operator()(const group::OwnershipEdge& e) const {
    out.PutU8(kEdge);
    out.PutString(e.holder_id);
    out.PutString(e.held_id);
    out.PutInt128(e.equity_share.raw());
    out.PutInt128(e.voting_share.raw());
    out.PutDay(e.valid_from);
    out.PutU8(e.valid_to.has_value() ? 1 : 0);
    if (e.valid_to.has_value()) out.PutDay(*e.valid_to);
    out.PutU8((e.explicit_control ? kExplicitControlBit : 0) |
              (e.cross_holding ? kCrossHoldingBit : 0));
  }
  void operator()(const group::EndEdge& e) const {
    out.PutU8(kEndEdge);
    out.PutString(e.holder_id);
    out.PutString(e.held_id);
    out.PutDay(e.valid_from);
    out.PutDay(e.valid_to);
  }
  void operator()(const group::Acquisition& a) const {
    assert(a.fair_value_adjustments.size() <= group::kMaxFairValueAdjustments);
    out.PutU8(kAcquisition);
    out.PutString(a.holder_id);
    out.PutString(a.held_id);
    out.PutDay(a.acquisition_date);
    out.PutInt128(a.consideration.raw());
    out.PutString(a.consideration_currency);
    out.PutString(a.investment_account);
    out.PutU8(a.nci_measurement == group::NciMeasurement::kFairValue ? kNciFairValue
                                                                     : kNciProportionate);
    out.PutU8(a.nci_fair_value.has_value() ? 1 : 0);
    if (a.nci_fair_value.has_value()) out.PutInt128(a.nci_fair_value->raw());
    out.PutVarint(a.fair_value_adjustments.size());
    for (const group::FairValueAdjustment& adjustment : a.fair_value_adjustments) {
      out.PutString(adjustment.account);
      out.PutInt128(adjustment.amount.raw());
    }
  }
};

bool DecodeEdge(Decoder& in, group::OwnershipEdge* edge) {
  absl::int128 equity = 0, voting = 0;
  uint8_t has_to = 0, flags = 0;
  if (!in.GetString(&edge->holder_id) || !in.GetString(&edge->held_id) || !in.GetInt128(&equity) ||
      !in.GetInt128(&voting) || !in.GetDay(&edge->valid_from) || !in.GetU8(&has_to) || has_to > 1) {
    return false;
  }
  if (has_to == 1) {
    absl::CivilDay to;
    if (!in.GetDay(&to)) return false;
    edge->valid_to = to;
  }
  if (!in.GetU8(&flags) || (flags & ~(kExplicitControlBit | kCrossHoldingBit)) != 0) return false;
  edge->equity_share = Decimal::FromRaw(equity);
  edge->voting_share = Decimal::FromRaw(voting);
  edge->explicit_control = (flags & kExplicitControlBit) != 0;
  edge->cross_holding = (flags & kCrossHoldingBit) != 0;
  return true;
}

// Checks what the format fixes (a known NCI byte, a presence byte, a bounded count);
// the rules of an acquisition are checked again when the history is replayed.
bool DecodeAcquisition(Decoder& in, group::Acquisition* a) {
  absl::int128 consideration = 0;
  uint8_t nci = 0, has_fair_value = 0;
  if (!in.GetString(&a->holder_id) || !in.GetString(&a->held_id) ||
      !in.GetDay(&a->acquisition_date) || !in.GetInt128(&consideration) ||
      !in.GetString(&a->consideration_currency) || !in.GetString(&a->investment_account) ||
      !in.GetU8(&nci) || (nci != kNciProportionate && nci != kNciFairValue) ||
      !in.GetU8(&has_fair_value) || has_fair_value > 1) {
    return false;
  }
  a->consideration = Decimal::FromRaw(consideration);
  a->nci_measurement = nci == kNciFairValue ? group::NciMeasurement::kFairValue
                                            : group::NciMeasurement::kProportionate;
  if (has_fair_value == 1) {
    absl::int128 fair_value = 0;
    if (!in.GetInt128(&fair_value)) return false;
    a->nci_fair_value = Decimal::FromRaw(fair_value);
  }
  uint64_t count = 0;
  if (!in.GetVarint(&count) || count > group::kMaxFairValueAdjustments) return false;
  a->fair_value_adjustments.resize(count);
  for (group::FairValueAdjustment& adjustment : a->fair_value_adjustments) {
    absl::int128 amount = 0;
    if (!in.GetString(&adjustment.account) || !in.GetInt128(&amount)) return false;
    adjustment.amount = Decimal::FromRaw(amount);
  }
  return true;
}

bool DecodeBody(Decoder& in, uint8_t kind, group::ChangeBody* body) {
  switch (kind) {
    case kEntity:
    case kEntityWithCurrencyFrom: {
      group::LegalEntity e;
      if (!in.GetString(&e.id) || !in.GetString(&e.name) || !in.GetString(&e.jurisdiction) ||
          !in.GetString(&e.functional_currency) || !in.GetString(&e.parent_of_record_id)) {
        return false;
      }
      if (kind == kEntityWithCurrencyFrom) {
        absl::CivilDay from;
        if (!in.GetDay(&from) || from.day() != 1) return false;  // A period starts on day 1.
        e.functional_currency_from = absl::CivilMonth(from);
      }
      *body = std::move(e);
      return true;
    }
    case kDepartment: {
      group::Department d;
      if (!in.GetString(&d.id) || !in.GetString(&d.entity_id) || !in.GetString(&d.name)) {
        return false;
      }
      *body = std::move(d);
      return true;
    }
    case kEmployee: {
      group::Employee e;
      if (!in.GetString(&e.id) || !in.GetString(&e.entity_id) || !in.GetString(&e.name)) {
        return false;
      }
      *body = std::move(e);
      return true;
    }
    case kEdge: {
      group::OwnershipEdge e;
      if (!DecodeEdge(in, &e)) return false;
      *body = std::move(e);
      return true;
    }
    case kEndEdge: {
      group::EndEdge e;
      if (!in.GetString(&e.holder_id) || !in.GetString(&e.held_id) || !in.GetDay(&e.valid_from) ||
          !in.GetDay(&e.valid_to)) {
        return false;
      }
      *body = std::move(e);
      return true;
    }
    case kAcquisition: {
      group::Acquisition a;
      if (!DecodeAcquisition(in, &a)) return false;
      *body = std::move(a);
      return true;
    }
  }
  return false;
}

}  // namespace

std::string EncodeStructureChange(const group::StructureChange& change) {
  Encoder out;
  out.PutU8(kFormat);
  out.PutString(change.request_id);
  std::visit(BodyEncoder{out}, change.body);
  return out.Release();
}

absl::StatusOr<group::StructureChange> DecodeStructureChange(absl::string_view bytes) {
  Decoder in(bytes);
  uint8_t format = 0, kind = 0;
  group::StructureChange change;
  if (!in.GetU8(&format) || format != kFormat) {
    return absl::DataLossError(absl::StrCat("structure change has unknown format ", format));
  }
  if (!in.GetString(&change.request_id) || !in.GetU8(&kind) ||
      !DecodeBody(in, kind, &change.body) || !in.Done()) {
    return absl::DataLossError("structure change record is malformed");
  }
  return change;
}

}  // namespace interco::storage
