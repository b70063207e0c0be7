#!/usr/bin/env bash
# taxi-etl benchmark: taxi-etl against a plain COPY (the floor), the course's
# flow (tests/course_flow/*.sql) and pgloader, on generated months served over
# 127.0.0.1 the way GitHub serves the real ones; ends with a table of issue
# 14's targets, each a ratio within this run. See bench/README.md.
#
#     bash bench/run.sh [--quick] [--reps N] [--db CONNINFO]
#                       [--scenarios load,later,growth,reload,jobs]
#                       [--copy-format auto|binary|csv] [--pgloader-yellow]
#
# Without --db it starts a throwaway PostgreSQL cluster of its own (default
# settings, unix socket only), removed at the end, also on failure or Ctrl-C.
set -Eeuo pipefail

usage() {
    cat <<'EOF'
usage: bash bench/run.sh [--quick] [--reps N] [--db CONNINFO] [--scenarios LIST]
                        [--copy-format FORMAT] [--pgloader-yellow]

  --quick            every month has a tenth of the rows (fast iterations)
  --reps N           repetitions of each measurement (default: 3 for green,
                     1 for yellow, whose months are 12 times larger)
  --db CONNINFO      use this PostgreSQL (conninfo or postgresql:// URI; the
                     role needs CREATEDB) instead of a throwaway cluster;
                     each run gets a database of its own, dropped after it
  --scenarios LIST   comma-separated, from load,later,growth,reload,jobs
                     (default all)
  --copy-format F    pass --copy-format F (auto, binary or csv) to every
                     taxi-etl run (default: taxi-etl's own default)
  --pgloader-yellow  also time pgloader on yellow in the load scenario
                     (minutes at full size; green always has it)
  -h, --help         this help

Environment: BENCH_DIR (default /tmp/taxi-etl-bench) keeps the generated
months (reused across runs) and the logs; PG_BIN overrides the directory of
initdb and pg_ctl (default /usr/lib/postgresql/15/bin); TAXI_ETL and
TAXI_ETL_GEN the binaries measured (default build/taxi-etl and
build/tests/taxi-etl-gen, built when missing).
EOF
}

# ---------------------------------------------------------------- options
quick=0
reps=""
db_base=""
scenarios="load,later,growth,reload,jobs"
copy_format=""
pgloader_yellow=0
while (($#)); do
    case $1 in
        --quick) quick=1 ;;
        --reps) reps=${2-}; shift ;;
        --reps=*) reps=${1#*=} ;;
        --db) db_base=${2-}; shift ;;
        --db=*) db_base=${1#*=} ;;
        --scenarios) scenarios=${2-}; shift ;;
        --scenarios=*) scenarios=${1#*=} ;;
        --copy-format) copy_format=${2-}; shift ;;
        --copy-format=*) copy_format=${1#*=} ;;
        --pgloader-yellow) pgloader_yellow=1 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "bench: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
if [ -n "$reps" ] && ! [[ $reps =~ ^[1-9][0-9]*$ ]]; then
    echo "bench: --reps must be a positive integer, not '$reps'" >&2
    exit 2
fi
case $copy_format in
    "" | auto | binary | csv) ;;
    *) echo "bench: --copy-format must be auto, binary or csv, not '$copy_format'" >&2; exit 2 ;;
esac
declare -A want=()
IFS=, read -r -a scenario_list <<<"$scenarios"
for s in "${scenario_list[@]}"; do
    case $s in
        load | later | growth | reload | jobs) want[$s]=1 ;;
        *) echo "bench: unknown scenario '$s' (load, later, growth, reload, jobs)" >&2; exit 2 ;;
    esac
