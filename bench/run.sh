#!/usr/bin/env bash
# taxi-etl benchmark: taxi-etl against a plain COPY (the floor) and against the
# course's flow (tests/course_flow/*.sql), on generated months served over
# 127.0.0.1 the way GitHub serves the real ones. See bench/README.md.
#
#     bash bench/run.sh [--quick] [--reps N] [--db CONNINFO]
#                       [--scenarios load,growth,reload,jobs]
#
# Without --db it starts a throwaway PostgreSQL cluster of its own (default
# settings, unix socket only), removed at the end, also on failure or Ctrl-C.
set -Eeuo pipefail

usage() {
    cat <<'EOF'
usage: bash bench/run.sh [--quick] [--reps N] [--db CONNINFO] [--scenarios LIST]

  --quick            every month has a tenth of the rows (fast iterations)
  --reps N           repetitions of each measurement (default: 3 for green,
                     1 for yellow, whose months are 12 times larger)
  --db CONNINFO      use this PostgreSQL (conninfo or postgresql:// URI; the
                     role needs CREATEDB) instead of a throwaway cluster;
                     each run gets a database of its own, dropped after it
  --scenarios LIST   comma-separated, from load,growth,reload,jobs (default all)
  -h, --help         this help

Environment: BENCH_DIR (default /tmp/taxi-etl-bench) keeps the generated
months (reused across runs) and the logs; PG_BIN overrides the directory of
initdb and pg_ctl (default /usr/lib/postgresql/15/bin).
EOF
}

# ---------------------------------------------------------------- options
quick=0
reps=""
db_base=""
scenarios="load,growth,reload,jobs"
while (($#)); do
    case $1 in
        --quick) quick=1 ;;
        --reps) reps=${2-}; shift ;;
        --reps=*) reps=${1#*=} ;;
        --db) db_base=${2-}; shift ;;
        --db=*) db_base=${1#*=} ;;
        --scenarios) scenarios=${2-}; shift ;;
        --scenarios=*) scenarios=${1#*=} ;;
        -h | --help) usage; exit 0 ;;
        *) echo "bench: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
if [ -n "$reps" ] && ! [[ $reps =~ ^[1-9][0-9]*$ ]]; then
    echo "bench: --reps must be a positive integer, not '$reps'" >&2
    exit 2
fi
declare -A want=()
IFS=, read -r -a scenario_list <<<"$scenarios"
for s in "${scenario_list[@]}"; do
    case $s in
        load | growth | reload | jobs) want[$s]=1 ;;
        *) echo "bench: unknown scenario '$s' (load, growth, reload, jobs)" >&2; exit 2 ;;
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
taxi_etl=$repo/build/taxi-etl
gen=$repo/build/tests/taxi-etl-gen

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

# timed WHAT CMD...: runs CMD (output to the log only), sets T to its wall
# seconds, and stops the benchmark if it fails.
T=0
timed() {
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
    if ((rc != 0)); then
        tail -n 20 "$out"
        die "$what failed (exit $rc)"
    fi
}

# ---------------------------------------------------------------- prerequisites
need=()
command -v curl >/dev/null || need+=(curl)
command -v wget >/dev/null || need+=(wget)
[ -x /usr/bin/time ] || need+=(time)
command -v gunzip >/dev/null || need+=(gzip)
command -v python3 >/dev/null || need+=(python3)
command -v psql >/dev/null && command -v createdb >/dev/null || need+=(postgresql-client)
[ -n "$db_base" ] || [ -n "${PG_BIN:-}" ] || [ -x "$pg_bin/initdb" ] || need+=(postgresql-15)
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
    echo "- scenarios: ${scenario_list[*]}; repetitions: green $green_reps, yellow $yellow_reps"
} >"$work/header.md"
cat "$work/header.md"
echo
echo "log: $log"

# ---------------------------------------------------------------- generate and serve
echo
echo "== data ($data_root)"
month_file green 1 "$green_rows" 1
for ((m = 2; m <= green_months; m++)); do month_file green "$m" "$green_rows" "$m"; done
on load && month_file yellow 1 "$yellow_rows" 1

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

