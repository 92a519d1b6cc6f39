#!/usr/bin/env bash
# Compares our node with a real redis-server on loopback, in one run, and prints a table
# of throughput, latency, load time and memory against the performance targets.
# Not part of the test suite: it is slow and wants a quiet machine. See docs/performance.md.
#
# Environment (all optional):
#   P1, P2        ports for our node and for redis-server (16501, 16502)
#   N             requests per test at -P 1 (200000)
#   N_PIPELINE    requests per test at -P 16 (5 * N, so 1000000 by default)
#   N_C1000       requests per test with 1000 clients (N)
#   WARMUP_N      requests per command of the discarded warm-up of both servers (N)
#   CLIENTS       clients for the main tests (50)
#   RANDOM_KEYS   keyspace size given to redis-benchmark -r (100000)
#   RUNS          repetitions; figures are the median of the runs (3)
#   KEYS          string keys loaded for the memory test (1000000)
#   HASHES        10-field hashes loaded for the memory test (100000)
#   STRICT=0      exit 0 even when a target is missed (default: exit 1 when any is missed)
#   JAVA_OPTS     passed to our node's JVM
#   MVN_ARGS      extra Maven arguments for the build when the jar is missing (e.g. -o)
set -Eeuo pipefail
trap 'echo "bench-node: stopped by a failing command at line $LINENO: $BASH_COMMAND" >&2' ERR

P1=${P1:-16501}
P2=${P2:-16502}
N=${N:-200000}
N_PIPELINE=${N_PIPELINE:-$((N * 5))}
N_C1000=${N_C1000:-$N}
WARMUP_N=${WARMUP_N:-$N}
CLIENTS=${CLIENTS:-50}
RANDOM_KEYS=${RANDOM_KEYS:-100000}
RUNS=${RUNS:-3}
KEYS=${KEYS:-1000000}
HASHES=${HASHES:-100000}
STRICT=${STRICT:-1}
HOST=127.0.0.1

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/bench-lib.sh
source "$root/scripts/lib/bench-lib.sh"
bench_init

start_servers() {
  port_busy "$P1" && die "port $P1 is already in use (set P1)"
  port_busy "$P2" && die "port $P2 is already in use (set P2)"
  # The launcher execs java, so $! is the JVM; JAVA_OPTS reaches it through the environment.
  "$root/redis-node/bin/redis-node" --port "$P1" --management-port -1 --save "" >"$tmp/ours.log" 2>&1 &
  ours_pid=$!
  redis-server --port "$P2" --save '' --appendonly no --dir "$tmp" >"$tmp/redis.log" 2>&1 &
  redis_pid=$!
  wait_ping "$P1" "$ours_pid" ours
  wait_ping "$P2" "$redis_pid" redis
  local reported
  reported=$(info_field "$P1" process_id)
  [ -z "$reported" ] || [ "$reported" = "$ours_pid" ] || log "note: our node reports process_id $reported, launcher pid $ours_pid; using $reported"
  ours_pid=${reported:-$ours_pid}
}

prepare

# --- results store: values per figure and server, one per run --------------------------

declare -A VALS=()
add_val() { VALS["$1|$2"]="${VALS["$1|$2"]:-} $3"; }   # figure server value

fig() { median "${VALS["$1|$2"]:-}"; }

