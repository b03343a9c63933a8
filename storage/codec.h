// Byte-level encoding primitives for Interco's on-disk records.
//
// Integers are little-endian varints (LEB128), signed ones zig-zagged; strings are a varint
// length and the bytes; int128 is 16 bytes big-endian; days are signed days since
// 1970-01-01. Decoding checks every length against the remaining input and never reads
// past it. Keys that must sort numerically use big-endian fixed 64-bit integers.
#ifndef INTERCO_STORAGE_CODEC_H_
#define INTERCO_STORAGE_CODEC_H_

#include <cstdint>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace interco::storage {

// Longest string a record may hold; guards against corrupt lengths.
inline constexpr uint64_t kMaxEncodedStringBytes = 1 << 20;

class Encoder {
 public:
  void PutU8(uint8_t value) { out_.push_back(static_cast<char>(value)); }
  void PutVarint(uint64_t value);
  void PutSigned(int64_t value);
  void PutString(absl::string_view value);
  void PutInt128(absl::int128 value);
  void PutDay(absl::CivilDay day);
  const std::string& bytes() const { return out_; }
  std::string Release() { return std::move(out_); }

 private:
  std::string out_;
};

// Each Get returns false (and leaves the decoder failed) on truncated or malformed input.
class Decoder {
 public:
  explicit Decoder(absl::string_view in) : in_(in) {}
  bool GetU8(uint8_t* value);
  bool GetVarint(uint64_t* value);
  bool GetSigned(int64_t* value);
  bool GetString(std::string* value);
  // As GetString, viewing the input instead of copying it.
  bool GetStringView(absl::string_view* value);
  bool GetInt128(absl::int128* value);
  bool GetDay(absl::CivilDay* day);
  // As GetDay, checking the day without building it (a civil day is normalized on
  // construction, the cost the journal scan avoids per line).
  bool SkipDay();
  // True if every byte was consumed and nothing failed.
  bool Done() const { return ok_ && in_.empty(); }

 private:
  // A day's offset from the epoch, bounded.
  bool GetDayOffset(int64_t* offset);
  bool Fail() {
    ok_ = false;
    return false;
  }
  absl::string_view in_;
  bool ok_ = true;
};

// 8 bytes, big-endian, so that byte order is numeric order.
std::string EncodeKey64(uint64_t value);
bool DecodeKey64(absl::string_view key, uint64_t* value);

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_CODEC_H_