# (3) taxi-etl; /usr/bin/time gives its peak RSS (RSS_KB).
RSS_KB=0
etl() { # ARGS...
    redact "\$ /usr/bin/time -f '%e %M' taxi-etl $*"
    /usr/bin/time -f '%e %M' -o "$work/time.out" "$taxi_etl" "$@" || return
    cat "$work/time.out"
    RSS_KB=$(tail -n 1 "$work/time.out" | awk '{ print $2 }')
}
etl_load() { # TAXI MONTH CONN
    etl load --taxi "$1" --year 2019 --month "$(mm "$2")" --source-url "$url_template" --db "$3" --quiet
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
if on load; then
    echo
    echo "== load: one month into an empty database"
    res "" "### One month into an empty database" ""
    res "| month | rows | runs | floor: curl \| gunzip \| psql \\copy | course flow | taxi-etl | taxi-etl vs floor | flow / taxi-etl | taxi-etl peak RSS |"
    res "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for taxi in green yellow; do
        if [ "$taxi" = green ]; then n=$green_reps rows=$green_rows; else n=$yellow_reps rows=$yellow_rows; fi
        gzip -dc "$data_root/$taxi/${taxi}_tripdata_2019-01.csv.gz" >/dev/null # into the page cache
        t_floor=() t_flow=() t_etl=() rss=() dl=()
        contenders=(floor flow etl)
        declare -A label=([floor]=floor [flow]=flow [etl]=taxi-etl)
        for ((i = 1; i <= n; i++)); do
            # rotate the order each repetition: no contender always goes first
            k=$(((i - 1) % 3))
            order=("${contenders[@]:k}" "${contenders[@]:0:k}")
            for c in "${order[@]}"; do
                new_db
                case $c in
                    floor)
                        floor_prepare "$taxi" "$CONN"
                        settle "$CONN"
                        timed "floor $taxi" floor_run "$taxi" 1 "$CONN"
                        check_rows "$CONN" "floor_$taxi" "$rows" "floor"
                        t_floor+=("$T") extra=""
                        ;;
                    flow)
                        settle "$CONN"
                        timed "flow $taxi" flow_run "$taxi" 1 "$CONN"
                        check_rows "$CONN" "${taxi}_tripdata" "$rows" "flow"
                        t_flow+=("$T") dl+=("$FLOW_DL") extra="  (download+gunzip to disk $(secs "$FLOW_DL") s)"
                        ;;
                    etl)
                        settle "$CONN"
                        timed "taxi-etl $taxi" etl_load "$taxi" 1 "$CONN"
                        check_rows "$CONN" "${taxi}_tripdata" "$rows" "taxi-etl"
                        t_etl+=("$T") rss+=("$RSS_KB") extra="  (peak RSS $(mb "$RSS_KB") MB)"
                        ;;
                esac
                drop_db "$DB"
                printf '  %-7s rep %d/%d  %-8s  %8s s%s\n' "$taxi" "$i" "$n" "${label[$c]}" "$(secs "$T")" "$extra"
            done
        done
        mf=$(median "${t_floor[@]}") mc=$(median "${t_flow[@]}") me=$(median "${t_etl[@]}")
        floor_median[$taxi]=$mf
        rss_max=$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)
        vs_floor="$(ratio "$me" "$mf")× floor"
        speed=$(ratio "$mc" "$me" "%.1f")
        if awk -v a="$mc" -v b="$me" 'BEGIN { exit !(a >= b) }'; then
            speed="$speed× faster"
        else
            speed="$speed× (taxi-etl is slower)"
        fi
        printf '  %s: floor %s s, flow %s s, taxi-etl %s s (medians): %s, flow/taxi-etl = %s, taxi-etl peak RSS %s MB\n' \
            "$taxi" "$(secs "$mf")" "$(secs "$mc")" "$(secs "$me")" "$vs_floor" "$speed" "$(mb "$rss_max")"
        res "| $taxi 2019-01 | $(commas "$rows") | $n | $(secs "$mf") s | $(secs "$mc") s | $(secs "$me") s | $vs_floor | $speed | $(mb "$rss_max") MB |"
        flow_dl_note+="${flow_dl_note:+, }$taxi $(secs "$(median "${dl[@]}")") s"
    done
    res "" "Medians of wall-clock seconds, each run into a fresh empty database. Floor: an UNLOGGED table, no ids, no merge (a lower bound, not a contender). Course flow: \`wget | gunzip\` to a file on disk (of which the download: ${flow_dl_note}), then \`tests/course_flow/<taxi>.sql\` (COPY into staging, UPDATE the ids, MERGE). taxi-etl: \`taxi-etl load\`; peak RSS by \`/usr/bin/time\` (largest of the runs)."