# Runs redis-benchmark and stores rps/p50/p99 under "$label"; prints nothing.
# Returns non-zero when redis-benchmark failed or printed an error.
bench() {
  local server=$1 label=$2 n=$3 pipeline=$4 clients=$5
  shift 5
  local port=$P1 out err row
  [ "$server" = redis ] && port=$P2
  out="$tmp/bench.csv"
  err="$tmp/bench.err"
  local rc=0
  redis-benchmark -h "$HOST" -p "$port" -c "$clients" -n "$n" -P "$pipeline" -r "$RANDOM_KEYS" \
    --csv "$@" >"$out" 2>"$err" || rc=$?
  # Our node does not answer CONFIG GET save/appendonly like Redis; that warning is harmless.
  if grep -v 'Could not fetch server CONFIG' "$err" | grep -qiE 'error|could not connect|reset by peer'; then
    rc=1
  fi
  row=$(grep -v '^"test"' "$out" | head -n 1 | tr -d '"') || true
  if [ -n "$row" ]; then
    # columns: test,rps,avg,min,p50,p95,p99,max; the test name of a custom command has no comma
    add_val "$label rps" "$server" "$(cut -d, -f2 <<<"$row")"
    add_val "$label p50 ms" "$server" "$(cut -d, -f5 <<<"$row")"
    add_val "$label p99 ms" "$server" "$(cut -d, -f7 <<<"$row")"
  else
    rc=1
    add_val "$label rps" "$server" error
    add_val "$label p50 ms" "$server" error
    add_val "$label p99 ms" "$server" error
  fi
  if [ "$rc" != 0 ]; then
    log "  redis-benchmark against $server ($label) reported a problem:"
    grep -v 'Could not fetch server CONFIG' "$err" | head -n 5 >&2 || true
  fi
  return "$rc"
}

bench_cmd() {  # server label n pipeline clients test
  local test=$6
  if [ "$test" = zadd ]; then
    bench "$1" "$2" "$3" "$4" "$5" zadd myzset __rand_int__ member:__rand_int__
  else
    bench "$1" "$2" "$3" "$4" "$5" -t "$test"
  fi
}

# --- header -----------------------------------------------------------------------------

start_servers
ours_version=$(info_field "$P1" redis_version)
redis_version=$(info_field "$P2" redis_version)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
[ -n "$cpu" ] || cpu=$(lscpu 2>/dev/null | awk -F': *' '/^Model name/ { print $2; exit }')
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

echo "== bench-node: our node vs redis-server on loopback =="
echo "date:        $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine:     $(nproc) CPUs, ${cpu:-unknown CPU}, $(awk '/^MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
echo "jdk:         $("$java" -version 2>&1 | head -n 1)"
echo "             $("$java" -version 2>&1 | sed -n 3p)"
echo "JAVA_OPTS:   ${JAVA_OPTS:-(none)}"
echo "ours:        redis-node commit $commit (reports redis_version $ours_version), port $P1, pid $ours_pid"
echo "redis:       redis-server $redis_version ($(redis-server --version | cut -d' ' -f5)), port $P2, pid $redis_pid"
echo "benchmark:   $(redis-benchmark --version 2>/dev/null || echo redis-benchmark)"
echo "settings:    N=$N N_PIPELINE=$N_PIPELINE N_C1000=$N_C1000 CLIENTS=$CLIENTS RANDOM_KEYS=$RANDOM_KEYS RUNS=$RUNS KEYS=$KEYS HASHES=$HASHES"
echo

# --- throughput and latency -------------------------------------------------------------

TESTS="set get incr lpush lpop sadd hset zadd"

# The JIT compiles each command's path the first time it runs hot, so every tested command is
# run once (at -P 16, then -P 1) before anything is measured. Both servers get the same
# warm-up and a FLUSHALL after it; Redis needs none, but it costs it nothing either.
log "warm-up: every tested command against both servers ($WARMUP_N requests each at -P 16 and -P 1, results discarded)"
echo "warm-up:     every tested command against both servers ($WARMUP_N requests each at -P 16 and -P 1); results discarded"
for port in "$P1" "$P2"; do
  for pipeline in 16 1; do
    redis-benchmark -h "$HOST" -p "$port" -c "$CLIENTS" -n "$WARMUP_N" -P "$pipeline" -r "$RANDOM_KEYS" \
      -t "${TESTS// /,}" -q >/dev/null 2>&1 || true
    redis-benchmark -h "$HOST" -p "$port" -c "$CLIENTS" -n "$WARMUP_N" -P "$pipeline" -r "$RANDOM_KEYS" \
      -q zadd myzset __rand_int__ member:__rand_int__ >/dev/null 2>&1 || true
  done
  redis-cli -h "$HOST" -p "$port" flushall >/dev/null
done

