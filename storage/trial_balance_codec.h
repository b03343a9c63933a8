// The on-disk form of trial balances (column family "trial_balances").
//
// Keys, by a one-byte prefix:
//   'v' entity 0x00 period(7) version(8, big-endian) -> header
//   'l' entity 0x00 period(7) version(8)             -> lines
//   'r' request_id                                   -> entity 0x00 period(7) version(8)
//   's' import_sequence(8)                           -> chained link (below)
// Entity ids hold no 0x00 and periods have a fixed width, so keys sort by entity, period
// and version. Values: a format byte (1), then the fields in a fixed order. Decoding
// rejects unknown formats, truncation and trailing bytes.
//
// The 's' records are the family's hash chain (family_chain.h, family "trial_balances",
// version = import sequence): each one's content is the version's key suffix and the
// SHA-256 of its header and lines values, so the chain covers every stored byte of every
// version, and a read can check a version against the digest its import recorded.
#ifndef INTERCO_STORAGE_TRIAL_BALANCE_CODEC_H_
#define INTERCO_STORAGE_TRIAL_BALANCE_CODEC_H_

#include <array>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/trial_balance/store.h"
#include "services/trial_balance/trial_balance.h"

namespace interco::storage {

inline constexpr char kTbHeaderPrefix = 'v';
inline constexpr char kTbLinesPrefix = 'l';
inline constexpr char kTbRequestPrefix = 'r';
inline constexpr char kTbSequencePrefix = 's';

// entity 0x00 period version: the part of a 'v' or 'l' key after its prefix.
std::string TbVersionSuffix(absl::string_view entity_id, ledger::Period period, uint64_t version);
// The inverse; false if `suffix` is not one.
bool ParseTbVersionSuffix(absl::string_view suffix, trial_balance::VersionKey* key);
// entity 0x00 period: the prefix every version of (entity, period) shares after 'v'.
std::string TbPeriodSuffix(absl::string_view entity_id, ledger::Period period);

inline constexpr char kTbChainFamily[] = "trial_balances";

// The content of an 's' record: suffix || SHA-256(header value) || SHA-256(lines value).
std::string TbLinkContent(absl::string_view suffix, absl::string_view header_value,
                          absl::string_view lines_value);
struct TbLink {
  absl::string_view suffix;  // Viewing the content.
  std::array<uint8_t, 32> header_digest{};
  std::array<uint8_t, 32> lines_digest{};
};
// DATA_LOSS if `content` is not one.
absl::StatusOr<TbLink> ParseTbLinkContent(absl::string_view content);
// Whether a stored header or lines value is the one `link` recorded.
bool TbHeaderMatches(const TbLink& link, absl::string_view header_value);
bool TbLinesMatch(const TbLink& link, absl::string_view lines_value);
// DATA_LOSS naming what differs if the stored values are not those `link` recorded.
absl::Status CheckTbDigests(const TbLink& link, absl::string_view header_value,
                            absl::string_view lines_value);

std::string EncodeTbHeader(const trial_balance::TrialBalanceHeader& header);
absl::StatusOr<trial_balance::TrialBalanceHeader> DecodeTbHeader(absl::string_view bytes);

std::string EncodeTbLines(const std::vector<trial_balance::TrialBalanceLine>& lines);
absl::StatusOr<std::vector<trial_balance::TrialBalanceLine>> DecodeTbLines(absl::string_view bytes);

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_TRIAL_BALANCE_CODEC_H_
