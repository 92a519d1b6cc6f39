#!/usr/bin/env bash
# Persistence figures, ours against a real redis-server in the same run: time to SAVE and to
# load 1M keys, the dump size ratio, and SET throughput with appendfsync everysec and always.
# Not part of the test suite; wants a quiet machine.
#
# Environment (all optional): P1, P2 (ports, 16511/16512), KEYS (1000000), N (requests per
# AOF throughput test, 100000), RUNS (AOF throughput tests per policy and server, the median
# is reported, 3), WARMUP_N (requests of the discarded warm-up, 300000: three times the 100k
# keys of -r 100000, so that the runs overwrite keys rather than create them), CLIENTS (50),
# JAVA_OPTS, MVN_ARGS.
set -Eeuo pipefail
trap 'echo "bench-persistence: stopped by a failing command at line $LINENO: $BASH_COMMAND" >&2' ERR

P1=${P1:-16511}
P2=${P2:-16512}
KEYS=${KEYS:-1000000}
N=${N:-100000}
RUNS=${RUNS:-3}
WARMUP_N=${WARMUP_N:-300000}
CLIENTS=${CLIENTS:-50}
HOST=127.0.0.1

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/bench-lib.sh
source "$root/scripts/lib/bench-lib.sh"
bench_init

# start_servers <extra options for both>: each server in its own directory with its own log.
start_servers() {
  port_busy "$P1" && die "port $P1 is already in use (set P1)"
  port_busy "$P2" && die "port $P2 is already in use (set P2)"
  mkdir -p "$tmp/ours" "$tmp/redis"
  "$root/redis-node/bin/redis-node" --port "$P1" --management-port -1 --dir "$tmp/ours" \
    --logfile "$tmp/ours/node.log" "$@" >"$tmp/ours.log" 2>&1 &
  ours_pid=$!
  redis-server --port "$P2" --dir "$tmp/redis" --logfile "$tmp/redis/node.log" "$@" >"$tmp/redis.log" 2>&1 &
  redis_pid=$!
  wait_ping "$P1" "$ours_pid" ours
  wait_ping "$P2" "$redis_pid" redis
}


prepare
gen_strings "$KEYS" "$tmp/strings.resp"

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
echo "== bench-persistence: our node vs redis-server =="
echo "date:      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine:   $(nproc) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
echo "jdk:       $("$java" -version 2>&1 | head -n 1), JAVA_OPTS=${JAVA_OPTS:-(none)}"
echo "redis:     $(redis-server --version)"
echo "settings:  KEYS=$KEYS N=$N RUNS=$RUNS WARMUP_N=$WARMUP_N CLIENTS=$CLIENTS"
echo

declare -A R=()

# --- SAVE and load of the same 1M keys ---------------------------------------------------
start_servers --save ""
aof_supported=yes
[ -n "$(redis-cli -h "$HOST" -p "$P1" config get appendonly | tail -n 1)" ] || aof_supported=no
for s in ours redis; do
  port=$(port_of $s)
  redis-cli -h "$HOST" -p "$port" --pipe <"$tmp/strings.resp" >/dev/null
  [ "$(redis-cli -h "$HOST" -p "$port" dbsize)" = "$KEYS" ] || die "$s did not load $KEYS keys"
  t0=$(now)
  [ "$(redis-cli -h "$HOST" -p "$port" save)" = OK ] || die "SAVE failed on $s"
  R["save s|$s"]=$(elapsed "$t0" "$(now)")
  R["dump MB|$s"]=$(awk -v b="$(stat -c %s "$tmp/$s/dump.rdb")" 'BEGIN { printf "%.1f", b / 1048576 }')
done
stop_servers

# Loading is timed by each server itself: both log "DB loaded from disk: <seconds> seconds".
start_servers --save ""
for s in ours redis; do
  port=$(port_of $s)
  [ "$(redis-cli -h "$HOST" -p "$port" dbsize)" = "$KEYS" ] || die "$s did not load its dump"
  R["load s|$s"]=$(grep -o 'DB loaded from disk: [0-9.]* seconds' "$tmp/$s/node.log" | tail -n 1 | awk '{ print $5 }')
done
stop_servers

# --- AOF write throughput ----------------------------------------------------------------
for policy in everysec always; do
  [ "$aof_supported" = yes ] || break
  rm -rf "$tmp/ours" "$tmp/redis"
  start_servers --save "" --appendonly yes --appendfsync "$policy"
  # Our node's first requests run before the JIT has compiled the write path: warm both up.
  for s in ours redis; do
    redis-benchmark -h "$HOST" -p "$(port_of $s)" -c "$CLIENTS" -n "$WARMUP_N" -r 100000 -t set -q >/dev/null 2>&1
  done
  declare -A rps=() p99=()
  for run in $(seq 1 "$RUNS"); do
    for s in $(run_order "$run"); do
      row=$(redis-benchmark -h "$HOST" -p "$(port_of $s)" -c "$CLIENTS" -n "$N" -r 100000 -t set --csv 2>/dev/null \
        | grep -v '^"test"' | head -n 1 | tr -d '"')
      rps[$s]="${rps[$s]:-} $(cut -d, -f2 <<<"$row")"
      p99[$s]="${p99[$s]:-} $(cut -d, -f7 <<<"$row")"
    done
  done
  for s in ours redis; do
    R["SET rps appendfsync $policy|$s"]=$(median "${rps[$s]}")
    R["SET p99 ms appendfsync $policy|$s"]=$(median "${p99[$s]}")
  done
  stop_servers
done

# --- table --------------------------------------------------------------------------------
printf '%-34s %12s %12s %8s\n' figure ours redis ratio
for f in "save s" "load s" "dump MB" "SET rps appendfsync everysec" "SET p99 ms appendfsync everysec" \
         "SET rps appendfsync always" "SET p99 ms appendfsync always"; do
  o=${R["$f|ours"]:-n/a}
  r=${R["$f|redis"]:-n/a}
  ratio=$(awk -v o="$o" -v r="$r" 'BEGIN { if (o + 0 > 0 && r + 0 > 0) printf "%.2f", o / r; else print "n/a" }')
  printf '%-34s %12s %12s %8s\n' "$f" "$o" "$r" "$ratio"
done
[ "$aof_supported" = yes ] || echo "(our node does not support appendonly yet: AOF rows are n/a)"