declare -A C1000_ERR=([ours]=no [redis]=no)
for run in $(seq 1 "$RUNS"); do
  step=0
  for pipeline in 1 16; do
    n=$N
    [ "$pipeline" = 16 ] && n=$N_PIPELINE
    for t in $TESTS; do
      # Alternate who goes first, across tests and across runs, so drift hits both sides.
      step=$((step + 1))
      order=$(run_order $((step + run)))
      label="$(tr '[:lower:]' '[:upper:]' <<<"$t") -P$pipeline"
      log "run $run/$RUNS: $label ($order)"
      for s in $order; do bench_cmd "$s" "$label" "$n" "$pipeline" "$CLIENTS" "$t" || true; done
    done
  done
  for t in set get; do
    step=$((step + 1))
    order=$(run_order $((step + run)))
    label="$(tr '[:lower:]' '[:upper:]' <<<"$t") -c1000"
    log "run $run/$RUNS: $label ($order)"
    for s in $order; do
      bench_cmd "$s" "$label" "$N_C1000" 1 1000 "$t" || C1000_ERR[$s]=yes
    done
  done
done

# --- memory and bulk load ---------------------------------------------------------------

log "generating RESP files ($KEYS strings, $HASHES hashes)..."
gen_strings "$KEYS" "$tmp/strings.resp"
awk -v n="$HASHES" 'BEGIN {
  for (i = 0; i < n; i++) {
    k = sprintf("h:%06d", i)
    printf "*22\r\n$4\r\nHSET\r\n$%d\r\n%s\r\n", length(k), k
    for (j = 0; j < 10; j++) printf "$2\r\nf%d\r\n$2\r\nv%d\r\n", j, j
  }
}' >"$tmp/hashes.resp"

# Loads a RESP file into one server, records the elapsed time and then the RSS.
load_and_measure() {
  local server=$1 file=$2 label=$3 expect=$4 port=$P1 pid=$ours_pid t0 t1 out size
  if [ "$server" = redis ]; then port=$P2; pid=$redis_pid; fi
  t0=$(now)
  out=$(redis-cli -h "$HOST" -p "$port" --pipe <"$file" 2>&1) || log "  redis-cli --pipe into $server failed"
  t1=$(now)
  grep -q 'errors: 0,' <<<"$out" || log "  $server: $(tail -n 1 <<<"$out")"
  size=$(redis-cli -h "$HOST" -p "$port" dbsize)
  [ "$size" = "$expect" ] || log "  $server: DBSIZE $size after loading $label, expected $expect"
  add_val "$label load s" "$server" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
  redis-cli -h "$HOST" -p "$port" ping >/dev/null
  sleep 2
  add_val "$label RSS MB" "$server" "$(awk -v k="$(rss_kb "$pid")" 'BEGIN { printf "%.1f", k / 1024 }')"
}

# Fresh processes for each data set and run, so RSS is not inflated by what earlier tests
# allocated (a JVM keeps its grown heap, and jemalloc keeps some pages, after FLUSHALL).
for run in $(seq 1 "$RUNS"); do
  for dataset in strings hashes; do
    stop_servers
    start_servers
    if [ "$dataset" = strings ]; then label="$KEYS keys"; expect=$KEYS; else label="$HASHES hashes"; expect=$HASHES; fi
    log "run $run/$RUNS: memory: loading $label with redis-cli --pipe into fresh servers"
    for s in ours redis; do
      load_and_measure "$s" "$tmp/$dataset.resp" "$label" "$expect"
    done
  done
done
stop_servers

# --- table ------------------------------------------------------------------------------