done
((${#want[@]})) || { echo "bench: --scenarios is empty" >&2; exit 2; }
on() { [ -n "${want[$1]-}" ]; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_dir=${BENCH_DIR:-/tmp/taxi-etl-bench}
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
if ((quick)); then mode=quick; div=10; else mode=full; div=1; fi
green_rows=$((630918 / div))
yellow_rows=$((7667792 / div))
green_reps=${reps:-3}
yellow_reps=${reps:-1}
taxi_etl=${TAXI_ETL:-$repo/build/taxi-etl}
gen=${TAXI_ETL_GEN:-$repo/build/tests/taxi-etl-gen}

# ---------------------------------------------------------------- log
mkdir -p "$bench_dir/logs"
stamp=$(date +%Y%m%d-%H%M%S)
log=$bench_dir/logs/run-$stamp.log
exec 3>&1 4>&2
# tee ignores Ctrl-C so that the cleanup's last lines still reach the log.
exec > >(trap '' INT TERM; exec tee -a "$log") 2>&1
tee_pid=$!

# ---------------------------------------------------------------- cleanup
work=""
pg_tmp=""
pg_started=0
http_pid=""
maint_conn=""
live_dbs=()
finished=0

as_pg() {
    if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    if ((!finished)) && [ -n "$work" ] && [ -s "$work/results.md" ]; then
        echo
        echo "=== partial results (the benchmark did not finish) ==="
        cat "$work/results.md"
        echo
        echo "Targets so far:"
        write_targets
        cat "$work/targets.md"
    fi
    [ -z "$http_pid" ] || { kill "$http_pid" 2>/dev/null; wait "$http_pid" 2>/dev/null; }
    if [ -n "$maint_conn" ] && [ -n "$db_base" ]; then
        for d in "${live_dbs[@]}"; do
            dropdb --if-exists --force --maintenance-db="$maint_conn" "$d" >/dev/null 2>&1
        done
    fi
    if [ -n "$pg_tmp" ]; then
        if ((pg_started)); then
            as_pg "$pg_bin/pg_ctl" -D "$pg_tmp/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
                as_pg "$pg_bin/pg_ctl" -D "$pg_tmp/data" -m immediate -w stop >/dev/null 2>&1
        fi
        [ ! -f "$pg_tmp/server.log" ] || cp "$pg_tmp/server.log" "$bench_dir/logs/run-$stamp-postgres.log"
        rm -rf "$pg_tmp"
    fi
    # the server's request log: which runs got a body (200) and which not
    [ -z "$work" ] || [ ! -s "$work/http.log" ] || cp "$work/http.log" "$bench_dir/logs/run-$stamp-http.log"
    [ -z "$work" ] || rm -rf "$work"
    echo "log: $log"
    exec 1>&3 2>&4
    wait "$tee_pid" 2>/dev/null
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

die() { echo "bench: error: $*"; exit 1; }

# ---------------------------------------------------------------- helpers
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b > 0) printf f, a / b; else printf "n/a" }'; }
secs() { awk -v a="$1" 'BEGIN { printf "%.2f", a }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
commas() { sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta' <<<"$1"; }
res() { printf '%s\n' "$@" >>"$work/results.md"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# redact TEXT: TEXT without the passwords of connection strings (for the log).
redact() { sed -E 's/(password=)[^ ]*/\1***/g; s#(://[^:/@ ]*:)[^@ ]*@#\1***@#g' <<<"$1"; }
mm() { printf '%02d' "$1"; }

# timed_soft WHAT CMD...: runs CMD (output to the log only), sets T to its
# wall seconds; returns CMD's exit status.
T=0
timed_soft() {
    local what=$1 out=$work/cmd.out rc=0 t0 t1
    shift
    t0=$(now)
    "$@" >"$out" 2>&1 </dev/null || rc=$?
    t1=$(now)
    T=$(elapsed "$t0" "$t1")
    { cat "$out"; printf '  -> %s: %s s, exit %d\n' "$what" "$T" "$rc"; } >>"$log"
    # Ctrl-C: commands that handle SIGINT themselves (psql, createdb, taxi-etl)
    # keep bash from running its INT trap, so notice it here.
    if ((rc == 130 || rc == 143)); then
        echo "bench: interrupted"
        exit "$rc"
    fi
    return "$rc"
}
# timed WHAT CMD...: timed_soft, and stops the benchmark if CMD fails.
timed() {
    local rc=0
    timed_soft "$@" || rc=$?
    if ((rc != 0)); then
        tail -n 20 "$work/cmd.out"
        die "$1 failed (exit $rc)"
    fi
}

# Wall seconds per part of the run, in order, for the "Time" table.
part_names=()
part_secs=()
part_t0=0
part_begin() { part_t0=$(now); }
part_end() { # NAME
    local t
    t=$(elapsed "$part_t0" "$(now)")
    part_names+=("$1")
    part_secs+=("$t")
    echo "  ($1 took $(secs "$t") s)"
}

# ---------------------------------------------------------------- prerequisites
need=()
command -v curl >/dev/null || need+=(curl)
# wget is the course flow's (load, growth), pgloader a peer in load
if on load || on growth; then command -v wget >/dev/null || need+=(wget); fi
[ -x /usr/bin/time ] || need+=(time)
command -v gunzip >/dev/null || need+=(gzip)
command -v python3 >/dev/null || need+=(python3)
command -v psql >/dev/null && command -v createdb >/dev/null || need+=(postgresql-client)
[ -n "$db_base" ] || [ -n "${PG_BIN:-}" ] || [ -x "$pg_bin/initdb" ] || need+=(postgresql-15)
if on load && ! command -v pgloader >/dev/null; then need+=(pgloader); fi
if ((${#need[@]})); then
    echo "bench: installing ${need[*]}"
    sudo=()
    ((EUID == 0)) || sudo=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ -z "$db_base" ] && [ ! -x "$pg_bin/initdb" ]; then
    die "no initdb in $pg_bin (set PG_BIN, or pass --db CONNINFO)"
fi

if [ -n "${TAXI_ETL:-}${TAXI_ETL_GEN:-}" ] && { [ ! -x "$taxi_etl" ] || [ ! -x "$gen" ]; }; then
    die "TAXI_ETL ($taxi_etl) and TAXI_ETL_GEN ($gen) must both be executables"
fi
if [ ! -x "$taxi_etl" ] || [ ! -x "$gen" ]; then
    echo "bench: building taxi-etl and taxi-etl-gen in $repo/build"
    command -v cmake >/dev/null || bash "$repo/tests/install_build_deps.sh"
    cmake -S "$repo" -B "$repo/build" >/dev/null
    cmake --build "$repo/build" -j "$(nproc)" --target taxi-etl taxi-etl-gen
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/taxi-etl-bench.XXXXXX")
: >"$work/results.md"
# Others may rebuild build/ while this runs: every measurement uses this copy.
binary_time=$(date -u -r "$taxi_etl" '+%Y-%m-%d %H:%M UTC')
cp "$taxi_etl" "$work/taxi-etl"
cp "$gen" "$work/taxi-etl-gen"
taxi_etl=$work/taxi-etl
gen=$work/taxi-etl-gen

# The binary may predate issue 14's options: use them only when it has them.
has_verify=0 has_copy_format=0
"$taxi_etl" load --help 2>/dev/null | grep -- --verify >/dev/null && has_verify=1
"$taxi_etl" load --help 2>/dev/null | grep -- --copy-format >/dev/null && has_copy_format=1
etl_opts=()
if [ -n "$copy_format" ]; then
    if ((has_copy_format)); then
        etl_opts=(--copy-format "$copy_format")
    else
        echo "bench: this taxi-etl has no --copy-format: --copy-format $copy_format ignored"
    fi
fi
if ((has_copy_format)); then
    copy_note="--copy-format ${copy_format:-auto (its default)}"
else
    copy_note="no --copy-format (text COPY only)"
fi

# ---------------------------------------------------------------- data
data_root=$bench_dir/data-$mode
gen_sum=$(sha256sum "$gen" | cut -c1-16)

# month_file TAXI MONTH ROWS SEED: generates the month unless the cache has it
# with the same parameters; says which it did.
month_file() {
    local taxi=$1 m=$2 rows=$3 seed=$4
    local dir=$data_root/$taxi name
    name=${taxi}_tripdata_2019-$(mm "$m").csv.gz
    local f=$dir/$name params="taxi=$taxi year=2019 month=$m rows=$rows seed=$seed generator=$gen_sum"
    if [ -f "$f" ] && [ "$(cat "$f.params" 2>/dev/null)" = "$params" ]; then
        echo "  cached     $name ($rows rows)"
        return
    fi
    mkdir -p "$dir"
    local tmp=$dir/.tmp-$$-$name t0
    t0=$(now)
    "$gen" --taxi "$taxi" --year 2019 --month "$m" --rows "$rows" --seed "$seed" --out "$tmp" >>"$log" 2>&1 ||
        die "taxi-etl-gen failed for $name"
    mv -f "$tmp" "$f"
    printf '%s\n' "$params" >"$f.params"
    echo "  generated  $name ($rows rows, $(secs "$(elapsed "$t0" "$(now)")") s)"
}

green_months=1
on growth && green_months=12
on jobs && ((green_months < 6)) && green_months=6

# ---------------------------------------------------------------- header
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
[ -n "$cpu" ] || cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    commit="$commit (working tree has uncommitted changes)"
fi

# ---------------------------------------------------------------- PostgreSQL
if [ -z "$db_base" ]; then
    pg_tmp=$(mktemp -d "${TMPDIR:-/tmp}/taxi-etl-bench-pg.XXXXXX")
    ((EUID != 0)) || chown postgres:postgres "$pg_tmp"
    # No TCP at all: the socket lives in this private directory, so any port
    # number is free; a random one keeps the socket's name unlike others'.
    port=$((20000 + RANDOM % 40000))
    as_pg "$pg_bin/initdb" -D "$pg_tmp/data" -U postgres -A trust --no-sync >"$pg_tmp/initdb.log" 2>&1 ||
        { cat "$pg_tmp/initdb.log"; die "initdb failed"; }
    cat >>"$pg_tmp/data/postgresql.conf" <<EOF

# taxi-etl benchmark: unix socket only, in the throwaway directory
listen_addresses = ''
unix_socket_directories = '$pg_tmp'
port = $port
EOF
    as_pg "$pg_bin/pg_ctl" -D "$pg_tmp/data" -l "$pg_tmp/server.log" -w -t 60 start >/dev/null ||
        { cat "$pg_tmp/server.log"; die "PostgreSQL did not start"; }
    pg_started=1
    maint_conn="host=$pg_tmp port=$port user=postgres dbname=postgres"
    db_where="throwaway cluster ($pg_bin, initdb defaults, unix socket only)"
else
    maint_conn=$db_base
    db_where="given --db (throwaway databases in it)"
fi
psql -XAtq "$maint_conn" -c 'SELECT 1' >/dev/null || die "cannot connect to PostgreSQL"
pg_version=$(psql -XAtq "$maint_conn" -c 'SHOW server_version')
pg_settings=$(psql -XAtq "$maint_conn" -c "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings WHERE name IN ('shared_buffers', 'max_wal_size', 'synchronous_commit', 'fsync', 'wal_level', 'work_mem', 'maintenance_work_mem', 'temp_buffers', 'lc_collate')")
# CHECKPOINT between runs needs a superuser (or pg_checkpoint) with --db.
if psql -XAtq "$maint_conn" -c CHECKPOINT >/dev/null 2>&1; then
    settle_note="sync and CHECKPOINT before each timed run"
else
    settle_note="sync before each timed run (CHECKPOINT not allowed for this role)"
fi

# db_conninfo NAME: the connection string of database NAME.
db_conninfo() {
    local name=$1
    case $maint_conn in
        postgres://* | postgresql://*)
            local scheme=${maint_conn%%://*} rest=${maint_conn#*://} query=""
            if [[ $rest == *\?* ]]; then
                query="?${rest#*\?}"
                rest=${rest%%\?*}
            fi
            printf '%s://%s/%s%s\n' "$scheme" "${rest%%/*}" "$name" "$query"
            ;;
        *) printf '%s dbname=%s\n' "$maint_conn" "$name" ;;
    esac
}

# new_db: creates an empty database; sets DB and CONN.
db_seq=0
DB=""
CONN=""
new_db() {
    db_seq=$((db_seq + 1))
    DB=taxi_etl_bench_$$_$db_seq
    createdb --maintenance-db="$maint_conn" "$DB" || die "createdb $DB failed"
    live_dbs+=("$DB")
    CONN=$(db_conninfo "$DB")
}
drop_db() {
    local d keep=()
    dropdb --force --maintenance-db="$maint_conn" "$1" || die "dropdb $1 failed"
    for d in "${live_dbs[@]}"; do [ "$d" = "$1" ] || keep+=("$d"); done
    live_dbs=("${keep[@]}")
}
# settle CONN: nothing of the previous run left to write before the next.
settle() {
    sync
    psql -XAtq "$1" -c CHECKPOINT >/dev/null 2>&1 || true
}
# check_rows CONN TABLE EXPECTED WHAT
check_rows() {
    local n
    n=$(psql -XAtq "$1" -c "SELECT count(*) FROM $2") || die "$4: cannot count $2"
    [ "$n" = "$3" ] || die "$4: $2 has $n rows, expected $3"
}

{
    echo "## taxi-etl benchmark"
    echo
    echo "- date: $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo "- machine: $(nproc) CPUs (nproc), $mem memory, $cpu"
    echo "- PostgreSQL $pg_version: $db_where"
    echo "- settings: $pg_settings; $settle_note"
    echo "- load average at the start: $(loadavg) (other work on the machine skews the times)"
    echo "- taxi-etl: commit $commit; $("$taxi_etl" --version 2>/dev/null); build/taxi-etl of $binary_time, sha256 $(sha256sum "$taxi_etl" | cut -c1-12)"
    echo "- mode: $mode: green months of $(commas "$green_rows") rows, yellow of $(commas "$yellow_rows") rows; generated by taxi-etl-gen, served by tests/tools/http_server.py on 127.0.0.1 (302 to /storage/..., like GitHub)"
    echo "- taxi-etl runs with $copy_note; --verify: $( ((has_verify)) && echo yes || echo "no (binary has no --verify)")"
    echo "- scenarios: ${scenario_list[*]}; repetitions: green $green_reps, yellow $yellow_reps"
} >"$work/header.md"
cat "$work/header.md"
echo
echo "log: $log"

# ---------------------------------------------------------------- generate and serve
run_t0=$(now)
echo
echo "== data ($data_root)"
part_begin
month_file green 1 "$green_rows" 1
for ((m = 2; m <= green_months; m++)); do month_file green "$m" "$green_rows" "$m"; done
if on load || on later; then month_file yellow 1 "$yellow_rows" 1; fi
if on later; then month_file yellow 2 "$yellow_rows" 2; fi

python3 "$repo/tests/tools/http_server.py" --root "$data_root" --port-file "$work/http.port" 2>"$work/http.log" &
http_pid=$!
for _ in $(seq 200); do
    [ -s "$work/http.port" ] && break
    kill -0 "$http_pid" 2>/dev/null || { cat "$work/http.log"; die "http_server.py did not start"; }
    sleep 0.05
done
[ -s "$work/http.port" ] || die "http_server.py did not start"
http_port=$(cat "$work/http.port")
url_template="http://127.0.0.1:$http_port/DataTalksClub/nyc-tlc-data/releases/download/{taxi}/{taxi}_tripdata_{year}-{month}.csv.gz"
month_url() { printf 'http://127.0.0.1:%s/DataTalksClub/nyc-tlc-data/releases/download/%s/%s_tripdata_2019-%s.csv.gz\n' "$http_port" "$1" "$1" "$(mm "$2")"; }
curl -sSfL -o /dev/null "$(month_url green 1)" || die "the HTTP server does not serve green 2019-01"
echo "  serving on http://127.0.0.1:$http_port"
part_end "data (generate or reuse, serve)"

# ---------------------------------------------------------------- contenders
# floor_table TAXI: the staging columns (SPEC section 3) of the file's header;
# sets FILE_COLS (the header's columns) and TABLE_DDL.
FILE_COLS=""
TABLE_DDL=""
floor_table() {
    local header c t cols=() ddl=("unique_row_id text" "filename text")
    header=$( { gzip -dc "$data_root/$1/${1}_tripdata_2019-01.csv.gz" || true; } | head -n 1 | tr -d '\r')
    [ -n "$header" ] || die "cannot read the header of $1 2019-01"
    IFS=, read -r -a hdr <<<"$header"
    for c in "${hdr[@]}"; do
        case ${c,,} in
            vendorid | ratecodeid | store_and_fwd_flag | pulocationid | dolocationid) t=text ;;
            *_datetime) t=timestamp ;;
            passenger_count | payment_type | trip_type) t=integer ;;
            *) t="double precision" ;;
        esac
        cols+=("$c")
        ddl+=("$c $t")
    done
    FILE_COLS=$(IFS=,; echo "${cols[*]}")
    TABLE_DDL=$(printf '%s, ' "${ddl[@]}")
    TABLE_DDL=${TABLE_DDL%, }
}

# (1) floor: download, inflate and COPY into an empty UNLOGGED table.
floor_prepare() { # TAXI CONN
    floor_table "$1"
    psql -XAtq -v ON_ERROR_STOP=1 "$2" -c "CREATE UNLOGGED TABLE floor_$1 ($TABLE_DDL)" >/dev/null
}
floor_run() { # TAXI MONTH CONN
    local url
    url=$(month_url "$1" "$2")
    echo "\$ curl -sSfL $url | gunzip | psql -c \"\\copy floor_$1($FILE_COLS) FROM STDIN CSV HEADER\""
    curl -sSfL "$url" | gunzip | psql -X -v ON_ERROR_STOP=1 "$3" -c "\\copy floor_$1($FILE_COLS) FROM STDIN CSV HEADER"
}

# (2) the course's flow: the file to disk, then its SQL (tests/course_flow).
FLOW_DL=0
flow_run() { # TAXI MONTH CONN
    local url csv t0 t1
    url=$(month_url "$1" "$2")
    csv=${1}_tripdata_2019-$(mm "$2").csv
    echo "\$ wget -q -O - $url | gunzip > $work/$csv"
    t0=$(now)
    wget -q -O - "$url" | gunzip >"$work/$csv" || return
    t1=$(now)
    FLOW_DL=$(elapsed "$t0" "$t1")
    echo "  ($FLOW_DL s; $(stat -c %s "$work/$csv") bytes)"
    echo "\$ psql -v file=$csv -f tests/course_flow/$1.sql < $work/$csv"
    psql -X -v file="$csv" -f "$repo/tests/course_flow/$1.sql" "$3" <"$work/$csv" || return
    echo "  (psql $(elapsed "$t1" "$(now)") s)"
    rm -f "$work/$csv"
}

# (3) pgloader, as the issue measured it: from the month decompressed to a
# local CSV beforehand (pgl_csv), into the floor's table, no ids, no merge.
pgl_csv() { # TAXI: decompresses its 2019-01 to $work (not timed)
    gzip -dc "$data_root/$1/${1}_tripdata_2019-01.csv.gz" >"$work/pgl_$1.csv"
}
# pgloader_uri DB: a connection URI for pgloader, which reads no conninfo.
pgloader_uri() {
    case $maint_conn in
        postgres://* | postgresql://*) db_conninfo "$1"; return ;;
    esac
    local kv host=${PGHOST:-/var/run/postgresql} port=${PGPORT:-5432} user=${PGUSER:-$(id -un)} pass=${PGPASSWORD:-}
    for kv in $maint_conn; do
        case $kv in
            host=*) host=${kv#*=} ;;
            port=*) port=${kv#*=} ;;
            user=*) user=${kv#*=} ;;
            password=*) pass=${kv#*=} ;;
        esac
    done
    [[ $host != /* ]] || host=unix:$host
    printf 'postgresql://%s%s@%s:%s/%s\n' "$user" "${pass:+:$pass}" "$host" "$port" "$1"
}
pgloader_run() { # TAXI DB (after floor_prepare TAXI, which sets FILE_COLS)
    cat >"$work/pgl.load" <<EOF
LOAD CSV
  FROM '$work/pgl_$1.csv' ($FILE_COLS)
  INTO $(pgloader_uri "$2")
  TARGET TABLE floor_$1
  TARGET COLUMNS ($FILE_COLS)
  WITH skip header = 1, fields terminated by ',', fields optionally enclosed by '"';
EOF
    redact "\$ pgloader $work/pgl.load: $(tr '\n' ' ' <"$work/pgl.load")"
    pgloader "$work/pgl.load"
}

# (4) taxi-etl; /usr/bin/time gives its peak RSS (RSS_KB), and RSS_MAX keeps
# the largest of all runs (RSS_MAX_WHAT says which).
RSS_KB=0
RSS_MAX=0
RSS_MAX_WHAT=""
etl() { # ARGS...
    redact "\$ /usr/bin/time -f '%e %M' taxi-etl $*"
    /usr/bin/time -f '%e %M' -o "$work/time.out" "$taxi_etl" "$@" || return
    cat "$work/time.out"
    RSS_KB=$(tail -n 1 "$work/time.out" | awk '{ print $2 }')
    if ((RSS_KB > RSS_MAX)); then RSS_MAX=$RSS_KB RSS_MAX_WHAT="taxi-etl $1 ${*:2:6}"; fi
}
etl_load() { # TAXI MONTH CONN [ARGS...]
    etl load --taxi "$1" --year 2019 --month "$(mm "$2")" --source-url "$url_template" --db "$3" --quiet \
        "${etl_opts[@]}" "${@:4}"
}
# etl_load_csv TAXI MONTH CONN: with text COPY, whatever --copy-format says.
etl_load_csv() {
    etl load --taxi "$1" --year 2019 --month "$(mm "$2")" --source-url "$url_template" --db "$3" --quiet \
        --copy-format csv
}

# ---------------------------------------------------------------- targets
# target N WHAT MEASURED VALUE SHOWN OP GOAL: one row of the Targets table.
# VALUE is the number compared with GOAL by OP (<=, >=, >, ==; "info" only
# reports it); an empty VALUE makes the row n/a, MEASURED saying why.
target() {
    local n=$1 what=$2 measured=$3 value=$4 shown=$5 op=$6 goal=$7 verdict
    if [ -z "$value" ]; then
        shown="n/a" verdict="n/a" goal="$op $goal"
    elif [ "$op" = info ]; then
        verdict="(reported)" goal="—"
    else
        verdict=$(awk -v v="$value" -v g="$goal" -v op="$op" 'BEGIN {
            ok = op == "<=" ? v <= g : op == ">=" ? v >= g : op == ">" ? v > g : v == g
            print ok ? "PASS" : "MISS" }')
        goal="$op $goal"
    fi
    printf '| %s | %s | %s | %s | %s | %s |\n' "$n" "$what" "$measured" "$shown" "$goal" "$verdict" >>"$work/targets.md"
}
# ratio_target N WHAT A B OP GOAL [NOTE]: target on A / B (seconds); NOTE
# replaces the measured cell when A or B is missing.
ratio_target() {
    local n=$1 what=$2 a=$3 b=$4 op=$5 goal=$6 note=${7:-not measured}
    if [ -z "$a" ] || [ -z "$b" ]; then
        target "$n" "$what" "$note" "" "" "$op" "$goal"
        return
    fi
    target "$n" "$what" "$(secs "$a") s / $(secs "$b") s" "$(ratio "$a" "$b" %.4f)" "$(ratio "$a" "$b" %.3f)×" "$op" "$goal"
}
not_run() { echo "not measured (scenario $1 not run)"; }

write_targets() {
    local na_load na_growth na_later na_reload na_jobs body_note
    na_load=$(not_run load) na_growth=$(not_run growth) na_later=$(not_run later)
    na_reload=$(not_run reload) na_jobs=$(not_run jobs)
    : >"$work/targets.md"
    ratio_target 1 "first load, green: taxi-etl / floor" "${etl_median[green]-}" "${floor_median[green]-}" "<=" 0.80 "$na_load"
    ratio_target 1 "first load, yellow: taxi-etl / floor" "${etl_median[yellow]-}" "${floor_median[yellow]-}" "<=" 0.80 "$na_load"
    ratio_target 2 "green month 12 into 11 months / month 1" "${growth_etl_12-}" "${growth_etl_1-}" "<=" 1.10 "$na_growth"
    ratio_target 2 "yellow 2019-02 into 2019-01 / 2019-01" "${later_2-}" "${later_1-}" "<=" 1.10 "$na_later"
    ratio_target 3 "course flow / taxi-etl, green month 1" "${flow_median[green]-}" "${etl_median[green]-}" ">=" 4.0 "$na_load"
    ratio_target 3 "course flow / taxi-etl, yellow month 1" "${flow_median[yellow]-}" "${etl_median[yellow]-}" ">=" 4.0 "$na_load"
    ratio_target 3 "course flow / taxi-etl, green month 12" "${growth_flow_12-}" "${growth_etl_12-}" ">=" 5.0 "$na_growth"
    ratio_target 4 "unchanged reload / floor, green" "${reload_again-}" "${floor_median[green]-}" "<=" 0.05 "$na_reload"
    if [ -n "${reload_again-}" ]; then
        body_note="bodies sent by the server: $gets_again; taxi_etl.runs bytes: $reload_bytes"
        target 4 "unchanged reload downloads no body" "$body_note" "$gets_again" "$gets_again" "==" 0
    else
        target 4 "unchanged reload downloads no body" "$na_reload" "" "" "==" 0
    fi
    if on reload && ((!has_verify)); then
        target 4 "\`--verify\` reload / floor, green" "n/a (binary has no --verify)" "" "" "<=" 0.60
    else
        ratio_target 4 "\`--verify\` reload / floor, green" "${reload_verify-}" "${floor_median[green]-}" "<=" 0.60 "$na_reload"
    fi
    ratio_target 4 "reload after deleting 1% / floor, green" "${reload_lost-}" "${floor_median[green]-}" info "" "$na_reload"
    if ((RSS_MAX > 0)); then
        target 5 "peak RSS, largest of all taxi-etl runs" "$RSS_MAX_WHAT" "$(awk -v k="$RSS_MAX" 'BEGIN { print k / 1024 }')" "$(mb "$RSS_MAX") MB" "<=" 32
    else
        target 5 "peak RSS, largest of all taxi-etl runs" "no taxi-etl run" "" "" "<=" 32
    fi
    ratio_target 5 "backfill 6 months: --jobs 1 / --jobs 2" "${jobs_1-}" "${jobs_2-}" ">" 1.00 "$na_jobs"
    ratio_target 6 "pgloader / floor, green" "${pgl_median[green]-}" "${floor_median[green]-}" info "" "$na_load"
    if ((pgloader_yellow)); then
        ratio_target 6 "pgloader / floor, yellow" "${pgl_median[yellow]-}" "${floor_median[yellow]-}" info "" "$na_load"
    fi
}

# ---------------------------------------------------------------- scenario: load
declare -A floor_median=()
run_floor_reps() { # TAXI REPS -> fills floor_median[TAXI], prints each run
    local taxi=$1 n=$2 rows i times=()
    rows=$([ "$taxi" = green ] && echo "$green_rows" || echo "$yellow_rows")
    for ((i = 1; i <= n; i++)); do
        new_db
        floor_prepare "$taxi" "$CONN"
        settle "$CONN"
        timed "floor $taxi" floor_run "$taxi" 1 "$CONN"
        check_rows "$CONN" "floor_$taxi" "$rows" "floor"
        drop_db "$DB"
        times+=("$T")
        printf '  %-7s rep %d/%d  floor     %8s s\n' "$taxi" "$i" "$n" "$(secs "$T")"
    done
    floor_median[$taxi]=$(median "${times[@]}")
}

flow_dl_note=""
# Medians of the load scenario, per taxi, for the Targets table.
declare -A flow_median=() etl_median=() pgl_median=()
# load_one CONTENDER TAXI ROWS: one run into a fresh database; sets T and
# EXTRA (what the progress line adds), appends to the contender's times.
load_one() {
    local c=$1 taxi=$2 rows=$3
    new_db
    EXTRA=""
    case $c in
        floor)
            floor_prepare "$taxi" "$CONN"
            settle "$CONN"
            timed "floor $taxi" floor_run "$taxi" 1 "$CONN"
            check_rows "$CONN" "floor_$taxi" "$rows" "floor"
            t_floor+=("$T")
            ;;
        flow)
            settle "$CONN"
            timed "flow $taxi" flow_run "$taxi" 1 "$CONN"
            check_rows "$CONN" "${taxi}_tripdata" "$rows" "flow"
            t_flow+=("$T") dl+=("$FLOW_DL") EXTRA="  (download+gunzip to disk $(secs "$FLOW_DL") s)"
            ;;
        etl | etl_csv)
            settle "$CONN"
            if [ "$c" = etl ]; then
                timed "taxi-etl $taxi" etl_load "$taxi" 1 "$CONN"
                t_etl+=("$T")
            else
                timed "taxi-etl --copy-format csv $taxi" etl_load_csv "$taxi" 1 "$CONN"
                t_csv+=("$T")
            fi
            check_rows "$CONN" "${taxi}_tripdata" "$rows" "taxi-etl"
            rss+=("$RSS_KB") EXTRA="  (peak RSS $(mb "$RSS_KB") MB)"
            ;;
        pgloader)
            floor_prepare "$taxi" "$CONN"
            settle "$CONN"
            # pgloader exits 0 even when it rejects rows: the count tells.
            if timed_soft "pgloader $taxi" pgloader_run "$taxi" "$DB" &&
                [ "$(psql -XAtq "$CONN" -c "SELECT count(*) FROM floor_$taxi")" = "$rows" ]; then
                t_pgl+=("$T")
            else
                pgl_failed=1 EXTRA="  (FAILED or rows missing: see the log; not counted)"
            fi
            ;;
    esac
    drop_db "$DB"
}

if on load; then
    echo
    echo "== load: one month into an empty database"
    part_begin
    res "" "### One month into an empty database" ""
    res "| month | rows | runs | floor: curl \| gunzip \| psql \\copy | course flow | pgloader (local CSV) | taxi-etl | taxi-etl / floor | pgloader / floor | flow / taxi-etl | taxi-etl --copy-format csv | taxi-etl peak RSS |"
    res "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    declare -A label=([floor]=floor [flow]=flow [etl]=taxi-etl [etl_csv]="etl csv" [pgloader]=pgloader)
    for taxi in green yellow; do
        if [ "$taxi" = green ]; then n=$green_reps rows=$green_rows; else n=$yellow_reps rows=$yellow_rows; fi
        gzip -dc "$data_root/$taxi/${taxi}_tripdata_2019-01.csv.gz" >/dev/null # into the page cache
        t_floor=() t_flow=() t_etl=() t_csv=() t_pgl=() rss=() dl=() pgl_failed=0
        contenders=(floor flow etl)
        # text COPY next to the default, where the binary can choose (cheap for green only)
        if [ "$taxi" = green ] && ((has_copy_format)) && [ "$copy_format" != csv ]; then contenders+=(etl_csv); fi
        if [ "$taxi" = green ] || ((pgloader_yellow)); then
            contenders+=(pgloader)
            pgl_csv "$taxi"
        fi
        for ((i = 1; i <= n; i++)); do
            # rotate the order each repetition: no contender always goes first
            k=$(((i - 1) % ${#contenders[@]}))
            order=("${contenders[@]:k}" "${contenders[@]:0:k}")
            for c in "${order[@]}"; do
                load_one "$c" "$taxi" "$rows"
                printf '  %-7s rep %d/%d  %-8s  %8s s%s\n' "$taxi" "$i" "$n" "${label[$c]}" "$(secs "$T")" "$EXTRA"
            done
        done
        rm -f "$work/pgl_$taxi.csv"
        mf=$(median "${t_floor[@]}") mc=$(median "${t_flow[@]}") me=$(median "${t_etl[@]}")
        floor_median[$taxi]=$mf flow_median[$taxi]=$mc etl_median[$taxi]=$me
        mp="" mcsv=""
        if ((${#t_pgl[@]})); then mp=$(median "${t_pgl[@]}") pgl_median[$taxi]=$mp; fi
        if ((${#t_csv[@]})); then mcsv=$(median "${t_csv[@]}"); fi
        rss_max=$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)
        vs_floor="$(ratio "$me" "$mf")× floor"
        speed=$(ratio "$mc" "$me" "%.1f")
        if awk -v a="$mc" -v b="$me" 'BEGIN { exit !(a >= b) }'; then
            speed="$speed× faster"
        else
            speed="$speed× (taxi-etl is slower)"
        fi
        if [ -n "$mp" ]; then
            pgl_cell="$(secs "$mp") s" pgl_vs="$(ratio "$mp" "$mf")× floor"
        elif ((pgl_failed)); then
            pgl_cell="failed" pgl_vs="—"
        else
            pgl_cell="—" pgl_vs="—"
        fi
        csv_cell="—"
        [ -z "$mcsv" ] || csv_cell="$(secs "$mcsv") s ($(ratio "$mcsv" "$mf")× floor)"
        printf '  %s: floor %s s, flow %s s, taxi-etl %s s (medians): %s, flow/taxi-etl = %s, taxi-etl peak RSS %s MB\n' \
            "$taxi" "$(secs "$mf")" "$(secs "$mc")" "$(secs "$me")" "$vs_floor" "$speed" "$(mb "$rss_max")"
        [ "$pgl_cell" = "—" ] || printf '  %s: pgloader %s, %s\n' "$taxi" "$pgl_cell" "$pgl_vs"
        [ "$csv_cell" = "—" ] || printf '  %s: taxi-etl --copy-format csv %s\n' "$taxi" "$csv_cell"
        res "| $taxi 2019-01 | $(commas "$rows") | $n | $(secs "$mf") s | $(secs "$mc") s | $pgl_cell | $(secs "$me") s | $vs_floor | $pgl_vs | $speed | $csv_cell | $(mb "$rss_max") MB |"
        flow_dl_note+="${flow_dl_note:+, }$taxi $(secs "$(median "${dl[@]}")") s"
    done
    res "" "Medians of wall-clock seconds, each run into a fresh empty database. Floor: an UNLOGGED table, no ids, no merge (a lower bound, not a contender). Course flow: \`wget | gunzip\` to a file on disk (of which the download: ${flow_dl_note}), then \`tests/course_flow/<taxi>.sql\` (COPY into staging, UPDATE the ids, MERGE). pgloader: $(pgloader --version 2>/dev/null | head -n 1 | tr -d '"'), from the month decompressed to a local CSV before the timing, into a table like the floor's (UNLOGGED, no ids, no merge); yellow only with --pgloader-yellow. taxi-etl: \`taxi-etl load\` ($copy_note); peak RSS by \`/usr/bin/time\` (largest of the runs); \`--copy-format csv\` (green, when the binary has the option) shows what text COPY would take."
    part_end "load"
fi
# ---------------------------------------------------------------- scenario: later
if on later; then
    echo
    echo "== later: yellow 2019-02 into a table that holds yellow 2019-01"
    part_begin
    y1=() y2=()
    for ((i = 1; i <= yellow_reps; i++)); do
        new_db
        settle "$CONN"
        timed "taxi-etl yellow 2019-01" etl_load yellow 1 "$CONN"
        y1+=("$T")
        settle "$CONN"
        timed "taxi-etl yellow 2019-02" etl_load yellow 2 "$CONN"
        y2+=("$T")
        check_rows "$CONN" yellow_tripdata $((2 * yellow_rows)) "later"
        drop_db "$DB"
        printf '  rep %d/%d  2019-01 %8s s   2019-02 %8s s   (%s×)\n' "$i" "$yellow_reps" \
            "$(secs "${y1[-1]}")" "$(secs "${y2[-1]}")" "$(ratio "${y2[-1]}" "${y1[-1]}")"
    done
    later_1=$(median "${y1[@]}") later_2=$(median "${y2[@]}")
    res "" "### Yellow 2019-02 into a table that holds yellow 2019-01 (median of $yellow_reps)" ""
    res "| month | rows | taxi-etl | vs 2019-01 |" "| --- | ---: | ---: | ---: |"
    res "| 2019-01, new table | $(commas "$yellow_rows") | $(secs "$later_1") s | 1× |"
    res "| 2019-02, table holds 2019-01 | $(commas "$yellow_rows") | $(secs "$later_2") s | $(ratio "$later_2" "$later_1")× |"
    part_end "later"
fi

# ---------------------------------------------------------------- scenario: growth
if on growth; then
    echo
    echo "== growth: 12 green months, one after another, into one database"
    part_begin
    new_db; db_e=$DB conn_e=$CONN
    new_db; db_f=$DB conn_f=$CONN
    res "" "### 12 green months one after another into one database (seconds per month)" ""
    res "| month | taxi-etl | course flow |" "| --- | ---: | ---: |"
    g_etl=() g_flow=()
    for ((m = 1; m <= 12; m++)); do
        settle "$conn_e"
        timed "taxi-etl green 2019-$(mm "$m")" etl_load green "$m" "$conn_e"
        g_etl+=("$T")
        settle "$conn_f"
        timed "flow green 2019-$(mm "$m")" flow_run green "$m" "$conn_f"
        g_flow+=("$T")
        printf '  2019-%s  taxi-etl %8s s   flow %8s s\n' "$(mm "$m")" "$(secs "${g_etl[m - 1]}")" "$(secs "${g_flow[m - 1]}")"
        res "| 2019-$(mm "$m") | $(secs "${g_etl[m - 1]}") | $(secs "${g_flow[m - 1]}") |"
    done
    check_rows "$conn_e" green_tripdata $((12 * green_rows)) "growth, taxi-etl"
    check_rows "$conn_f" green_tripdata $((12 * green_rows)) "growth, flow"
    # pg_partition_tree: a partitioned table's own size is 0; its partitions hold the rows.
    table_size="SELECT pg_size_pretty(coalesce(sum(pg_total_relation_size(relid)), pg_total_relation_size('green_tripdata'))) FROM pg_partition_tree('green_tripdata')"
    size_e=$(psql -XAtq "$conn_e" -c "$table_size")
    size_f=$(psql -XAtq "$conn_f" -c "$table_size")
    r_e=$(ratio "${g_etl[11]}" "${g_etl[0]}") r_f=$(ratio "${g_flow[11]}" "${g_flow[0]}")
    echo "  month 12 / month 1: taxi-etl ${r_e}×, flow ${r_f}× (month 12 / month 2: taxi-etl $(ratio "${g_etl[11]}" "${g_etl[1]}")×, flow $(ratio "${g_flow[11]}" "${g_flow[1]}")×)"
    echo "  green_tripdata at the end: taxi-etl $size_e (partitions and index), flow $size_f"
    res "| month 12 / month 1 | ${r_e}× | ${r_f}× |"
    # month 1 goes into a table that does not exist yet (no index to keep up)
    res "| month 12 / month 2 | $(ratio "${g_etl[11]}" "${g_etl[1]}")× | $(ratio "${g_flow[11]}" "${g_flow[1]}")× |"
    res "" "Month 1 goes into a table that does not exist yet, month 2 into one that has a month. $(commas $((12 * green_rows))) rows at the end; green_tripdata then takes $size_e with taxi-etl (its partitions and their index on the pickup) and $size_f with the flow (no index)."
    drop_db "$db_e"
    drop_db "$db_f"
    growth_etl_1=${g_etl[0]} growth_etl_12=${g_etl[11]} growth_flow_12=${g_flow[11]}
    part_end "growth"
fi

# ---------------------------------------------------------------- scenario: reload
# body_gets TAXI MONTH: how many GETs of the month's body the HTTP server
# answered with 200 so far (a 304 or a HEAD sends none).
body_gets() {
    local name
    name="${1}_tripdata_2019-$(mm "$2")\.csv\.gz"
    grep -cE "^GET /storage/$1/$name(\?[^ ]*)? 200\$" "$work/http.log" || true
}
# reload_one WHAT [ARGS...]: loads green 2019-01 again into $CONN (ARGS go to
# taxi-etl); sets T, GETS (bodies the server sent) and BYTES (what
# taxi_etl.runs says the run downloaded).
GETS=0
BYTES=""
reload_one() {
    local what=$1 gets0 run0
    shift
    gets0=$(body_gets green 1)
    run0=$(psql -XAtq "$CONN" -c "SELECT coalesce(max(run_id), 0) FROM taxi_etl.runs")
    settle "$CONN"
    timed "taxi-etl green $what" etl_load green 1 "$CONN" "$@"
    GETS=$(($(body_gets green 1) - gets0))
    BYTES=$(psql -XAtq "$CONN" -c "SELECT coalesce(string_agg(coalesce(bytes_downloaded::text, '?'), '+' ORDER BY run_id), 'no run recorded') FROM taxi_etl.runs WHERE run_id > $run0")
    check_rows "$CONN" green_tripdata "$green_rows" "reload ($what)"
}
# delete_some CONN: deletes about 1% of green_tripdata, chosen by id (so
# repeated rows go together); prints how many.
delete_some() {
    psql -XAtq -v ON_ERROR_STOP=1 "$1" -c "WITH d AS (DELETE FROM green_tripdata WHERE ('x' || left(unique_row_id, 8))::bit(32)::int % 100 = 0 RETURNING 1) SELECT count(*) FROM d"
}

if on reload; then
    echo
    echo "== reload: green 2019-01 again, into a database that has it"
    part_begin
    if [ -z "${floor_median[green]-}" ]; then
        echo "  (the load scenario did not run: measuring the floor first)"
        run_floor_reps green "$green_reps"
    fi
    new_db
    settle "$CONN"
    timed "taxi-etl green first load" etl_load green 1 "$CONN"
    first=$T
    printf '  first load            %8s s\n' "$(secs "$first")"
    t_again=() t_verify=() t_lost=() gets_again=0 bytes_again=() lost_rows=()
    for ((i = 1; i <= green_reps; i++)); do
        reload_one "again (unchanged)"
        t_again+=("$T") gets_again=$((gets_again + GETS)) bytes_again+=("$BYTES")
        printf '  rep %d/%d  unchanged   %8s s  (bodies sent by the server: %d; bytes in taxi_etl.runs: %s)\n' \
            "$i" "$green_reps" "$(secs "$T")" "$GETS" "$BYTES"
        if ((has_verify)); then
            reload_one "again --verify" --verify
            t_verify+=("$T")
            printf '  rep %d/%d  --verify    %8s s\n' "$i" "$green_reps" "$(secs "$T")"
        fi
        lost_rows+=("$(delete_some "$CONN")")
        reload_one "after deleting ${lost_rows[-1]} rows"
        t_lost+=("$T")
        printf '  rep %d/%d  1%% deleted  %8s s  (%s rows put back)\n' "$i" "$green_reps" "$(secs "$T")" "${lost_rows[-1]}"
    done
    drop_db "$DB"
    mf=${floor_median[green]}
    reload_again=$(median "${t_again[@]}") reload_lost=$(median "${t_lost[@]}") reload_verify=""
    if ((has_verify)); then reload_verify=$(median "${t_verify[@]}"); fi
    reload_bytes=$(printf '%s, ' "${bytes_again[@]}")
    reload_bytes=${reload_bytes%, }
    echo "  unchanged (median) $(secs "$reload_again") s = $(ratio "$reload_again" "$mf")× floor ($(secs "$mf") s); bodies sent: $gets_again"
    res "" "### Loading green 2019-01 again (median of $green_reps)" ""
    res "| run | seconds | vs floor ($(secs "$mf") s) | notes |" "| --- | ---: | ---: | --- |"
    res "| first load, empty database | $(secs "$first") | $(ratio "$first" "$mf")× floor | |"
    res "| again, nothing changed | $(secs "$reload_again") | $(ratio "$reload_again" "$mf")× floor | bodies the server sent: $gets_again in $green_reps runs; taxi_etl.runs.bytes_downloaded: $reload_bytes |"
    if ((has_verify)); then
        res "| again with \`--verify\` | $(secs "$reload_verify") | $(ratio "$reload_verify" "$mf")× floor | every row compared |"
    else
        res "| again with \`--verify\` | n/a | n/a | binary has no --verify |"
    fi
    res "| again after deleting 1% of its rows | $(secs "$reload_lost") | $(ratio "$reload_lost" "$mf")× floor | $(printf '%s ' "${lost_rows[@]}")rows deleted (by id) before each run, all put back |"
    part_end "reload"
fi

# ---------------------------------------------------------------- scenario: jobs
if on jobs; then
    echo
    echo "== jobs: backfill of green 2019-01..2019-06, --jobs 1 and --jobs 2"
    part_begin
    t_j1=() t_j2=() rss_j1=() rss_j2=()
    for ((i = 1; i <= green_reps; i++)); do
        if ((i % 2)); then order=(1 2); else order=(2 1); fi
        for j in "${order[@]}"; do
            new_db
            settle "$CONN"
            timed "backfill --jobs $j" etl backfill --taxi green --from 2019-01 --to 2019-06 --jobs "$j" \
                --source-url "$url_template" --db "$CONN" --quiet "${etl_opts[@]}"
            check_rows "$CONN" green_tripdata $((6 * green_rows)) "backfill --jobs $j"
            drop_db "$DB"
            if ((j == 1)); then t_j1+=("$T") rss_j1+=("$RSS_KB"); else t_j2+=("$T") rss_j2+=("$RSS_KB"); fi
            printf '  rep %d/%d  --jobs %d  %8s s  (peak RSS %s MB)\n' "$i" "$green_reps" "$j" "$(secs "$T")" "$(mb "$RSS_KB")"
        done
    done
    m1=$(median "${t_j1[@]}") m2=$(median "${t_j2[@]}")
    r1=$(printf '%s\n' "${rss_j1[@]}" | sort -n | tail -n 1) r2=$(printf '%s\n' "${rss_j2[@]}" | sort -n | tail -n 1)
    echo "  --jobs 1 $(secs "$m1") s, --jobs 2 $(secs "$m2") s: jobs 1 / jobs 2 = $(ratio "$m1" "$m2")×"
    res "" "### Backfill of 6 green months (2019-01..2019-06) into an empty database (median of $green_reps)" ""
    res "| --jobs 1 | --jobs 2 | jobs 1 / jobs 2 | peak RSS (1 / 2) |" "| ---: | ---: | ---: | ---: |"
    res "| $(secs "$m1") s | $(secs "$m2") s | $(ratio "$m1" "$m2")× | $(mb "$r1") / $(mb "$r2") MB |"
    jobs_1=$m1 jobs_2=$m2
    part_end "jobs"
fi

write_targets
res "" "### Targets (issue 14), each a ratio within this run" ""
res "| # | target | measured | value | goal | result |" "| --- | --- | --- | ---: | --- | --- |"
cat "$work/targets.md" >>"$work/results.md"
if ((quick)); then
    res "" "--quick: a tenth of the rows, where fixed costs weigh much more: these verdicts check the script, not the targets."
fi
res "" "### Where the time went" "" "| part | seconds |" "| --- | ---: |"
for ((p = 0; p < ${#part_names[@]}; p++)); do res "| ${part_names[p]} | $(secs "${part_secs[p]}") |"; done
res "| whole run (from the data on) | $(secs "$(elapsed "$run_t0" "$(now)")") |"

# ---------------------------------------------------------------- results
res "" "Load average at the end: $(loadavg)."
if [ -n "$pg_tmp" ] && [ -f "$pg_tmp/server.log" ]; then
    # log_checkpoints is on by default since PostgreSQL 15
    ck_wal=$(grep -c 'checkpoint starting: wal' "$pg_tmp/server.log" || true)
    ck_time=$(grep -c 'checkpoint starting: time' "$pg_tmp/server.log" || true)
    res "PostgreSQL started $ck_wal checkpoints because of WAL volume (max_wal_size) and $ck_time on checkpoint_timeout during the runs (besides the benchmark's own between runs)."
fi
finished=1
{
    echo
    echo "=== results (Markdown) ==="
    echo
    cat "$work/header.md"
    cat "$work/results.md"
} | tee "$bench_dir/logs/run-$stamp.md"
