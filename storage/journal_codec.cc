#include "storage/journal_codec.h"

#include "services/common/sha256.h"
#include "storage/codec.h"

namespace interco::storage {
namespace {

constexpr uint8_t kFormat = 1;
constexpr uint64_t kMaxLines = 10000;
constexpr int kTransactionTypes = 6;  // TransactionType, on disk by number.
constexpr int kRelations = 5;         // group::Relation, on disk by number.

void PutDecimal(Encoder& out, Decimal value) { out.PutInt128(value.raw()); }

bool GetDecimal(Decoder& in, Decimal* value) {
  absl::int128 raw = 0;
  if (!in.GetInt128(&raw)) return false;
  *value = Decimal::FromRaw(raw);
  return true;
}

void PutLine(Encoder& out, const ledger::LedgerLine& line) {
  out.PutString(line.entity_id);
  out.PutString(line.counterparty_id);
  out.PutString(line.account);
  out.PutU8(line.side == ledger::Side::kDebit ? 0 : 1);
  PutDecimal(out, line.amount);
  out.PutString(line.currency);
  PutDecimal(out, line.functional_amount);
  out.PutString(line.functional_currency);
  PutDecimal(out, line.fx_rate);
  out.PutDay(line.fx_rate_date);
  out.PutString(line.period.ToString());
}

bool GetLine(Decoder& in, ledger::LedgerLine* line) {
  uint8_t side = 0;
  std::string period;
  if (!in.GetString(&line->entity_id) || !in.GetString(&line->counterparty_id) ||
      !in.GetString(&line->account) || !in.GetU8(&side) || side > 1 ||
      !GetDecimal(in, &line->amount) || !in.GetString(&line->currency) ||
      !GetDecimal(in, &line->functional_amount) || !in.GetString(&line->functional_currency) ||
      !GetDecimal(in, &line->fx_rate) || !in.GetDay(&line->fx_rate_date) ||
      !in.GetString(&period)) {
    return false;
  }
  absl::StatusOr<ledger::Period> parsed = ledger::Period::Parse("period", period);
  if (!parsed.ok()) return false;
  line->period = *parsed;
  line->side = side == 0 ? ledger::Side::kDebit : ledger::Side::kCredit;
  return true;
}

bool GetHash(Decoder& in, ledger::Hash* hash) {
  for (uint8_t& byte : *hash) {
    if (!in.GetU8(&byte)) return false;
  }
  return true;
}

// Reads the posting's fields before its lines, checking them as DecodeJournalValue does.
bool SkipPostingHeader(Decoder& in, uint64_t* count) {
  uint8_t format = 0, type = 0, relation = 0, has_reverses = 0;
  absl::string_view text;
  absl::CivilDay day;
  uint64_t number = 0;
  absl::int128 raw = 0;
  bool ok = in.GetU8(&format) && format == kFormat && in.GetStringView(&text) &&
            in.GetStringView(&text) && in.GetDay(&day) && in.GetU8(&type) &&
            type < kTransactionTypes && in.GetU8(&relation) && relation < kRelations &&
            in.GetStringView(&text) && in.GetVarint(&number) && in.GetVarint(&number) &&
            in.GetU8(&has_reverses) && has_reverses <= 1;
  if (ok && has_reverses == 1) ok = in.GetVarint(&number);
  return ok && in.GetInt128(&raw) && in.GetInt128(&raw) && in.GetStringView(&text) &&
         in.GetVarint(count) && *count <= kMaxLines;
}

bool GetBalanceLine(Decoder& in, BalanceLineView* line) {
  uint8_t side = 0;
  absl::string_view functional_currency;
  absl::int128 rate = 0;
  // The same checks as GetLine, without building what a balance does not need.
  if (!in.GetStringView(&line->entity_id) || !in.GetStringView(&line->counterparty_id) ||
      !in.GetStringView(&line->account) || !in.GetU8(&side) || side > 1 ||
      !in.GetInt128(&line->amount) || !in.GetStringView(&line->currency) ||
      !in.GetInt128(&line->functional) || !in.GetStringView(&functional_currency) ||
      !in.GetInt128(&rate) || !in.SkipDay() || !in.GetStringView(&line->period)) {
    return false;
  }
  line->debit = side == 0;
  return ledger::Period::IsValidText(line->period);
}

}  // namespace

absl::Status DecodeBalanceLines(absl::string_view value, std::vector<BalanceLineView>* lines,
                                ledger::Hash* hash) {
  Decoder in(value);
  uint64_t count = 0;
  bool ok = SkipPostingHeader(in, &count);
  if (ok) lines->resize(count);
  for (uint64_t i = 0; ok && i < count; ++i) ok = GetBalanceLine(in, &(*lines)[i]);
  ledger::Hash previous;
  ok = ok && GetHash(in, &previous) && GetHash(in, hash) && in.Done();
  if (!ok) return absl::DataLossError("journal entry is malformed");
  return absl::OkStatus();
}

std::string EncodeJournalContent(const std::string& request_id, const ledger::Posting& posting) {
  Encoder out;
  out.PutU8(kFormat);
  out.PutString(request_id);
  out.PutString(posting.transaction_id);
  out.PutDay(posting.date);
  out.PutU8(static_cast<uint8_t>(posting.transaction_type));
  out.PutU8(static_cast<uint8_t>(posting.relation));
  out.PutString(posting.policy_id);
  out.PutVarint(posting.policy_version);
  out.PutVarint(posting.structure_version);
  out.PutU8(posting.reverses.has_value() ? 1 : 0);
  if (posting.reverses.has_value()) out.PutVarint(*posting.reverses);
  PutDecimal(out, posting.quantity);
  PutDecimal(out, posting.unit_price);
  out.PutString(posting.explanation);
  out.PutVarint(posting.lines.size());
  for (const ledger::LedgerLine& line : posting.lines) PutLine(out, line);
  return out.Release();
}

ledger::Hash ChainHash(uint64_t sequence, const ledger::Hash& previous, absl::string_view content) {
  // With a built-in digest and in-memory input hashing cannot fail short of memory
  // exhaustion, which would leave the hash zero and fail verification rather than crash.
  const std::string key = EncodeKey64(sequence);
  return Sha256({key,
                 absl::string_view(reinterpret_cast<const char*>(previous.data()), previous.size()),
                 content})
      .value_or(ledger::Hash{});
}

std::string EncodeJournalValue(const ledger::JournalEntry& entry) {
  std::string value = EncodeJournalContent(entry.request_id, entry.posting);
  value.append(reinterpret_cast<const char*>(entry.previous_hash.data()),
               entry.previous_hash.size());
  value.append(reinterpret_cast<const char*>(entry.hash.data()), entry.hash.size());
  return value;
}

absl::StatusOr<ledger::JournalEntry> DecodeJournalValue(uint64_t sequence,
                                                        absl::string_view value) {
  ledger::JournalEntry entry;
  entry.sequence = sequence;
  ledger::Posting& p = entry.posting;
  Decoder in(value);
  uint8_t format = 0, type = 0, relation = 0, has_reverses = 0;
  uint64_t count = 0;
  bool ok = in.GetU8(&format) && format == kFormat && in.GetString(&entry.request_id) &&
            in.GetString(&p.transaction_id) && in.GetDay(&p.date) && in.GetU8(&type) &&
            type < kTransactionTypes && in.GetU8(&relation) && relation < kRelations &&
            in.GetString(&p.policy_id) && in.GetVarint(&p.policy_version) &&
            in.GetVarint(&p.structure_version) && in.GetU8(&has_reverses) && has_reverses <= 1;
  if (ok && has_reverses == 1) {
    uint64_t reversed = 0;
    ok = in.GetVarint(&reversed);
    p.reverses = reversed;
  }
  ok = ok && GetDecimal(in, &p.quantity) && GetDecimal(in, &p.unit_price) &&
       in.GetString(&p.explanation) && in.GetVarint(&count) && count <= kMaxLines;
  if (ok) {
    p.lines.resize(count);
    for (ledger::LedgerLine& line : p.lines) ok = ok && GetLine(in, &line);
  }
  ok = ok && GetHash(in, &entry.previous_hash) && GetHash(in, &entry.hash) && in.Done();
  if (!ok) return absl::DataLossError("journal entry is malformed");
  p.transaction_type = static_cast<TransactionType>(type);
  p.relation = static_cast<group::Relation>(relation);
  return entry;
}

}  // namespace interco::storage