misses=0
row() {  # figure target(op:threshold or empty)
  local figure=$1 target=${2:-} o r ratio verdict="" shown=""
  o=$(fig "$figure" ours)
  r=$(fig "$figure" redis)
  ratio=$(awk -v o="$o" -v r="$r" 'BEGIN { if (o !~ /^[0-9.]+$/ || r !~ /^[0-9.]+$/ || r + 0 == 0) print "n/a"; else printf "%.2f", o / r }')
  if [ -n "$target" ]; then
    shown="${target%%:*} ${target#*:}"
    if awk -v x="$ratio" -v op="${target%%:*}" -v t="${target#*:}" 'BEGIN {
         if (x == "n/a") exit 1
         exit !((op == ">=" && x + 0 >= t + 0) || (op == "<=" && x + 0 <= t + 0)) }'; then
      verdict=PASS
    else
      verdict=MISS; misses=$((misses + 1))
    fi
  fi
  printf '%-26s %12s %12s %7s   %-7s %s\n' "$figure" "$o" "$r" "$ratio" "$shown" "$verdict"
}

echo
printf '%-26s %12s %12s %7s   %-7s %s\n' figure ours redis ratio target result
printf '%-26s %12s %12s %7s   %-7s %s\n' ------ ---- ----- ----- ------ ------
for pipeline in 1 16; do
  for t in $TESTS; do
    T=$(tr '[:lower:]' '[:upper:]' <<<"$t")
    label="$T -P$pipeline"
    case "$T:$pipeline" in
      SET:*|GET:*) row "$label rps" ">=:1.0" ;;
      *:1)         row "$label rps" ">=:0.9" ;;
      *)           row "$label rps" ;;
    esac
    row "$label p50 ms"
    case "$T:$pipeline" in
      SET:1|GET:1) row "$label p99 ms" "<=:1.0" ;;
      *)           row "$label p99 ms" ;;
    esac
  done
done
for t in SET GET; do row "$t -c1000 rps" ">=:0.9"; done
verdict=PASS
if [ "${C1000_ERR[ours]}" = yes ]; then verdict=MISS; misses=$((misses + 1)); fi
printf '%-26s %12s %12s %7s   %-7s %s\n' "-c1000 errors" "${C1000_ERR[ours]}" "${C1000_ERR[redis]}" "" "none" "$verdict"
row "$KEYS keys load s" "<=:1.5"
row "$KEYS keys RSS MB" "<=:1.5"
row "$HASHES hashes load s"
row "$HASHES hashes RSS MB" "<=:1.5"
echo
echo "ratio = ours / redis. Figures are the median of $RUNS run(s); latencies in ms, RSS in MiB."
# The spread tells a real gap from the machine's noise: each run's ratio, in run order.
if [ "$RUNS" -gt 1 ]; then
  echo
  echo "ratio in each run (ours/redis of the same run), and their median; the verdicts above use"
  echo "the ratio of the medians, which two noisy runs of one server can move alone:"
  for f in "SET -P1 rps" "GET -P1 rps" "SET -P1 p99 ms" "GET -P1 p99 ms" "SET -P16 rps" "GET -P16 rps" \
           "INCR -P1 rps" "LPUSH -P1 rps" "LPOP -P1 rps" "SADD -P1 rps" "HSET -P1 rps" "ZADD -P1 rps" \
           "SET -c1000 rps" "GET -c1000 rps"; do
    # shellcheck disable=SC2086 # the value lists are split on purpose
    printf '  %-22s %s\n' "$f" "$(paste -d' ' <(printf '%s\n' ${VALS["$f|ours"]:-}) <(printf '%s\n' ${VALS["$f|redis"]:-}) |
      awk '$1 ~ /^[0-9.]+$/ && $2 ~ /^[0-9.]+$/ && $2 > 0 { r[++n] = sprintf("%.2f", $1 / $2); printf "%s ", r[n]; next }
           { printf "n/a " }
           END {
             if (n == 0) exit
             for (i = 2; i <= n; i++) for (j = i; j > 1 && r[j - 1] + 0 > r[j] + 0; j--) { t = r[j]; r[j] = r[j - 1]; r[j - 1] = t }
             printf "  (median %s)", n % 2 ? r[(n + 1) / 2] : sprintf("%.2f", (r[n / 2] + r[n / 2 + 1]) / 2) }')"
  done
fi
if [ "$misses" = 0 ]; then echo "all targets met"; else echo "$misses target(s) missed"; fi

if [ "$STRICT" != 0 ] && [ "$misses" != 0 ]; then exit 1; fi
exit 0
