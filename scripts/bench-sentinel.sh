#!/usr/bin/env bash
# How fast a failover is, ours against Debian's redis-sentinel 7.0.15, in one run. For each
# side: a master and two replicas on three loopback hosts, one sentinel per host (quorum 2,
# down-after-milliseconds DOWN_AFTER). RUNS times: a client writes every 10 ms, the master is
# SIGKILLed, and we time the first write a surviving node takes; then the old master is
# restarted, the sentinels turn it into a replica, and we wait until all is healthy again.
# Prints median/min/max of the seconds past down-after-milliseconds, and where the time went
# (the first +sdown, +odown, +elected-leader, +promoted-slave, +switch-master in any sentinel's
# log). Not part of the test suite.
#
# Environment (all optional):
#   HOSTS            three loopback addresses ("127.0.30.128 127.0.30.129 127.0.30.130")
#   NODE_PORT        nodes' port on each address (6679)
#   SENTINEL_PORT    sentinels' port on each address (26679)
#   RUNS             master kills per side (5)
#   DOWN_AFTER       down-after-milliseconds (5000)
#   FAILOVER_TIMEOUT failover-timeout (10000)
#   SIDES            which sides to run, in order ("ours real")
#   TARGET           our median's target in seconds past down-after (0.3)
#   STRICT=0         exit 0 even when the target is missed
set -Eeuo pipefail
trap 'echo "bench-sentinel: stopped by a failing command at line $LINENO: $BASH_COMMAND" >&2' ERR

RUNS=${RUNS:-5}
DOWN_AFTER=${DOWN_AFTER:-5000}
FAILOVER_TIMEOUT=${FAILOVER_TIMEOUT:-10000}
SIDES=${SIDES:-ours real}
TARGET=${TARGET:-0.3}
STRICT=${STRICT:-1}

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/bench-lib.sh
source "$root/scripts/lib/bench-lib.sh"
bench_init
# shellcheck source=lib/sentinel-lab.sh
source "$root/scripts/lib/sentinel-lab.sh"

trap lab_cleanup EXIT

prepare
[ -f "$root/redis-sentinel/target/redis-sentinel.jar" ] || die "build first: ./mvnw -q -B -o install -DskipTests"
compile_probe

declare -A VALS=()
add_val() { VALS["$1|$2"]="${VALS["$1|$2"]:-} $3"; }
stats() {  # values -> "median min max"
  [ -n "${1// /}" ] || { echo "n/a n/a n/a"; return; }
  # shellcheck disable=SC2086
  printf '%s\n' $1 | sort -g | awk '{ v[++n] = $1 } END {
    m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    printf "%.3f %.3f %.3f\n", m, v[1], v[n] }'
}

EVENTS="+sdown +odown +try-failover +elected-leader +promoted-slave +switch-master"

one_failover() {  # run number
  local run=$1 m mi marks out kill written newm named agreed past ev t
  m=$(agreed_master)
  mi=$(node_index "$m")
  [ "$mi" -ge 0 ] || die "no agreed master before run $run"
  marks=$(log_marks)
  if ! out=$(probe failover --nodes "$(node_list)" --sentinels "$(sentinel_list)" --name "$NAME" \
      --master "$m" --kill "${node_pid[$mi]}" --interval 10 --timeout 120000); then
    log "  $KIND run $run: the failover did not complete: $out"
    add_val past "$KIND" error
    return 1
  fi
  read -r kill written newm named agreed <<<"$out"
  past=$(awk -v a="$kill" -v b="$written" -v d="$DOWN_AFTER" 'BEGIN { printf "%.3f", (b - a - d) / 1000 }')
  add_val past "$KIND" "$past"
  add_val named "$KIND" "$(secs "$kill" "$named")"
  add_val agreed "$KIND" "$(secs "$kill" "$agreed")"
  local detail=""
  for ev in $EVENTS; do
    t=$(event_ms "$ev" "$marks")
    if [ -n "$t" ]; then
      add_val "$ev" "$KIND" "$(secs "$kill" "$t")"
      detail="$detail $ev $(secs "$kill" "$t")"
    fi
  done
  log "  $KIND run $run: $m killed, first write on $newm $(secs "$kill" "$written") s after the kill ($past s past down-after);$detail"
  wait "${node_pid[$mi]}" 2>/dev/null || true
  # The old master comes back with its own file (no replicaof): the sentinels convert it.
  start_node "$mi"
  wait_node "$mi"
  wait_healthy 180 || die "$KIND lab not healthy 180 s after run $run"
}

echo "== bench-sentinel: failover time, our redis-sentinel vs redis-sentinel $(redis-sentinel --version | awk '{ print $3 }' | cut -d= -f2) =="
echo "date:        $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine:     $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "commit:      $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "lab:         nodes ${HOSTS[*]} port $NODE_PORT, sentinels port $SENTINEL_PORT, quorum 2"
echo "settings:    RUNS=$RUNS DOWN_AFTER=$DOWN_AFTER FAILOVER_TIMEOUT=$FAILOVER_TIMEOUT SIDES='$SIDES'"
echo "nodes:       ours = redis-node (JAVA_OPTS $NODE_JAVA_OPTS), real = redis-server"

for side in $SIDES; do
  lab_start "$side"
  for run in $(seq 1 "$RUNS"); do one_failover "$run" || wait_healthy 180 || die "lab broken"; done
  lab_stop
done
echo "load:        $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo

row() {  # label key
  local o r
  read -r -a o <<<"$(stats "${VALS["$2|ours"]:-}")"
  read -r -a r <<<"$(stats "${VALS["$2|real"]:-}")"
  printf '%-34s %7s %7s %7s   %7s %7s %7s\n' "$1" "${o[0]}" "${o[1]}" "${o[2]}" "${r[0]}" "${r[1]}" "${r[2]}"
}
printf '%-34s %23s   %23s\n' "" "ours: median  min  max" "real: median  min  max"
row "first write, s past down-after" past
row "a sentinel names it, s after kill" named
row "all 3 name it, s after kill" agreed
for ev in $EVENTS; do row "first $ev, s after kill" "$ev"; done
echo
read -r -a o <<<"$(stats "${VALS["past|ours"]:-}")"
read -r -a r <<<"$(stats "${VALS["past|real"]:-}")"
ratio=$(awk -v o="${o[0]}" -v r="${r[0]}" -v d="$DOWN_AFTER" 'BEGIN {
  if (o !~ /^-?[0-9.]+$/ || r !~ /^-?[0-9.]+$/) { print "n/a"; exit }
  printf "%.2f (past down-after %.3f / %.3f s); whole failover %.2f\n", (r == 0 ? 0 : o / r), o, r, (o + d / 1000) / (r + d / 1000) }')
echo "ratio ours/real: $ratio"
verdict=MISS
awk -v o="${o[0]}" -v t="$TARGET" 'BEGIN { exit !(o ~ /^-?[0-9.]+$/ && o + 0 <= t + 0) }' && verdict=PASS
echo "target: our median <= $TARGET s past down-after: $verdict"
[ "$STRICT" != 0 ] && [ "$verdict" != PASS ] && exit 1
exit 0
