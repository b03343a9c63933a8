// Paging of list RPCs (AIP-158).
//
// Page sizes: 0 means the default, larger than the maximum means the maximum, negative is
// INVALID_ARGUMENT naming "page_size". Page tokens are opaque to clients: the key of the
// last item of the previous page, tagged with the list that issued it, in unpadded
// base64url. A page resumes after that key, so lists read no snapshot and keep no state
// between pages: a record written meanwhile appears if its key sorts after the cursor.
#ifndef INTERCO_SERVICES_API_PAGING_H_
#define INTERCO_SERVICES_API_PAGING_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interco::api {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;
// Longest page token accepted; tokens we issue are far shorter (a few ids and a date).
inline constexpr size_t kMaxPageTokenBytes = 1024;

absl::StatusOr<int> PageSize(int32_t requested);

// A page request, checked: its size and the key to resume after (empty: the first page).
struct PageRequest {
  int size = kDefaultPageSize;
  std::vector<std::string> after;
};

// Checks `page_size` and `page_token` of a request to the list `list` ("entities", ...)
// whose keys have `key_parts` parts. INVALID_ARGUMENT naming page_size (negative) or
// page_token (reason INVALID_PAGE_TOKEN: not a token this list issued).
absl::StatusOr<PageRequest> ParsePageRequest(absl::string_view list, int32_t page_size,
                                             absl::string_view page_token, size_t key_parts);

// The page of `candidates` that `page` asks for: those whose key (`key_of(candidate)`, a
// std::vector<std::string>) sorts after page.after, the first page.size of them in key
// order. `*next_token` is set to resume `list` after it, or cleared on the last page.
// Linear in the candidates; keys must be unique.
// Pointers to the entries of a key-ordered map, as candidates for a page.
template <typename Map>
std::vector<const typename Map::value_type*> Entries(const Map& map) {
  std::vector<const typename Map::value_type*> entries;
  entries.reserve(map.size());
  for (const auto& entry : map) entries.push_back(&entry);
  return entries;
}

template <typename T, typename KeyOf>
std::vector<T> TakePage(std::vector<T> candidates, const PageRequest& page, absl::string_view list,
                        KeyOf key_of, std::string* next_token);

// The token that resumes `list` after the item with key `last_key` (parts must hold no
// '\n'; ids and dates do not).
std::string PageToken(absl::string_view list, const std::vector<std::string>& last_key);

template <typename T, typename KeyOf>
std::vector<T> TakePage(std::vector<T> candidates, const PageRequest& page, absl::string_view list,
                        KeyOf key_of, std::string* next_token) {
  if (!page.after.empty()) {
    candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                    [&](const T& c) { return !(page.after < key_of(c)); }),
                     candidates.end());
  }
  const size_t wanted = static_cast<size_t>(page.size);
  const size_t sorted = std::min(candidates.size(), wanted + 1);
  std::partial_sort(candidates.begin(), candidates.begin() + sorted, candidates.end(),
                    [&](const T& a, const T& b) { return key_of(a) < key_of(b); });
  next_token->clear();
  if (candidates.size() > wanted) {
    candidates.resize(wanted);
    *next_token = PageToken(list, key_of(candidates.back()));
  }
  return candidates;
}

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_PAGING_H_
