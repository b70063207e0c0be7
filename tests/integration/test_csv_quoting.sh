#!/usr/bin/env bash
# The client reads records and fields as PostgreSQL's COPY ... CSV does (issue
# 13, item 1): on files holding every quoting form COPY accepts, with LF and
# CR LF line ends, every stored id is the course's expression on the stored
# row, and the course's flow and taxi-etl each recognise the other's rows.
# What COPY would refuse or read otherwise is refused with the line number.
source "$(dirname "$0")/lib.sh"

# check_ids TABLE PICKUP DROPOFF WHAT: every id is the course's expression.
check_ids() {
    check_eq "$(q "SELECT count(*) FROM $1 WHERE unique_row_id IS DISTINCT FROM $(flow_row_id "$2" "$3")")" \
        0 "$4: every id is the course's expression on the stored row"
}

green_lf=$(quoted green 2020 3 3000 131 lf)
green_crlf=$(quoted green 2019 4 3000 132 crlf)
green_new=$(quoted green 2019 5 2000 133 crlf)
yellow_crlf=$(quoted yellow 2019 3 3000 134 crlf)
fhv_lf=$(quoted fhv 2019 3 3000 135 lf)

# --- the files hold what they should -----------------------------------------
run_etl load --taxi green --schema etl --file "$green_lf"
check_eq "$RC" 0 "a green file with every quoting form (LF) loads"
check_eq "$(q 'SELECT count(*) FROM etl.green_tripdata')" 3000 "every row of it"
check_ids etl.green_tripdata lpep_pickup_datetime lpep_dropoff_datetime "green, LF, first load"
# Not a test of the loader: that the generated file has the forms at all.
check_eq "$(q "SELECT bool_and(n > 0) FROM (VALUES
    ((SELECT count(*) FROM etl.green_tripdata WHERE vendorid LIKE '%\"%')),
    ((SELECT count(*) FROM etl.green_tripdata WHERE pulocationid LIKE '%,%')),
    ((SELECT count(*) FROM etl.green_tripdata WHERE dolocationid LIKE E'%\n%')),
    ((SELECT count(*) FROM etl.green_tripdata WHERE vendorid LIKE E'%\r\n%')),
    ((SELECT count(*) FROM etl.green_tripdata WHERE vendorid = '')),
    ((SELECT count(*) FROM etl.green_tripdata WHERE vendorid IS NULL))) AS forms(n)")" \
    t "the stored values hold quotes, commas, LF, CR LF and quoted empty text, and NULLs"
