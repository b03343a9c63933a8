// How RunConsolidation's answer is cut into the chunks it streams: at most
// kConsolidationChunkItems repeated items per chunk, in the order added.
#ifndef INTERCO_SERVICES_API_CONSOLIDATION_CHUNKS_H_
#define INTERCO_SERVICES_API_CONSOLIDATION_CHUNKS_H_

#include <utility>
#include <vector>

#include "interco/v1/consolidation.pb.h"

namespace interco::api {

inline constexpr int kConsolidationChunkItems = 500;

// Appends `item` to the last chunk with `field` (an add_ accessor), or to a new chunk when
// the last holds kConsolidationChunkItems items already. `in_chunk` counts them.
template <typename Field, typename Item>
void AddChunked(std::vector<v1::ConsolidationChunk>& chunks, int& in_chunk, Field field,
                Item item) {
  if (in_chunk == kConsolidationChunkItems) {
    chunks.emplace_back();
    in_chunk = 0;
  }
  *(chunks.back().*field)() = std::move(item);
  ++in_chunk;
}

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_CONSOLIDATION_CHUNKS_H_
