#include "storage/pricing_codec.h"

#include "storage/codec.h"

namespace interco::storage {
namespace {

constexpr uint8_t kFormat = 1;
constexpr uint8_t kPolicyKind = 1;
constexpr uint8_t kFxRateKind = 2;
constexpr uint8_t kPeriodKind = 3;
constexpr uint8_t kAccountMapKind = 4;
// Bounds on counts read back, against corrupt lengths.
constexpr uint64_t kMaxEncodedItems = 100000;

// Enum values on disk are these numbers; never renumber.
constexpr int kMethods = 8;           // pricing::Method
constexpr int kTransactionTypes = 6;  // pricing::TransactionType
constexpr int kRangeStrategies = 4;   // pricing::RangeStrategy
constexpr int kRateTypes = 3;         // pricing::RateType

void EncodePolicy(const pricing::Policy& policy, Encoder& out) {
  out.PutString(policy.id);
  const pricing::PolicyPattern& p = policy.pattern;
  out.PutString(p.seller_id);
  out.PutString(p.buyer_id);
  out.PutU8(p.transaction_type.has_value() ? 1 + static_cast<uint8_t>(*p.transaction_type) : 0);
  out.PutString(p.category);
  out.PutDay(p.valid_from);
  out.PutU8(p.valid_to.has_value() ? 1 : 0);
  if (p.valid_to.has_value()) out.PutDay(*p.valid_to);
  out.PutSigned(policy.priority);
  out.PutU8(static_cast<uint8_t>(policy.method));
  out.PutVarint(policy.parameters.size());
  for (const auto& [name, value] : policy.parameters) {
    out.PutString(name);
    out.PutInt128(value.raw());
  }
  out.PutVarint(policy.comparables.size());
  for (const Decimal& value : policy.comparables) out.PutInt128(value.raw());
  out.PutU8(static_cast<uint8_t>(policy.range));
  out.PutU8((policy.rounding == RoundingMode::kHalfUp ? 1 : 0) |
            (policy.reject_out_of_range ? 2 : 0));
}

bool GetEnum(Decoder& in, int count, uint8_t* value) { return in.GetU8(value) && *value < count; }

bool GetDecimal(Decoder& in, Decimal* value) {
  absl::int128 raw = 0;
  if (!in.GetInt128(&raw)) return false;
  *value = Decimal::FromRaw(raw);
  return true;
}

bool DecodePolicy(Decoder& in, pricing::Policy* policy) {
  pricing::PolicyPattern& p = policy->pattern;
  uint8_t type = 0, has_to = 0, method = 0, range = 0, rounding = 0;
  int64_t priority = 0;
  uint64_t count = 0;
  if (!in.GetString(&policy->id) || !in.GetString(&p.seller_id) || !in.GetString(&p.buyer_id) ||
      !in.GetU8(&type) || type > kTransactionTypes || !in.GetString(&p.category) ||
      !in.GetDay(&p.valid_from) || !in.GetU8(&has_to) || has_to > 1) {
    return false;
  }
  if (type > 0) p.transaction_type = static_cast<pricing::TransactionType>(type - 1);
  if (has_to == 1) {
    absl::CivilDay to;
    if (!in.GetDay(&to)) return false;
    p.valid_to = to;
  }
  if (!in.GetSigned(&priority) || priority < INT32_MIN || priority > INT32_MAX ||
      !GetEnum(in, kMethods, &method) || !in.GetVarint(&count) || count > kMaxEncodedItems) {
    return false;
  }
  policy->priority = static_cast<int32_t>(priority);
  policy->method = static_cast<pricing::Method>(method);
  for (uint64_t i = 0; i < count; ++i) {
    std::string name;
    Decimal value;
    if (!in.GetString(&name) || !GetDecimal(in, &value)) return false;
    policy->parameters[name] = value;
  }
  if (!in.GetVarint(&count) || count > kMaxEncodedItems) return false;
  policy->comparables.resize(count);
  for (Decimal& value : policy->comparables) {
    if (!GetDecimal(in, &value)) return false;
  }
  // Bit 0: half-up rounding; bit 1: reject out-of-range prices.
  if (!GetEnum(in, kRangeStrategies, &range) || !in.GetU8(&rounding) || rounding > 3) {
    return false;
  }
  policy->range = static_cast<pricing::RangeStrategy>(range);
  policy->rounding = (rounding & 1) != 0 ? RoundingMode::kHalfUp : RoundingMode::kHalfEven;
  policy->reject_out_of_range = (rounding & 2) != 0;
  return true;
}

void EncodeRate(const pricing::FxRate& rate, Encoder& out) {
  out.PutString(rate.base);
  out.PutString(rate.quote);
  out.PutU8(static_cast<uint8_t>(rate.type));
  out.PutDay(rate.valid_from);
  out.PutDay(rate.valid_to);
  out.PutInt128(rate.rate.raw());
}

bool DecodeRate(Decoder& in, pricing::FxRate* rate) {
  uint8_t type = 0;
  if (!in.GetString(&rate->base) || !in.GetString(&rate->quote) ||
      !GetEnum(in, kRateTypes, &type) || !in.GetDay(&rate->valid_from) ||
      !in.GetDay(&rate->valid_to) || !GetDecimal(in, &rate->rate)) {
    return false;
  }
  rate->type = static_cast<pricing::RateType>(type);
  return true;
}

}  // namespace

std::string EncodePricingChange(const pricing::PricingChange& change) {
  Encoder out;
  out.PutU8(kFormat);
  out.PutString(change.request_id);
  if (const auto* policy = std::get_if<pricing::Policy>(&change.body)) {
    out.PutU8(kPolicyKind);
    EncodePolicy(*policy, out);
  } else if (const auto* map = std::get_if<ledger::EntityAccountMap>(&change.body)) {
    out.PutU8(kAccountMapKind);
    out.PutString(map->entity_id);
    out.PutVarint(map->mappings.size());
    for (const auto& [type, mapping] : map->mappings) {
      out.PutU8(static_cast<uint8_t>(type));
      for (const std::string* account : {&mapping.seller.debit, &mapping.seller.credit,
                                         &mapping.buyer.debit, &mapping.buyer.credit}) {
        out.PutString(*account);
      }
    }
  } else if (const auto* status = std::get_if<pricing::PeriodStatus>(&change.body)) {
    out.PutU8(kPeriodKind);
    out.PutString(status->entity_id);
    out.PutString(status->period.ToString());
    out.PutU8((status->closed ? 1 : 0) | (status->roll_forward ? 2 : 0));
  } else {
    out.PutU8(kFxRateKind);
    EncodeRate(std::get<pricing::FxRate>(change.body), out);
  }
  return out.Release();
}

absl::StatusOr<pricing::PricingChange> DecodePricingChange(absl::string_view bytes) {
  Decoder in(bytes);
  uint8_t format = 0, kind = 0;
  pricing::PricingChange change;
  if (!in.GetU8(&format) || format != kFormat) {
    return absl::DataLossError("pricing change has an unknown format");
  }
  bool ok = in.GetString(&change.request_id) && in.GetU8(&kind);
  if (ok && kind == kPolicyKind) {
    pricing::Policy policy;
    ok = DecodePolicy(in, &policy);
    change.body = std::move(policy);
  } else if (ok && kind == kAccountMapKind) {
    ledger::EntityAccountMap map;
    uint64_t count = 0;
    ok = in.GetString(&map.entity_id) && in.GetVarint(&count) && count <= kTransactionTypes;
    for (uint64_t i = 0; ok && i < count; ++i) {
      uint8_t type = 0;
      ledger::AccountMapping mapping;
      ok = GetEnum(in, kTransactionTypes, &type) && in.GetString(&mapping.seller.debit) &&
           in.GetString(&mapping.seller.credit) && in.GetString(&mapping.buyer.debit) &&
           in.GetString(&mapping.buyer.credit);
      map.mappings[static_cast<pricing::TransactionType>(type)] = std::move(mapping);
    }
    change.body = std::move(map);
  } else if (ok && kind == kPeriodKind) {
    pricing::PeriodStatus status;
    uint8_t closed = 0;
    // Bit 0: closed; bit 1: roll forward.
    std::string period;
    ok = in.GetString(&status.entity_id) && in.GetString(&period) && in.GetU8(&closed) &&
         closed <= 3;
    absl::StatusOr<ledger::Period> parsed = ledger::Period::Parse("period", period);
    ok = ok && parsed.ok();
    if (ok) status.period = *parsed;
    status.closed = (closed & 1) != 0;
    status.roll_forward = (closed & 2) != 0;
    change.body = std::move(status);
  } else if (ok && kind == kFxRateKind) {
    pricing::FxRate rate;
    ok = DecodeRate(in, &rate);
    change.body = std::move(rate);
  } else {
    ok = false;
  }
  if (!ok || !in.Done()) return absl::DataLossError("pricing change record is malformed");
  return change;
}

}  // namespace interco::storage