if [ "$(zcat "$green_lf" | grep -c '[0-9:.]"[0-9:.]')" -gt 0 ]; then
    ok "the file has quotes in the middle of values"
else
    not_ok "the file has no quote in the middle of a value"
fi

# --- the course's flow first, then taxi-etl ----------------------------------
flow green "$green_crlf"
check_eq "$(q 'SELECT count(*) FROM green_tripdata')" 3000 "the flow loads the CR LF file"
before=$(table_fingerprint green_tripdata)
run_etl load --taxi green --file "$green_crlf"
check_eq "$RC" 0 "taxi-etl loads the file the flow loaded"
check_contains "$ERR" "3000 rows read, 0 inserted, 3000 already present" \
    "taxi-etl recognises every row the flow merged"
check_eq "$(table_fingerprint green_tripdata)" "$before" "and adds nothing"

# Again: a file loaded before is first compared with the table.
run_etl load --taxi green --file "$green_crlf"
check_contains "$ERR" "3000 rows read, 0 inserted, 3000 already present" \
    "loaded again, it is found in the table"
check_not_contains "$ERR" "any more" "without loading it in full"
check_eq "$(table_fingerprint green_tripdata)" "$before" "and still adds nothing"

# A new month merged into the flow's table: ids through staging.
run_etl load --taxi green --file "$green_new"
check_eq "$RC" 0 "a new quoted month merges into the flow's table"
check_eq "$(q 'SELECT count(*) FROM green_tripdata')" 5000 "with all its rows"
check_ids green_tripdata lpep_pickup_datetime lpep_dropoff_datetime "green, CR LF, merged"
flow green "$green_new"
check_eq "$(q 'SELECT count(*) FROM green_tripdata')" 5000 "and the flow adds nothing after it"

# --- taxi-etl first, then the course's flow ----------------------------------
run_etl load --taxi yellow --file "$yellow_crlf"
check_eq "$RC" 0 "a yellow file with every quoting form (CR LF) loads"
check_ids yellow_tripdata tpep_pickup_datetime tpep_dropoff_datetime "yellow, CR LF, first load"
flow yellow "$yellow_crlf"
check_eq "$(q 'SELECT count(*) FROM yellow_tripdata')" 3000 "the flow adds nothing after taxi-etl"

run_etl load --taxi fhv --file "$fhv_lf"
check_eq "$RC" 0 "an fhv file with every quoting form loads"
check_eq "$(q "SELECT count(*) FROM fhv_tripdata WHERE unique_row_id IS DISTINCT FROM md5(COALESCE(dispatching_base_num, '') || COALESCE(CAST(pickup_datetime AS text), '') || COALESCE(CAST(dropOff_datetime AS text), '') || COALESCE(PUlocationID, '') || COALESCE(DOlocationID, ''))")" \
    0 "fhv: every id is the expression of SPEC section 3 on the stored row"

# --- what COPY would refuse or read otherwise --------------------------------
good=$(generate green 2019 1 200 136)
run_etl load --quiet --taxi green --file "$good"
check_eq "$RC" 0 "a plain month for the refusals below"
before=$(table_fingerprint green_tripdata)

# refused NAME TEXT_FILTER PATTERN WHAT: the good month, passed through the
# filter, fails with exit 4 and PATTERN, and changes nothing.
refused() {
    mkdir -p "$WORK/$1"
    local path="$WORK/$1/green_tripdata_2019-01.csv.gz"
    zcat "$good" | eval "$2" | gzip -1 >"$path"
    run_etl load --quiet --taxi green --file "$path"
    check_failure 4 "$3" "$4"
    check_recorded failed "$4"
    check_eq "$(table_fingerprint green_tripdata)" "$before" "$4: the table is unchanged"
}
refused eod "awk 'NR == 101 { print \"\\\\.\" } { print }'" \
    "bad row in green_tripdata_2019-01.csv: line 101: the line is '\\.', which COPY takes for the end of the data" \
    "a line of \\. (COPY's end-of-data marker) amid the rows"
refused eod_crlf "sed 's/\$/\\r/' | awk 'NR == 51 { print \"\\\\.\\r\" } { print }'" \
    "line 51: the line is '\\.'" "a line of \\. in a CR LF file"
refused mixed "sed '1,60s/\$/\\r/'" \
    "bad row in green_tripdata_2019-01.csv: line 61: the line ends in LF alone, but line 1 in CR LF" \
    "line ends that change amid the file"
refused stray_cr "sed '70s/,/\\r,/'" \
    "bad row in green_tripdata_2019-01.csv: line 70: a carriage return outside quotes, not before a line feed" \
    "a carriage return outside quotes"
refused open_quote "sed '150s/,/,\"/'" \
    "bad row in green_tripdata_2019-01.csv: line 150: a quoted field opens here and is not closed before the end of the file" \
    "a quote left open to the end of the file"

# --- real data ---------------------------------------------------------------
if [ -f "$REAL_FILE" ]; then
    run_etl load --taxi green --schema real --file "$REAL_FILE"
    check_eq "$RC" 0 "the first 1300 rows of the real green 2019-10 load"
    check_eq "$(q 'SELECT count(*) FROM real.green_tripdata')" 1300 "all 1300 of them"
    check_ids real.green_tripdata lpep_pickup_datetime lpep_dropoff_datetime "real green 2019-10"
else
    echo "# skipped the real-data check: $REAL_FILE is not there"
fi

finish
