#pragma once

// What each subcommand does once its options are checked. Each returns the
// process exit code; failures are thrown as etl_error. Those that load fill
// `metrics` with what they did (see --metrics-file).

#include "taxi_etl/metrics.hpp"
#include "taxi_etl/options.hpp"

namespace taxi_etl {

int run_load(load_options const &options, run_metrics &metrics);
int run_backfill(backfill_options const &options, run_metrics &metrics);
int run_sync(sync_options const &options, run_metrics &metrics);
int run_history(history_options const &options);
int run_transform(transform_options const &options);
int run_status(status_options const &options);
int run_cron(cron_options const &options);

} // namespace taxi_etl
