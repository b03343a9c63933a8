// The pricing reference log: policies and FX rates (column family "reference").
#ifndef INTERCO_STORAGE_PRICING_STORE_H_
#define INTERCO_STORAGE_PRICING_STORE_H_

#include <memory>

#include "services/pricing/pricing_book.h"
#include "storage/change_log_store.h"
#include "storage/database.h"

namespace interco::storage {

using PricingStore = ChangeLogStore<pricing::PricingChange>;

// `database` must outlive the store.
std::unique_ptr<PricingStore> NewPricingStore(Database* database);

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_PRICING_STORE_H_