fi

# ---------------------------------------------------------------- scenario: growth
if on growth; then
    echo
    echo "== growth: 12 green months, one after another, into one database"
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
    size_e=$(psql -XAtq "$conn_e" -c "SELECT pg_size_pretty(pg_total_relation_size('green_tripdata'))")
    size_f=$(psql -XAtq "$conn_f" -c "SELECT pg_size_pretty(pg_total_relation_size('green_tripdata'))")
    r_e=$(ratio "${g_etl[11]}" "${g_etl[0]}") r_f=$(ratio "${g_flow[11]}" "${g_flow[0]}")
    echo "  month 12 / month 1: taxi-etl ${r_e}×, flow ${r_f}× (month 12 / month 2: taxi-etl $(ratio "${g_etl[11]}" "${g_etl[1]}")×, flow $(ratio "${g_flow[11]}" "${g_flow[1]}")×)"
    echo "  green_tripdata at the end: taxi-etl $size_e (with its index), flow $size_f"
    res "| month 12 / month 1 | ${r_e}× | ${r_f}× |"
    # month 1 goes into a table that does not exist yet (no index to keep up)
    res "| month 12 / month 2 | $(ratio "${g_etl[11]}" "${g_etl[1]}")× | $(ratio "${g_flow[11]}" "${g_flow[1]}")× |"
    res "" "Month 1 goes into a table that does not exist yet, month 2 into one that has a month. $(commas $((12 * green_rows))) rows at the end; green_tripdata then takes $size_e with taxi-etl (table and its index on (pickup, unique_row_id)) and $size_f with the flow (no index)."
    drop_db "$db_e"
    drop_db "$db_f"
fi

# ---------------------------------------------------------------- scenario: reload
if on reload; then
    echo
    echo "== reload: green 2019-01 again, into a database that has it"
    if [ -z "${floor_median[green]-}" ]; then
        echo "  (the load scenario did not run: measuring the floor first)"
        run_floor_reps green "$green_reps"
    fi
    new_db
    settle "$CONN"
    timed "taxi-etl green first load" etl_load green 1 "$CONN"
    first=$T
    printf '  first load        %8s s\n' "$(secs "$first")"
    t_again=()
    for ((i = 1; i <= green_reps; i++)); do
        settle "$CONN"
        timed "taxi-etl green again" etl_load green 1 "$CONN"
        t_again+=("$T")
        printf '  again rep %d/%d     %8s s\n' "$i" "$green_reps" "$(secs "$T")"
    done
    check_rows "$CONN" green_tripdata "$green_rows" "reload"
    drop_db "$DB"
    ma=$(median "${t_again[@]}")
    mf=${floor_median[green]}
    echo "  again (median) $(secs "$ma") s = $(ratio "$ma" "$mf")× floor ($(secs "$mf") s)"
    res "" "### Loading green 2019-01 again (nothing to insert)" ""
    res "| run | seconds | vs floor ($(secs "$mf") s) |" "| --- | ---: | ---: |"
    res "| first load, empty database | $(secs "$first") | $(ratio "$first" "$mf")× floor |"
    res "| again (median of $green_reps) | $(secs "$ma") | $(ratio "$ma" "$mf")× floor |"
fi

# ---------------------------------------------------------------- scenario: jobs
if on jobs; then
    echo
    echo "== jobs: backfill of green 2019-01..2019-06, --jobs 1 and --jobs 2"
    t_j1=() t_j2=() rss_j1=() rss_j2=()
    for ((i = 1; i <= green_reps; i++)); do
        if ((i % 2)); then order=(1 2); else order=(2 1); fi
        for j in "${order[@]}"; do
            new_db
            settle "$CONN"
            timed "backfill --jobs $j" etl backfill --taxi green --from 2019-01 --to 2019-06 --jobs "$j" \
                --source-url "$url_template" --db "$CONN" --quiet
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
fi

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
