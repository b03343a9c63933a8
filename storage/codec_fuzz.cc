// Fuzz target for the on-disk decoders: journal values, structure and pricing changes,
// balances and sequence keys. Whatever the bytes (a torn write, a flipped bit, another
// build's format), decoding returns an error or a value, never a crash; a journal value or
// structure change that decodes encodes back to bytes that decode to the same value.
// Besides raw bytes, the input also mutates a valid journal value and a valid acquisition
// (the structure change with the most fields), so the fuzzer starts deep inside the formats.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"
#include "storage/balance_merge.h"
#include "storage/codec.h"
#include "storage/journal_codec.h"
#include "storage/pricing_codec.h"
#include "storage/structure_codec.h"

namespace {

using interco::ledger::JournalEntry;

void Require(bool condition) {
  if (!condition) std::abort();
}

const std::string& ValidJournalValue() {
  static const std::string* const kValue = [] {
    JournalEntry entry;
    entry.sequence = 7;
    entry.request_id = "erp-42";
    entry.posting.transaction_id = "INV-1";
    entry.posting.date = absl::CivilDay(2024, 6, 30);
    entry.posting.policy_id = "goods";
    entry.posting.quantity = interco::Decimal::FromUnits(2);
    entry.posting.unit_price = interco::Decimal::FromUnits(108);
    entry.posting.explanation = "cost plus 8%";
    for (const auto& [entity, side] : {std::pair{"A", interco::ledger::Side::kDebit},
                                       std::pair{"B", interco::ledger::Side::kCredit}}) {
      interco::ledger::LedgerLine line;
      line.entity_id = entity;
      line.counterparty_id = entity[0] == 'A' ? "B" : "A";
      line.account = "1310";
      line.side = side;
      line.amount = line.functional_amount = interco::Decimal::FromUnits(216);
      line.currency = line.functional_currency = "EUR";
      line.fx_rate = interco::Decimal::FromUnits(1);
      line.fx_rate_date = entry.posting.date;
      line.period = *interco::ledger::Period::Parse("period", "2024-06");
      entry.posting.lines.push_back(line);
    }
    return new std::string(interco::storage::EncodeJournalValue(entry));
  }();
  return *kValue;
}

void DecodeJournal(absl::string_view bytes) {
  const auto entry = interco::storage::DecodeJournalValue(7, bytes);
  // The balance view accepts exactly what the full decode accepts, and sees the same lines.
  std::vector<interco::storage::BalanceLineView> lines;
  interco::ledger::Hash hash{};
  const absl::Status viewed = interco::storage::DecodeBalanceLines(bytes, &lines, &hash);
  Require(viewed.ok() == entry.ok());
  if (entry.ok()) {
    Require(lines.size() == entry->posting.lines.size() && hash == entry->hash);
    for (size_t i = 0; i < lines.size(); ++i) {
      Require(lines[i].amount == entry->posting.lines[i].amount.raw() &&
              lines[i].account == entry->posting.lines[i].account);
    }
  }
  if (!entry.ok()) {
    Require(entry.status().code() == absl::StatusCode::kDataLoss);
    return;
  }
  const auto again =
      interco::storage::DecodeJournalValue(7, interco::storage::EncodeJournalValue(*entry));
  Require(again.ok() && again->posting == entry->posting &&
          again->request_id == entry->request_id && again->hash == entry->hash &&
          again->previous_hash == entry->previous_hash);
}

const std::string& ValidAcquisitionChange() {
  static const std::string* const kValue = [] {
    interco::group::Acquisition acquisition;
    acquisition.holder_id = "P";
    acquisition.held_id = "S";
    acquisition.acquisition_date = absl::CivilDay(2024, 1, 1);
    acquisition.consideration = interco::Decimal::FromUnits(1000);
    acquisition.consideration_currency = "USD";
    acquisition.investment_account = "1500";
    acquisition.nci_measurement = interco::group::NciMeasurement::kFairValue;
    acquisition.nci_fair_value = interco::Decimal::FromUnits(250);
    acquisition.fair_value_adjustments = {{"1300", interco::Decimal::FromUnits(-40)}};
    return new std::string(interco::storage::EncodeStructureChange({"acq-1", acquisition}));
  }();
  return *kValue;
}

// XORs `rest` (after its first byte, an offset) into `value`, then maybe truncates it there.
std::string Mutated(std::string value, absl::string_view rest, size_t size) {
  const size_t offset = rest.empty() ? 0 : static_cast<uint8_t>(rest[0]) % value.size();
  for (size_t i = 1; i < rest.size() && offset + i - 1 < value.size(); ++i) {
    value[offset + i - 1] ^= rest[i];
  }
  if (size % 7 == 0) value.resize(offset);
  return value;
}

void DecodeStructure(absl::string_view bytes) {
  const auto change = interco::storage::DecodeStructureChange(bytes);
  if (!change.ok()) {
    Require(change.status().code() == absl::StatusCode::kDataLoss);
    return;
  }
  const auto again =
      interco::storage::DecodeStructureChange(interco::storage::EncodeStructureChange(*change));
  Require(again.ok() && *again == *change);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  // Cases 0-4 read the seeds of earlier releases as they always did.
  switch (data[0] % 6) {
    case 0:
      DecodeJournal(rest);
      break;
    case 1:  // XOR the rest into a valid value from an offset, then maybe truncate.
      DecodeJournal(Mutated(ValidJournalValue(), rest, size));
      break;
    case 2:
      DecodeStructure(rest);
      break;
    case 5:
      DecodeStructure(Mutated(ValidAcquisitionChange(), rest, size));
      break;
    case 3:
      interco::storage::DecodePricingChange(rest).status().IgnoreError();
      break;
    default: {  // 4.
      interco::storage::BalanceValue balance;
      interco::storage::DecodeBalance(rest, &balance);
      uint64_t key = 0;
      if (interco::storage::DecodeKey64(rest, &key)) {
        Require(interco::storage::EncodeKey64(key) == rest);
      }
    }
  }
  return 0;
}
