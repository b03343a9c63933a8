// The chart-of-accounts change log: group accounts and mappings (column family "chart").
#ifndef INTERCO_STORAGE_CHART_STORE_H_
#define INTERCO_STORAGE_CHART_STORE_H_

#include <memory>

#include "services/trial_balance/chart.h"
#include "storage/change_log_store.h"
#include "storage/database.h"

namespace interco::storage {

using ChartStore = ChangeLogStore<trial_balance::ChartChange>;

// `database` must outlive the store.
std::unique_ptr<ChartStore> NewChartStore(Database* database);

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_CHART_STORE_H_
