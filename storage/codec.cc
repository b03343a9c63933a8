#include "storage/codec.h"

namespace interco::storage {
namespace {

const absl::CivilDay kEpoch(1970, 1, 1);

}  // namespace

void Encoder::PutVarint(uint64_t value) {
  while (value >= 0x80) {
    out_.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out_.push_back(static_cast<char>(value));
}

void Encoder::PutSigned(int64_t value) {
  PutVarint((static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63));
}

void Encoder::PutString(absl::string_view value) {
  PutVarint(value.size());
  out_.append(value.data(), value.size());
}

void Encoder::PutInt128(absl::int128 value) {
  const absl::uint128 bits = static_cast<absl::uint128>(value);
  for (int shift = 120; shift >= 0; shift -= 8) {
    out_.push_back(static_cast<char>(static_cast<uint8_t>(bits >> shift)));
  }
}

void Encoder::PutDay(absl::CivilDay day) { PutSigned(day - kEpoch); }

bool Decoder::GetU8(uint8_t* value) {
  if (!ok_ || in_.empty()) return Fail();
  *value = static_cast<uint8_t>(in_.front());
  in_.remove_prefix(1);
  return true;
}

bool Decoder::GetVarint(uint64_t* value) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63; shift += 7) {
    uint8_t byte = 0;
    if (!GetU8(&byte)) return false;
    if (shift == 63 && byte > 1) return Fail();
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *value = result;
      return true;
    }
  }
  return Fail();
}

bool Decoder::GetSigned(int64_t* value) {
  uint64_t raw = 0;
  if (!GetVarint(&raw)) return false;
  *value = static_cast<int64_t>((raw >> 1) ^ (~(raw & 1) + 1));
  return true;
}

bool Decoder::GetString(std::string* value) {
  absl::string_view view;
  if (!GetStringView(&view)) return false;
  value->assign(view.data(), view.size());
  return true;
}

bool Decoder::GetStringView(absl::string_view* value) {
  uint64_t size = 0;
  if (!GetVarint(&size)) return false;
  if (size > kMaxEncodedStringBytes || size > in_.size()) return Fail();
  *value = in_.substr(0, size);
  in_.remove_prefix(size);
  return true;
}

bool Decoder::GetInt128(absl::int128* value) {
  if (!ok_ || in_.size() < 16) return Fail();
  // Two 64-bit halves, big-endian: the compiler turns each loop into one load and a byte
  // swap, where shifting a 128-bit value byte by byte did not.
  uint64_t high = 0, low = 0;
  for (int i = 0; i < 8; ++i) high = (high << 8) | static_cast<uint8_t>(in_[i]);
  for (int i = 8; i < 16; ++i) low = (low << 8) | static_cast<uint8_t>(in_[i]);
  in_.remove_prefix(16);
  *value = static_cast<absl::int128>(absl::MakeUint128(high, low));
  return true;
}

bool Decoder::GetDayOffset(int64_t* offset) {
  // Civil days far outside any business date mean corruption; bound them.
  if (!GetSigned(offset) || *offset < -1000000 || *offset > 3000000) return Fail();
  return true;
}

bool Decoder::GetDay(absl::CivilDay* day) {
  int64_t offset = 0;
  if (!GetDayOffset(&offset)) return false;
  *day = kEpoch + offset;
  return true;
}

bool Decoder::SkipDay() {
  int64_t offset = 0;
  return GetDayOffset(&offset);
}

std::string EncodeKey64(uint64_t value) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i) {
    key[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return key;
}

bool DecodeKey64(absl::string_view key, uint64_t* value) {
  if (key.size() != 8) return false;
  uint64_t result = 0;
  for (char c : key) result = (result << 8) | static_cast<uint8_t>(c);
  *value = result;
  return true;
}

}  // namespace interco::storage
