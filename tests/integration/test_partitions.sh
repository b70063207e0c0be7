#!/usr/bin/env bash
# The layout of the tables taxi-etl creates: one partition per file and a
# DEFAULT partition. Each file is copied into a table of its own and
# attached; the rows another file holds are left out, as the course's MERGE
# leaves them out; the course's own MERGE still works on the table; a plain
# table (the course's) stays plain.
source "$(dirname "$0")/lib.sh"
start_http_server

# The partitions of SCHEMA.green_tripdata: "name bound" lines, by name.
partitions() {
    q "SELECT string_agg(c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid), '; ' ORDER BY c.relname)
       FROM pg_inherits AS i JOIN pg_class AS c ON c.oid = i.inhrelid
       WHERE i.inhparent = '$1.green_tripdata'::regclass"
}

relkind() {
    q "SELECT relkind FROM pg_class WHERE oid = '$1.green_tripdata'::regclass"
}

# Tables of SCHEMA that are not the trip table, one of its partitions or the
# flow's staging table: a partition that was never attached would show here.
loose_tables() {
    q "SELECT count(*) FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
       WHERE n.nspname = '$1' AND c.relkind = 'r' AND NOT c.relispartition
         AND c.relname <> 'green_tripdata_staging'"
}

jan=$(generate green 2019 1 6000 71)
feb=$(generate green 2019 2 5000 72)
mar=$(generate green 2019 3 4000 73)

# A month whose rows are partly another file's: 200 rows of January, 300
# of its own, and 50 of those repeated inside the file.
generate green 2019 4 300 74 >/dev/null
apr="$WORK/www/green/green_tripdata_2019-04.csv.gz"
{
    zcat "$apr" | head -n 301
    zcat "$jan" | sed -n '2,201p'
    zcat "$apr" | sed -n '2,51p'
} | gzip >"$WORK/apr.csv.gz"
mv "$WORK/apr.csv.gz" "$apr"

# --- a new table: partitioned by file, one partition per file -------------------
run_etl load --taxi green --file "$jan"
check_eq "$RC" 0 "a first load creates the table"
check_eq "$(relkind public)" "p" "the table taxi-etl creates is partitioned"
check_eq "$(partitions public)" \
    "green_tripdata_2019_01 FOR VALUES IN ('green_tripdata_2019-01.csv'); green_tripdata_default DEFAULT" \
    "one partition for the file, named after it, and the DEFAULT partition"
check_eq "$(q "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'green_tripdata'")" \
    "CREATE INDEX green_tripdata_pickup_idx ON ONLY public.green_tripdata USING btree (lpep_pickup_datetime)" \
    "the table has its index on the pickup"
check_eq "$(q "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'green_tripdata_2019_01'")" \
    1 "the partition has its own"
check_eq "$(q "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND table_name LIKE 'green_tripdata%' AND column_default IS NOT NULL")" \
    0 "no column keeps a default"

# --- rows another file holds are left out; rows repeated in a file all stay ------
run_etl load --taxi green --file "$apr"
check_eq "$RC" 0 "a month with rows of another file loads"
check_contains "$ERR" "550 rows read, 350 inserted, 200 already present" \
    "the rows January holds are left out, the repeated ones all kept"
flow green "$jan" flow_order
flow green "$apr" flow_order
check_eq "$(table_fingerprint public.green_tripdata)" "$(table_fingerprint flow_order.green_tripdata)" \
    "the table holds what the course's flow makes of the two files"
# The other order: April first takes every row, January then leaves out 200.
run_etl load --quiet --taxi green --file "$apr" --schema reversed
run_etl load --taxi green --file "$jan" --schema reversed
check_contains "$ERR" "6000 rows read, 5800 inserted, 200 already present" \
    "loaded first, April holds the rows January then leaves out"
flow green "$apr" flow_reversed
flow green "$jan" flow_reversed
check_eq "$(table_fingerprint reversed.green_tripdata)" "$(table_fingerprint flow_reversed.green_tripdata)" \
    "in the other order too, the table holds what the course's flow makes"
check_eq "$(q "SELECT count(*) FROM public.green_tripdata WHERE unique_row_id <> $(flow_row_id lpep_pickup_datetime lpep_dropoff_datetime)")" \
    0 "every id is the course's expression"
# January's partition lacks the 200 rows April held: an unchanged January is
# not taken as intact from its partition alone, since those rows may be gone.
q "DELETE FROM reversed.green_tripdata WHERE filename = 'green_tripdata_2019-04.csv'" >/dev/null
run_etl load --taxi green --file "$jan" --schema reversed
check_contains "$ERR" "6000 rows read, 200 inserted, 5800 already present" \
    "January again puts back the rows April held, deleted since"

# --- a pickup of infinity, whose day a range cannot hold --------------------------
{
    zcat "$jan" | head -n 1
    zcat "$jan" | sed -n '2p' | awk -F, -v OFS=, '{ $2 = "infinity"; print }'
} | gzip >"$WORK/inf_a.csv.gz"
{
    zcat "$WORK/inf_a.csv.gz"
    zcat "$jan" | sed -n '3p'
} | gzip >"$WORK/inf_b.csv.gz"
run_etl load --quiet --taxi green --file "$WORK/inf_a.csv.gz" --schema inf
run_etl load --taxi green --file "$WORK/inf_b.csv.gz" --schema inf
check_contains "$ERR" "2 rows read, 1 inserted, 1 already present" \
    "a row with an infinite pickup that another file holds is left out"
