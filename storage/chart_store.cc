#include "storage/chart_store.h"

#include "storage/chart_codec.h"

namespace interco::storage {

std::unique_ptr<ChartStore> NewChartStore(Database* database) {
  return std::make_unique<ChartStore>(database, Family::kChart, "chart", &EncodeChartChange,
                                      &DecodeChartChange);
}

}  // namespace interco::storage
