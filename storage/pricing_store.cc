#include "storage/pricing_store.h"

#include "storage/pricing_codec.h"

namespace interco::storage {

std::unique_ptr<PricingStore> NewPricingStore(Database* database) {
  return std::make_unique<PricingStore>(database, Family::kReference, "pricing",
                                        &EncodePricingChange, &DecodePricingChange);
}

}  // namespace interco::storage