check_eq "$(q "SELECT count(*) FROM inf.green_tripdata WHERE lpep_pickup_datetime = 'infinity'")" 1 \
    "the row of infinite pickup is in the table once"

# --- the course's own MERGE on a partitioned table -------------------------------
before_feb=$(table_fingerprint public.green_tripdata)
flow green "$feb" public
check_eq "$(q "SELECT count(*) FROM public.green_tripdata_default")" "$(rows_of "$feb")" \
    "the course's MERGE puts its rows in the DEFAULT partition"
after_flow=$(table_fingerprint public.green_tripdata)
run_etl load --taxi green --file "$feb"
check_eq "$RC" 0 "taxi-etl loads a month the course's MERGE loaded"
check_contains "$ERR" "$(rows_of "$feb") rows read, 0 inserted, $(rows_of "$feb") already present" \
    "and finds every row present"
check_eq "$(table_fingerprint public.green_tripdata)" "$after_flow" "the table is unchanged"
check_not_contains "$(partitions public)" "2019_02" "no partition is made for a file in the DEFAULT partition"
# A new file is attached beside a DEFAULT partition that holds rows, and
# even where its readable name is taken by an unrelated table.
q "CREATE TABLE public.green_tripdata_2019_03 (note text); INSERT INTO public.green_tripdata_2019_03 VALUES ('mine')" >/dev/null
run_etl load --taxi green --file "$mar"
check_eq "$RC" 0 "a new file loads where its partition's name is taken"
check_contains "$(partitions public)" "green_tripdata_2019_03_" "its partition gets a suffix"
check_eq "$(q "SELECT count(*) FROM public.green_tripdata WHERE filename = 'green_tripdata_2019-03.csv'")" \
    "$(rows_of "$mar")" "its rows are all there"
check_eq "$(q "SELECT string_agg(note, ',') FROM public.green_tripdata_2019_03")" "mine" \
    "the unrelated table is untouched"
check_eq "$(loose_tables public)" 1 "no partition is left unattached (only the unrelated table)"

# --- a plain table, made by the course's flow, stays plain -------------------------
flow green "$jan" plain
run_etl load --taxi green --file "$apr" --schema plain
check_eq "$RC" 0 "taxi-etl loads into the flow's plain table"
check_contains "$ERR" "550 rows read, 350 inserted, 200 already present" "with the same merge"
check_eq "$(relkind plain)" "r" "the plain table is not converted"
flow green "$jan" flow_plain
flow green "$apr" flow_plain
check_eq "$(table_fingerprint plain.green_tripdata)" "$(table_fingerprint flow_plain.green_tripdata)" \
    "it holds what the course's flow makes"

# --- concurrent loads give the table sequential loads give -----------------------
run_etl backfill --quiet --taxi green --from 2019-01 --to 2019-04 --source-url "$RELEASE_URL" --schema sequential
expected=$(table_fingerprint sequential.green_tripdata)
SLOW_URL="$BASE_URL/fault/slow=400000/DataTalksClub/nyc-tlc-data/releases/download/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
q "CREATE SCHEMA parallel" >/dev/null
for schema in parallel fresh; do
    run_etl backfill --quiet --taxi green --from 2019-01 --to 2019-04 --jobs 2 --source-url "$SLOW_URL" --schema $schema
    check_eq "$RC" 0 "$schema schema: backfill --jobs 2 succeeds"
    check_eq "$(table_fingerprint $schema.green_tripdata)" "$expected" \
        "$schema schema: the table is the one sequential loads make"
    check_eq "$(q "SELECT count(*) FROM pg_inherits WHERE inhparent = '$schema.green_tripdata'::regclass")" 5 \
        "$schema schema: four partitions and the DEFAULT are attached"
    check_eq "$(loose_tables $schema)" 0 "$schema schema: nothing is left unattached"
done
# Two loads of one new month at once: one creates the partition, the other
# waits for it and finds every row present.
for run in a b; do
    "$TAXI_ETL" load --taxi green --year 2019 --month 4 --source-url "$SLOW_URL" --schema sequential_twice \
        2>"$WORK/$run.err" &
    eval "pid_$run=$!"
done
wait "$pid_a"; rc_a=$?
wait "$pid_b"; rc_b=$?
check_eq "$rc_a/$rc_b" "0/0" "two loads of one month at once both succeed"
check_eq "$(cat "$WORK/a.err" "$WORK/b.err" | grep -o '[0-9]* inserted' | sort | tr '\n' ' ')" \
    "0 inserted 550 inserted " "one inserts the rows, the other none"
check_eq "$(partitions sequential_twice)" \
    "green_tripdata_2019_04 FOR VALUES IN ('green_tripdata_2019-04.csv'); green_tripdata_default DEFAULT" \
    "one partition is made"
check_eq "$(q 'SELECT count(*) FROM sequential_twice.green_tripdata')" 550 "the rows are there once"

# A file whose name holds a quote and a backslash finds its partition by
# its bound again: a second load of it is the unchanged reload.
odd="$WORK/it's a \\ name_2019-01.csv.gz"
cp "$jan" "$odd"
run_etl load --quiet --taxi green --file "$odd" --schema odd_name
check_eq "$RC" 0 "a file whose name holds a quote and a backslash loads"
run_etl load --taxi green --file "$odd" --schema odd_name
check_eq "$RC" 0 "and loads again"
check_contains "$ERR" "it's a \\ name_2019-01.csv: unchanged at the source and in the table" \
    "found unchanged in its own partition"
run_etl status --taxi green --schema odd_name --verify
check_eq "$RC" 0 "status reads it"

finish
