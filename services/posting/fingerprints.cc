#include "services/posting/fingerprints.h"

#include "services/ledger/fingerprint.h"

namespace interco::posting {

using ledger::CanonicalEncoding;

std::string TransactionFingerprint(absl::string_view transaction_id,
                                   const pricing::QuoteRequest& request) {
  CanonicalEncoding out('T');
  out.Str(transaction_id)
      .Num(static_cast<uint64_t>(request.seller.kind))
      .Str(request.seller.id)
      .Num(static_cast<uint64_t>(request.buyer.kind))
      .Str(request.buyer.id)
      .Day(request.date)
      .Num(static_cast<uint64_t>(request.transaction_type))
      .Str(request.category)
      .Dec(request.quantity)
      .Str(request.currency)
      .OptionalDec(request.tested_unit_price)
      .Num(request.inputs.size());
  for (const auto& [name, value] : request.inputs) out.Str(name).Dec(value);  // Key order.
  return out.Finish();
}

std::string JournalEntryFingerprint(const JournalEntryInput& entry) {
  CanonicalEncoding out('J');
  out.Str(entry.entry_id).Day(entry.date).Str(entry.memo).Num(entry.lines.size());
  for (const JournalLineInput& line : entry.lines) {
    out.Str(line.entity_id)
        .Str(line.account)
        .Str(line.counterparty_id)
        .Num(line.side == ledger::Side::kDebit ? 0 : 1)
        .Dec(line.amount)
        .Str(line.currency)
        .OptionalDec(line.functional_amount)
        .Str(line.functional_currency)
        .OptionalDec(line.fx_rate);
  }
  return out.Finish();
}

}  // namespace interco::posting
