#include "services/api/ledger_convert.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "services/api/convert.h"
#include "services/api/pricing_convert.h"
#include "services/common/field_error.h"
#include "services/common/sha256.h"
#include "services/common/status_macros.h"
#include "services/group/validation.h"
#include "services/ledger/fingerprint.h"
#include "services/posting/fingerprints.h"

namespace interco::api {
namespace {

// As FX rates elsewhere (PolicyService.UpsertFxRate).
constexpr int kMaxJournalRatePlaces = 12;

// The version-1 fingerprint: the raw SHA-256 of `bytes`.
std::string LegacyDigest(const std::string& bytes) {
  const std::optional<Sha256Digest> digest = Sha256({bytes});
  // Cannot happen short of memory exhaustion; the raw bytes still compare exactly.
  if (!digest.has_value()) return bytes;
  return std::string(reinterpret_cast<const char*>(digest->data()), digest->size());
}

// Map order in a proto's serialization is unspecified unless deterministic is requested.
std::string DeterministicBytes(const google::protobuf::MessageLite& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return bytes;
}

absl::StatusOr<posting::JournalLineInput> JournalLineFromProto(const v1::JournalLine& line,
                                                               const std::string& prefix) {
  posting::JournalLineInput out;
  out.entity_id = line.entity_id();
  out.account = line.account();
  out.counterparty_id = line.counterparty_id();
  switch (line.side()) {
    case v1::SIDE_DEBIT:
      out.side = ledger::Side::kDebit;
      break;
    case v1::SIDE_CREDIT:
      out.side = ledger::Side::kCredit;
      break;
    default:
      return InvalidField(absl::StrCat(prefix, "side"), absl::StrCat(line.side()), "MISSING_FIELD",
                          "must be DEBIT or CREDIT");
  }
  if (!line.has_amount()) {
    return InvalidField(absl::StrCat(prefix, "amount"), "", "MISSING_FIELD", "is required");
  }
  ASSIGN_OR_RETURN(out.amount, MoneyFromProto(line.amount(), absl::StrCat(prefix, "amount"), ""));
  out.currency = line.amount().currency_code();
  if (line.has_functional_amount()) {
    ASSIGN_OR_RETURN(
        out.functional_amount,
        MoneyFromProto(line.functional_amount(), absl::StrCat(prefix, "functional_amount"), ""));
    out.functional_currency = line.functional_amount().currency_code();
  }
  if (line.has_fx_rate()) {
    ASSIGN_OR_RETURN(out.fx_rate, DecimalFromProto(line.fx_rate(), absl::StrCat(prefix, "fx_rate"),
                                                   kMaxJournalRatePlaces));
  }
  return out;
}

}  // namespace

absl::StatusOr<TransactionInput> TransactionFromProto(const v1::Transaction& transaction) {
  TransactionInput out;
  RETURN_IF_ERROR(group::ValidateId("transaction_id", transaction.transaction_id()));
  out.transaction_id = transaction.transaction_id();
  v1::QuoteRequest quote;
  *quote.mutable_seller() = transaction.seller();
  *quote.mutable_buyer() = transaction.buyer();
  *quote.mutable_date() = transaction.date();
  quote.set_transaction_type(transaction.transaction_type());
  quote.set_category(transaction.category());
  *quote.mutable_quantity() = transaction.quantity();
  quote.set_currency_code(transaction.currency_code());
  *quote.mutable_inputs() = transaction.inputs();
  if (transaction.has_unit_price()) *quote.mutable_tested_unit_price() = transaction.unit_price();
  absl::StatusOr<pricing::QuoteRequest> request = QuoteRequestFromProto(quote);
  if (!request.ok()) {
    // The quote calls the ERP's price "tested_unit_price"; the transaction calls it unit_price.
    return RenameField(request.status(), "tested_unit_price", "unit_price");
  }
  out.request = *std::move(request);
  out.fingerprint = posting::TransactionFingerprint(out.transaction_id, out.request);
  out.legacy_fingerprint = LegacyDigest(DeterministicBytes(transaction));
  return out;
}

absl::StatusOr<JournalEntryRequestInput> JournalEntryFromProto(
    const v1::PostJournalEntryRequest& request) {
  const int n = request.lines_size();
  if (n == 0 || n > static_cast<int>(posting::kMaxJournalEntryLines)) {
    return InvalidField(
        "lines", absl::StrCat(n, " lines"), "BAD_LINE_COUNT",
        absl::StrCat("an entry holds 1 to ", posting::kMaxJournalEntryLines, " lines"));
  }
  JournalEntryRequestInput out;
  out.entry.entry_id = request.entry_id();
  out.entry.memo = request.memo();
  ASSIGN_OR_RETURN(out.entry.date, DayFromProto(request.date(), "date"));
  for (int i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(posting::JournalLineInput line,
                     JournalLineFromProto(request.lines(i), absl::StrCat("lines[", i, "].")));
    out.entry.lines.push_back(std::move(line));
  }
  out.fingerprint = posting::JournalEntryFingerprint(out.entry);
  return out;
}

absl::Status LineToProto(const ledger::JournalEntry& entry, const ledger::LedgerLine& line,
                         v1::LedgerLine* out) {
  const ledger::Posting& posting = entry.posting;
  out->set_sequence(entry.sequence);
  out->set_transaction_id(posting.transaction_id);
  out->set_entity_id(line.entity_id);
  out->set_counterparty_id(line.counterparty_id);
  out->set_account(line.account);
  out->set_side(line.side == ledger::Side::kDebit ? v1::SIDE_DEBIT : v1::SIDE_CREDIT);
  RETURN_IF_ERROR(MoneyToProto(line.amount, line.currency, "amount", out->mutable_amount()));
  RETURN_IF_ERROR(MoneyToProto(line.functional_amount, line.functional_currency, "amount",
                               out->mutable_functional_amount()));
  out->mutable_fx_rate()->set_value(line.fx_rate.ToString());
  *out->mutable_fx_rate_date() = DayToProto(line.fx_rate_date);  // Three integers: no allocation.
  out->set_period(line.period.ToString());
  out->set_relation(RelationToProto(posting.relation));
  out->set_policy_id(posting.policy_id);
  out->set_structure_version(posting.structure_version);
  out->set_policy_version(posting.policy_version);
  RETURN_IF_ERROR(MoneyToProto(posting.unit_price, line.currency, "unit_price",
                               out->mutable_quoted_unit_price()));
  out->mutable_quantity()->set_value(posting.quantity.ToString());
  return absl::OkStatus();
}

absl::StatusOr<v1::LedgerEntry> EntryToProto(const ledger::JournalEntry& entry) {
  v1::LedgerEntry out;
  out.set_sequence(entry.sequence);
  for (const ledger::LedgerLine& line : entry.posting.lines) {
    RETURN_IF_ERROR(LineToProto(entry, line, out.add_lines()));
  }
  out.set_chain_hash(ledger::HashHex(entry.hash));
  out.set_previous_hash(ledger::HashHex(entry.previous_hash));
  out.set_request_id(entry.request_id);
  out.set_transaction_id(entry.posting.transaction_id);
  *out.mutable_date() = DayToProto(entry.posting.date);
  out.set_relation(RelationToProto(entry.posting.relation));
  return out;
}

absl::Status PostResponseToProto(const ledger::JournalEntry& entry,
                                 v1::PostTransactionResponse* out) {
  out->set_sequence(entry.sequence);
  out->mutable_lines()->Reserve(static_cast<int>(entry.posting.lines.size()));
  for (const ledger::LedgerLine& line : entry.posting.lines) {
    RETURN_IF_ERROR(LineToProto(entry, line, out->add_lines()));
  }
  out->set_chain_hash(ledger::HashHex(entry.hash));
  const ledger::Posting& posting = entry.posting;
  v1::QuoteResponse* quote = out->mutable_quote();
  quote->mutable_classification()->set_relation(RelationToProto(posting.relation));
  quote->mutable_classification()->set_structure_version(posting.structure_version);
  quote->set_transfer_pricing_applies(!posting.policy_id.empty());
  quote->set_policy_id(posting.policy_id);
  quote->set_policy_version(posting.policy_version);
  quote->set_explanation(posting.explanation);
  if (!posting.lines.empty()) {
    const std::string& currency = posting.lines.front().currency;
    RETURN_IF_ERROR(
        MoneyToProto(posting.unit_price, currency, "unit_price", quote->mutable_unit_price()));
    RETURN_IF_ERROR(
        MoneyToProto(posting.lines.front().amount, currency, "quantity", quote->mutable_total()));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::PostTransactionResponse> PostResponse(const ledger::JournalEntry& entry) {
  v1::PostTransactionResponse out;
  RETURN_IF_ERROR(PostResponseToProto(entry, &out));
  return out;
}

namespace {

// Wire bytes, at most, of one field of each kind with its tag (two bytes for field numbers
// up to 2047) and length prefix (five bytes for any length we hold).
constexpr size_t kStringField = 2 + 5;
constexpr size_t kVarintField = 2 + 10;
// google.type.Money: currency_code, units (int64, 10 bytes when negative), nanos (int32,
// 10 bytes when negative), embedded.
constexpr size_t kMoneyField = 2 + 5 + kStringField + 2 * kVarintField;
// Decimal.value: Decimal::ToString() is at most 42 characters (39 digits, sign, point).
constexpr size_t kDecimalField = 2 + 5 + kStringField + 42;
// google.type.Date: year, month, day.
constexpr size_t kDateField = 2 + 5 + 3 * kVarintField;

}  // namespace

size_t PostResponseBytesBound(const ledger::Posting& posting) {
  size_t bytes = kVarintField + kStringField + 64;  // sequence, chain_hash.
  // quote: classification {relation, structure_version}, transfer_pricing_applies,
  // policy_id, policy_version, explanation, unit_price, total.
  const size_t currency = posting.lines.empty() ? 0 : posting.lines.front().currency.size();
  bytes += 2 + 5 + (2 + 5 + 2 * kVarintField) + kVarintField + kStringField +
           posting.policy_id.size() + kVarintField + kStringField + posting.explanation.size() +
           2 * (kMoneyField + currency);
  for (const ledger::LedgerLine& line : posting.lines) {
    bytes += 2 + 5;             // The line itself, embedded.
    bytes += 6 * kVarintField;  // sequence, side, relation, the two versions, spare.
    bytes += 6 * kStringField + posting.transaction_id.size() + line.entity_id.size() +
             line.counterparty_id.size() + line.account.size() + 7 /* period */ +
             posting.policy_id.size();
    bytes += 3 * kMoneyField + 2 * line.currency.size() + line.functional_currency.size();
    bytes += 2 * kDecimalField + kDateField;  // fx_rate, quantity, fx_rate_date.
  }
  return bytes;
}

absl::Status JournalEntryResponseToProto(const ledger::JournalEntry& entry,
                                         v1::PostJournalEntryResponse* out) {
  out->set_sequence(entry.sequence);
  for (const ledger::LedgerLine& line : entry.posting.lines) {
    RETURN_IF_ERROR(LineToProto(entry, line, out->add_lines()));
  }
  out->set_chain_hash(ledger::HashHex(entry.hash));
  return absl::OkStatus();
}

}  // namespace interco::api
