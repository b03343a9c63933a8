#include "storage/trial_balance_codec.h"

#include "absl/strings/str_cat.h"
#include "services/common/sha256.h"
#include "storage/codec.h"

namespace interco::storage {
namespace {

using trial_balance::TrialBalanceHeader;
using trial_balance::TrialBalanceLine;

constexpr uint8_t kFormat = 1;
constexpr size_t kPeriodBytes = 7;  // "YYYY-MM".

bool GetDecimal(Decoder& in, Decimal* value) {
  absl::int128 raw = 0;
  if (!in.GetInt128(&raw)) return false;
  *value = Decimal::FromRaw(raw);
  return true;
}

bool GetPeriod(Decoder& in, ledger::Period* period) {
  std::string text;
  if (!in.GetString(&text)) return false;
  absl::StatusOr<ledger::Period> parsed = ledger::Period::Parse("period", text);
  if (!parsed.ok()) return false;
  *period = *parsed;
  return true;
}

constexpr size_t kDigestBytes = 32;

std::array<uint8_t, 32> Digest(absl::string_view bytes) {
  // Hashing in-memory bytes fails only when memory is exhausted: a zero digest then fails
  // every check rather than crashing.
  const std::optional<Sha256Digest> digest = Sha256({bytes});
  return digest.value_or(std::array<uint8_t, 32>{});
}

absl::string_view View(const std::array<uint8_t, 32>& digest) {
  return absl::string_view(reinterpret_cast<const char*>(digest.data()), digest.size());
}

}  // namespace

std::string TbLinkContent(absl::string_view suffix, absl::string_view header_value,
                          absl::string_view lines_value) {
  return absl::StrCat(suffix, View(Digest(header_value)), View(Digest(lines_value)));
}

absl::StatusOr<TbLink> ParseTbLinkContent(absl::string_view content) {
  trial_balance::VersionKey key;
  if (content.size() < 2 * kDigestBytes ||
      !ParseTbVersionSuffix(content.substr(0, content.size() - 2 * kDigestBytes), &key)) {
    return absl::DataLossError("an import sequence record does not name a trial balance version");
  }
  TbLink link;
  link.suffix = content.substr(0, content.size() - 2 * kDigestBytes);
  const absl::string_view digests = content.substr(link.suffix.size());
  std::copy(digests.begin(), digests.begin() + kDigestBytes, link.header_digest.begin());
  std::copy(digests.begin() + kDigestBytes, digests.end(), link.lines_digest.begin());
  return link;
}

bool TbHeaderMatches(const TbLink& link, absl::string_view header_value) {
  return Digest(header_value) == link.header_digest;
}

bool TbLinesMatch(const TbLink& link, absl::string_view lines_value) {
  return Digest(lines_value) == link.lines_digest;
}

absl::Status CheckTbDigests(const TbLink& link, absl::string_view header_value,
                            absl::string_view lines_value) {
  const char* changed = !TbHeaderMatches(link, header_value) ? "header"
                        : !TbLinesMatch(link, lines_value)   ? "lines"
                                                             : nullptr;
  if (changed == nullptr) return absl::OkStatus();
  return absl::DataLossError(absl::StrCat("the stored ", changed,
                                          " differ from what the import recorded: changed on disk"));
}

std::string TbPeriodSuffix(absl::string_view entity_id, ledger::Period period) {
  return absl::StrCat(entity_id, absl::string_view("\0", 1), period.ToString());
}

std::string TbVersionSuffix(absl::string_view entity_id, ledger::Period period, uint64_t version) {
  return absl::StrCat(TbPeriodSuffix(entity_id, period), EncodeKey64(version));
}

bool ParseTbVersionSuffix(absl::string_view suffix, trial_balance::VersionKey* key) {
  const size_t zero = suffix.find('\0');
  if (zero == absl::string_view::npos || suffix.size() != zero + 1 + kPeriodBytes + 8) {
    return false;
  }
  absl::StatusOr<ledger::Period> period =
      ledger::Period::Parse("period", suffix.substr(zero + 1, kPeriodBytes));
  if (!period.ok()) return false;
  key->entity_id = std::string(suffix.substr(0, zero));
  key->period = *period;
  return DecodeKey64(suffix.substr(zero + 1 + kPeriodBytes), &key->version);
}

std::string EncodeTbHeader(const TrialBalanceHeader& header) {
  Encoder out;
  out.PutU8(kFormat);
  out.PutString(header.entity_id);
  out.PutString(header.period.ToString());
  out.PutVarint(header.version);
  out.PutVarint(header.import_sequence);
  out.PutString(header.request_id);
  out.PutString(header.currency);
  out.PutString(header.source_system);
  out.PutVarint(header.chart_version);
  out.PutVarint(header.line_count);
  out.PutInt128(header.debit_total.raw());
  return out.Release();
}

absl::StatusOr<TrialBalanceHeader> DecodeTbHeader(absl::string_view bytes) {
  Decoder in(bytes);
  uint8_t format = 0;
  TrialBalanceHeader h;
  if (!in.GetU8(&format) || format != kFormat || !in.GetString(&h.entity_id) ||
      !GetPeriod(in, &h.period) || !in.GetVarint(&h.version) || !in.GetVarint(&h.import_sequence) ||
      !in.GetString(&h.request_id) || !in.GetString(&h.currency) ||
      !in.GetString(&h.source_system) || !in.GetVarint(&h.chart_version) ||
      !in.GetVarint(&h.line_count) || !GetDecimal(in, &h.debit_total) || !in.Done()) {
    return absl::DataLossError("trial balance header: unknown format or malformed record");
  }
  return h;
}

std::string EncodeTbLines(const std::vector<TrialBalanceLine>& lines) {
  Encoder out;
  out.PutU8(kFormat);
  out.PutVarint(lines.size());
  for (const TrialBalanceLine& line : lines) {
    out.PutString(line.local_account);
    out.PutString(line.group_account);
    out.PutInt128(line.balance.raw());
  }
  return out.Release();
}

absl::StatusOr<std::vector<TrialBalanceLine>> DecodeTbLines(absl::string_view bytes) {
  Decoder in(bytes);
  uint8_t format = 0;
  uint64_t count = 0;
  if (!in.GetU8(&format) || format != kFormat || !in.GetVarint(&count) ||
      count > trial_balance::kMaxTrialBalanceLines) {
    return absl::DataLossError("trial balance lines: unknown format or bad count");
  }
  std::vector<TrialBalanceLine> lines(count);
  for (TrialBalanceLine& line : lines) {
    if (!in.GetString(&line.local_account) || !in.GetString(&line.group_account) ||
        !GetDecimal(in, &line.balance)) {
      return absl::DataLossError("trial balance lines: truncated");
    }
  }
  if (!in.Done()) return absl::DataLossError("trial balance lines: trailing bytes");
  return lines;
}

}  // namespace interco::storage
