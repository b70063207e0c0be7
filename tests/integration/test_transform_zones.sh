#!/usr/bin/env bash
# transform and the zone lookup: it says what it did with the lookup and
# why; an unchanged lookup rebuilds nothing, a changed one every month; a
# --zones-url other than the recorded source is loaded without
# --reload-zones; the download is retried as a month's; a 404 exits 3 with
# the models and the lookup as they were. A source recorded without its
# query is never taken as the same URL, nor fetched again without it.
source "$(dirname "$0")/lib.sh"
start_http_server

MAKE_ZONES="$(dirname "$0")/../tools/make_zones.py"
mkdir -p "$WORK/www/misc"
python3 "$MAKE_ZONES" "$WORK/www/misc/taxi_zone_lookup.csv"
python3 "$MAKE_ZONES" "$WORK/www/zones_changed.csv" --change 7
cp "$WORK/www/zones_changed.csv" "$WORK/www/zones_flaky.csv"
ZONES_URL="$BASE_URL/DataTalksClub/nyc-tlc-data/releases/download/misc/taxi_zone_lookup.csv"
CHANGED_URL="$BASE_URL/files/zones_changed.csv"

generate green 2019 1 3000 141 >/dev/null
run_etl load --quiet --taxi green --year 2019 --month 1 --source-url "$RELEASE_URL"
# A rebuilt model is a new table: its relfilenode changes.
models() { q "SELECT string_agg(relfilenode::text, ',' ORDER BY relname) FROM pg_class WHERE relname IN ('fact_trips', 'dm_monthly_zone_revenue', 'dim_zones')"; }
recorded() { q "SELECT source || ' ' || zones FROM taxi_etl.zone_lookups WHERE target_schema = 'public'"; }
lookup() { q "SELECT md5(string_agg(zone, ',' ORDER BY locationid)) FROM taxi_zone_lookup"; }

run_etl transform --zones-url "$ZONES_URL"
check_eq "$RC" 0 "the first transform succeeds"
check_contains "$OUT" "zone lookup loaded from $ZONES_URL (none was loaded): 265 zones" "it loads the lookup, saying why"
check_eq "$(recorded)" "$ZONES_URL 265" "where the lookup came from is recorded"

# --- reloaded and unchanged: nothing rebuilt ---------------------------------
before=$(models)
run_etl transform --reload-zones
check_eq "$RC" 0 "--reload-zones succeeds"
check_contains "$OUT" "zone lookup loaded from $ZONES_URL (--reload-zones): 265 zones, unchanged: nothing rebuilt for it" \
    "an unchanged lookup: it says nothing is rebuilt for it (from the recorded source)"
check_contains "$OUT" "incremental: 0 months rebuilt" "and rebuilds nothing"
check_eq "$(models)" "$before" "the models are the same tables"

# --- the same --zones-url again: the lookup stays ----------------------------
run_etl transform --zones-url "$ZONES_URL"
check_not_contains "$OUT" "zone lookup" "the recorded --zones-url again: the lookup is not loaded"

# --- another --zones-url, without --reload-zones: loaded, all rebuilt ---------
run_etl transform --zones-url "$CHANGED_URL"
check_eq "$RC" 0 "a different --zones-url succeeds"
check_contains "$OUT" "zone lookup loaded from $CHANGED_URL (the loaded one came from $ZONES_URL): 265 zones, 1 differ: every month is rebuilt" \
    "a different --zones-url is loaded without --reload-zones, saying why and how many zones differ"
check_contains "$OUT" "full rebuild (the zone lookup changed)" "every month is rebuilt"
check_eq "$(q "SELECT count(*) FROM dim_zones WHERE zone = 'Zone 7 (renamed)'")" 1 "with the new lookup"
check_eq "$(recorded)" "$CHANGED_URL 265" "the new source is recorded"
if [ "$(models)" != "$before" ]; then ok "the models were rebuilt"; else not_ok "the models were rebuilt"; fi

