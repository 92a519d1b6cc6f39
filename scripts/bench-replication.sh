#!/usr/bin/env bash
# Replication figures, our node vs a real redis-server, in one run on loopback: each side is a
# master and a replica of its own kind. Prints a table with the ratio ours/redis.
#   (a) full sync: KEYS string keys ("key:%08d", 16-byte values, loaded with redis-cli --pipe),
#       time from REPLICAOF to master_link_status:up on the replica;
#   (b) replication lag under redis-benchmark -t set -P 16: master_repl_offset minus the
#       replica's slave_repl_offset, sampled every 100 ms (median and max, in bytes);
#   (c) partial resync after a 5-second link cut during a write load: the replica is pointed
#       at a dead port (it keeps its cached master, as REPLICAOF does) and back; the figure is
#       the master's offset at reconnection minus the replica's offset at the cut, with a check
#       that the master answered +CONTINUE (sync_partial_ok rose, sync_full did not).
# Not part of the test suite: it is slow and wants a quiet machine.
#
# Environment (all optional):
#   PORT_BASE     four ports from here: our master, our replica, redis master, redis replica (16520)
#   KEYS          keys loaded before the full sync (1000000)
#   LAG_N         SET requests of the lag load (1000000)
#   CUT_SECONDS   length of the link cut (5)
#   BACKLOG       repl-backlog-size of both masters, to hold the cut's writes (256mb)
#   JAVA_OPTS     passed to our node's JVM
#   MVN_ARGS      extra Maven arguments for the build when the jar is missing (e.g. -o)
set -Eeuo pipefail
trap 'echo "bench-replication: stopped by a failing command at line $LINENO: $BASH_COMMAND" >&2' ERR

PORT_BASE=${PORT_BASE:-16520}
KEYS=${KEYS:-1000000}
LAG_N=${LAG_N:-1000000}
CUT_SECONDS=${CUT_SECONDS:-5}
BACKLOG=${BACKLOG:-256mb}
HOST=127.0.0.1

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/bench-lib.sh
source "$root/scripts/lib/bench-lib.sh"
bench_init
ours_replica_pid=""
redis_replica_pid=""

# shellcheck disable=SC2317 # called through the trap
cleanup_all() {
  stop_pid "$ours_replica_pid"
  stop_pid "$redis_replica_pid"
  cleanup
}
trap cleanup_all EXIT

# Ports per side: master and replica.
declare -A MPORT=([ours]=$PORT_BASE [redis]=$((PORT_BASE + 2)))
declare -A RPORT=([ours]=$((PORT_BASE + 1)) [redis]=$((PORT_BASE + 3)))
DEAD_PORT=$((PORT_BASE + 4))

repl_field() {  # port field
  { redis-cli -h "$HOST" -p "$1" info replication || true; } | tr -d '\r' | awk -F: -v f="$2" '$1 == f { print $2 }'
}
stats_field() {  # port field
  { redis-cli -h "$HOST" -p "$1" info stats || true; } | tr -d '\r' | awk -F: -v f="$2" '$1 == f { print $2 }'
}

start_ours() {  # name port dir
  mkdir -p "$3"
  "$root/redis-node/bin/redis-node" --port "$2" --management-port -1 --save "" --dir "$3" \
    --repl-diskless-sync-delay 0 --repl-backlog-size "$BACKLOG" >"$tmp/$1.log" 2>&1 &
}
start_redis() {  # name port dir
  mkdir -p "$3"
  redis-server --port "$2" --bind "$HOST" --save '' --appendonly no --dir "$3" \
    --repl-diskless-sync-delay 0 --repl-backlog-size "$BACKLOG" >"$tmp/$1.log" 2>&1 &
}

await_link_up() {  # replica-port timeout-seconds
  local deadline
  deadline=$(awk -v t="$(now)" -v s="$2" 'BEGIN { printf "%.3f", t + s }')
  while :; do
    [ "$(repl_field "$1" master_link_status)" = up ] && return 0
    if awk -v a="$(now)" -v d="$deadline" 'BEGIN { exit !(a > d) }'; then return 1; fi
    sleep 0.01
  done
}

prepare
for p in "${MPORT[@]}" "${RPORT[@]}" "$DEAD_PORT"; do port_busy "$p" && die "port $p is already in use (set PORT_BASE)"; done

start_ours ours "${MPORT[ours]}" "$tmp/ours-master"
ours_pid=$!
start_ours ours-replica "${RPORT[ours]}" "$tmp/ours-replica"
ours_replica_pid=$!
start_redis redis "${MPORT[redis]}" "$tmp/redis-master"
redis_pid=$!
start_redis redis-replica "${RPORT[redis]}" "$tmp/redis-replica"
redis_replica_pid=$!
wait_ping "${MPORT[ours]}" "$ours_pid" ours
wait_ping "${RPORT[ours]}" "$ours_replica_pid" ours-replica
wait_ping "${MPORT[redis]}" "$redis_pid" redis
wait_ping "${RPORT[redis]}" "$redis_replica_pid" redis-replica

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
echo "== bench-replication: our master+replica vs redis-server master+replica on loopback =="
echo "date:        $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine:     $(nproc) CPUs, $(awk '/^MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
echo "ours:        redis-node commit $commit, ports ${MPORT[ours]} -> ${RPORT[ours]}"
echo "redis:       redis-server $(redis-server --version | cut -d' ' -f3 | tr -d 'v='), ports ${MPORT[redis]} -> ${RPORT[redis]}"
echo "settings:    KEYS=$KEYS LAG_N=$LAG_N CUT_SECONDS=$CUT_SECONDS BACKLOG=$BACKLOG repl-diskless-sync-delay 0"
echo