# --- a download that fails once is retried -----------------------------------
run_etl transform --zones-url "$BASE_URL/fault/status-once=503/files/zones_flaky.csv" --retry-delay 0
check_eq "$RC" 0 "a lookup whose first download answers 503 is loaded on the retry"
check_contains "$ERR" "retrying" "the retry is told"
check_eq "$(curl -s "$BASE_URL/_hits?path=/files/zones_flaky.csv")" 2 "two requests"
run_etl transform --zones-url "$BASE_URL/fault/status=503/files/zones_flaky.csv" --retries 1 --retry-delay 0 --quiet
check_eq "$RC" 5 "--retries 1: a download that keeps failing exits 5 after one retry"
check_eq "$(curl -s "$BASE_URL/_hits?path=/files/zones_flaky.csv")" 4 "after two more requests"

# --- a 404: exit 3, models and lookup as they were ---------------------------
before=$(models)
lookup_before=$(lookup)
recorded_before=$(recorded)
run_etl transform --zones-url "$BASE_URL/files/no_such_zones.csv"
check_failure 3 "no_such_zones.csv" "a zones URL that answers 404"
check_eq "$(models)" "$before" "the models are left as they were"
check_eq "$(lookup)" "$lookup_before" "the lookup is left as it was"
check_eq "$(recorded)" "$recorded_before" "the recorded source is left as it was"


# --- a source recorded without its query: never taken as the same ---------
# A signed URL's query is not recorded (redacted): fetching the recorded
# source again would lose it, and another signature would look the same.
cp "$WORK/www/misc/taxi_zone_lookup.csv" "$WORK/www/zones_signed.csv"
SIGNED_URL="$BASE_URL/files/zones_signed.csv"
signed_hits() { curl -s "$BASE_URL/_hits?path=/files/zones_signed.csv"; }
run_etl transform --zones-url "$SIGNED_URL?sig=first"
check_eq "$RC" 0 "a lookup from a URL with a query is loaded"
check_eq "$(recorded)" "$SIGNED_URL 265" "its source is recorded without the query"
check_eq "$(q "SELECT source_whole FROM taxi_etl.zone_lookups WHERE target_schema = 'public'")" f \
    "and recorded as not the whole URL"
before=$(models)
lookup_before=$(lookup)
run_etl transform --reload-zones
check_failure 2 "--reload-zones: the zone lookup was loaded from a URL whose credentials or query were not recorded ($SIGNED_URL); give --zones-url again" \
    "--reload-zones without --zones-url after a URL with a query"
check_eq "$(signed_hits)" 1 "the recorded source is not fetched without its query"
check_eq "$(models) $(lookup)" "$before $lookup_before" "the models and the lookup are left as they were"
run_etl transform --zones-url "$SIGNED_URL?sig=second"
check_eq "$RC" 0 "the same URL with another query succeeds"
check_contains "$OUT" "zone lookup loaded from $SIGNED_URL (the loaded one came from $SIGNED_URL, whose credentials or query were not recorded): 265 zones, unchanged" \
    "it is taken as different and loaded, saying why"
check_eq "$(signed_hits)" 2 "it was fetched"
run_etl transform --zones-url "$SIGNED_URL?sig=second" --reload-zones
check_eq "$RC" 0 "--reload-zones with --zones-url succeeds"
check_contains "$OUT" "zone lookup loaded from $SIGNED_URL" "and loads it"
check_eq "$(signed_hits)" 3 "from the URL given"

# A whole URL recorded, then the same one with a query: not the same.
run_etl transform --zones-url "$SIGNED_URL"
check_eq "$(q "SELECT source_whole FROM taxi_etl.zone_lookups WHERE target_schema = 'public'")" t \
    "a URL without secrets is recorded whole"
run_etl transform --zones-url "$SIGNED_URL?sig=third"
check_contains "$OUT" "zone lookup loaded from $SIGNED_URL (the loaded one came from $SIGNED_URL): 265 zones" \
    "a query the recorded URL did not have makes it another URL: loaded"
check_eq "$(signed_hits)" 5 "it was fetched"

finish