declare -A FIG=()

# --- (a) full sync ----------------------------------------------------------------------

log "generating $KEYS keys..."
gen_strings "$KEYS" "$tmp/strings.resp"
for s in ours redis; do
  log "(a) $s: loading $KEYS keys, then REPLICAOF"
  redis-cli -h "$HOST" -p "${MPORT[$s]}" --pipe <"$tmp/strings.resp" >/dev/null
  t0=$(now)
  redis-cli -h "$HOST" -p "${RPORT[$s]}" replicaof "$HOST" "${MPORT[$s]}" >/dev/null
  await_link_up "${RPORT[$s]}" 600 || die "$s: the replica's link did not come up"
  t1=$(now)
  FIG["full sync of $KEYS keys (s)|$s"]=$(elapsed "$t0" "$t1")
  got=$(redis-cli -h "$HOST" -p "${RPORT[$s]}" dbsize)
  [ "$got" = "$KEYS" ] || log "  warning: $s replica has $got keys, expected $KEYS"
done

# --- (b) lag under load -----------------------------------------------------------------

for s in ours redis; do
  log "(b) $s: lag under redis-benchmark -t set -P 16 -n $LAG_N"
  redis-benchmark -h "$HOST" -p "${MPORT[$s]}" -t set -P 16 -n "$LAG_N" -r 100000 -q >/dev/null 2>&1 &
  bench_pid=$!
  : >"$tmp/lag-$s"
  while alive "$bench_pid"; do
    # The replica first: the figure then never understates the lag.
    r=$(repl_field "${RPORT[$s]}" slave_repl_offset)
    m=$(repl_field "${MPORT[$s]}" master_repl_offset)
    [ -n "$r" ] && [ -n "$m" ] && echo $((m > r ? m - r : 0)) >>"$tmp/lag-$s"
    sleep 0.1
  done
  wait "$bench_pid" 2>/dev/null || true
  FIG["lag median (bytes)|$s"]=$(sort -n "$tmp/lag-$s" | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "n/a" }')
  FIG["lag max (bytes)|$s"]=$(sort -n "$tmp/lag-$s" | awk 'END { print (NR ? $1 : "n/a") }')
  FIG["lag samples|$s"]=$(wc -l <"$tmp/lag-$s" | tr -d ' ')
done

# --- (c) partial resync after a cut -----------------------------------------------------

for s in ours redis; do
  log "(c) $s: ${CUT_SECONDS}s link cut during a write load"
  mp=${MPORT[$s]}
  rp=${RPORT[$s]}
  await_link_up "$rp" 60 || die "$s: the replica's link is down before the cut"
  full0=$(stats_field "$mp" sync_full)
  partial0=$(stats_field "$mp" sync_partial_ok)
  redis-benchmark -h "$HOST" -p "$mp" -t set -P 16 -c 2 -n 100000000 -r 100000 -q >/dev/null 2>&1 &
  bench_pid=$!
  sleep 1
  redis-cli -h "$HOST" -p "$rp" replicaof "$HOST" "$DEAD_PORT" >/dev/null
  cut_offset=$(repl_field "$rp" slave_repl_offset)
  sleep "$CUT_SECONDS"
  reconnect_offset=$(repl_field "$mp" master_repl_offset)
  redis-cli -h "$HOST" -p "$rp" replicaof "$HOST" "$mp" >/dev/null
  await_link_up "$rp" 120 || die "$s: the replica did not come back after the cut"
  stop_pid "$bench_pid"
  full1=$(stats_field "$mp" sync_full)
  partial1=$(stats_field "$mp" sync_partial_ok)
  FIG["resync bytes after ${CUT_SECONDS}s cut|$s"]=$((reconnect_offset - cut_offset))
  if [ $((partial1 - partial0)) -ge 1 ] && [ "$full1" = "$full0" ]; then
    FIG["resync was +CONTINUE|$s"]=yes
  else
    FIG["resync was +CONTINUE|$s"]="no (full $full0->$full1)"
  fi
done

# --- table ------------------------------------------------------------------------------

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b == 0) { print "-"; exit }
    printf "%.2f", a / b
  }'
}
printf '%-34s %14s %14s %10s\n' "figure" "ours" "redis" "ours/redis"
for f in "full sync of $KEYS keys (s)" "lag median (bytes)" "lag max (bytes)" "lag samples" \
         "resync bytes after ${CUT_SECONDS}s cut" "resync was +CONTINUE"; do
  o=${FIG["$f|ours"]:-n/a}
  r=${FIG["$f|redis"]:-n/a}
  rt=$(ratio "$o" "$r")
  [ "$f" = "lag samples" ] && rt="-"
  printf '%-34s %14s %14s %10s\n' "$f" "$o" "$r" "$rt"
done
echo
echo "Full sync and lag: lower is better. The lag is sampled with two INFO calls (replica, then"
echo "master), so it includes what the master produced between them. The resync bytes are what"
echo "the master wrote during the cut (a faster master writes more); the row below says whether"
echo "the backlog covered them (+CONTINUE) or a full resync was needed."
