#!/usr/bin/env bash
# Safety of failover under writes: KILLS times the master is SIGKILLed while a client writes
# "SET k<n> v" then "WAIT 1 WAIT_TIMEOUT" to the master the sentinels name, keeping every key a
# replica acknowledged. After each failover, once the old master is back as a replica and all is
# healthy, every acknowledged key must be on the current master. Meanwhile all three nodes are
# sampled every 20 ms (ROLE, and a marker write on each that says master): a sample where two
# nodes take the write is a double master. Not part of the test suite.
#
# Environment (all optional):
#   HOSTS, NODE_PORT, SENTINEL_PORT   as bench-sentinel.sh ("127.0.30.128 ..." , 6679, 26679)
#   KILLS             master kills (20)
#   DOWN_AFTER        down-after-milliseconds (1500)
#   FAILOVER_TIMEOUT  failover-timeout (10000)
#   WAIT_TIMEOUT      WAIT's timeout in ms (200)
#   WRITE_INTERVAL    pause between writes in ms (5)
#   SIDE              ours or real (ours)
set -Eeuo pipefail
trap 'echo "soak-sentinel: stopped by a failing command at line $LINENO: $BASH_COMMAND" >&2' ERR

KILLS=${KILLS:-20}
DOWN_AFTER=${DOWN_AFTER:-1500}
FAILOVER_TIMEOUT=${FAILOVER_TIMEOUT:-10000}
WAIT_TIMEOUT=${WAIT_TIMEOUT:-200}
WRITE_INTERVAL=${WRITE_INTERVAL:-5}
SIDE=${SIDE:-ours}

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/bench-lib.sh
source "$root/scripts/lib/bench-lib.sh"
bench_init
# shellcheck source=lib/sentinel-lab.sh
source "$root/scripts/lib/sentinel-lab.sh"

cleanup_soak() {
  [ -n "$writer_pid" ] && { touch "$tmp/soak/stop" 2>/dev/null || true; sleep 0.5; stop_pid "$writer_pid"; }
  lab_cleanup
}
trap cleanup_soak EXIT

prepare
compile_probe
echo "== soak-sentinel: $KILLS master kills under SET+WAIT writes ($SIDE) =="
echo "date:        $(date -u '+%Y-%m-%d %H:%M:%S UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "commit:      $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "settings:    KILLS=$KILLS DOWN_AFTER=$DOWN_AFTER FAILOVER_TIMEOUT=$FAILOVER_TIMEOUT WAIT_TIMEOUT=$WAIT_TIMEOUT WRITE_INTERVAL=$WRITE_INTERVAL"

lab_start "$SIDE"
mkdir -p "$tmp/soak"
probe soak --nodes "$(node_list)" --sentinels "$(sentinel_list)" --name "$NAME" --dir "$tmp/soak" \
  --wait-timeout "$WAIT_TIMEOUT" --interval "$WRITE_INTERVAL" >"$tmp/soak/out.log" 2>&1 &
writer_pid=$!

# Windows of each kill, as "kill_ms end_ms restart_ms healthy_ms".
declare -a WINDOWS=()
lost_total=0 checks_failed=0 last=""
for k in $(seq 1 "$KILLS"); do
  sleep 2
  m=$(agreed_master)
  mi=$(node_index "$m")
  [ "$mi" -ge 0 ] || die "no agreed master before kill $k"
  t_kill=$(now_ms)
  kill -KILL "${node_pid[$mi]}"
  wait "${node_pid[$mi]}" 2>/dev/null || true
  # The failover's end: all sentinels name another node, and it takes writes.
  t_end=""
  for _ in $(seq 1 1200); do
    a=$(agreed_master)
    if [ -n "$a" ] && [ "$a" != "$m" ] && [ "$(cli "${a%:*}" "${a#*:}" role | head -n 1)" = master ]; then
      t_end=$(now_ms); break
    fi
    sleep 0.1
  done
  [ -n "$t_end" ] || die "kill $k: no failover within 120 s"
  # From here the restarted node may take writes as the master its own file says it is.
  t_restart=$(now_ms)
  start_node "$mi"
  wait_node "$mi"
  wait_healthy 180 || die "kill $k: not healthy 180 s after the failover"
  t_healthy=$(now_ms)
  WINDOWS+=("$t_kill $t_end $t_restart $t_healthy")
  touch "$tmp/soak/check.$k"
  for _ in $(seq 1 600); do [ -f "$tmp/soak/result.$k" ] && break; sleep 0.1; done
  [ -f "$tmp/soak/result.$k" ] || die "the writer did not answer check $k"
  read -r confirmed lost attempts failures onm sample <<<"$(cat "$tmp/soak/result.$k")"
  if [ "$lost" -lt 0 ]; then checks_failed=$((checks_failed + 1)); else lost_total=$((lost_total > lost ? lost_total : lost)); fi
  last="$confirmed"
  log "kill $k: $m killed; $a master after $(secs "$t_kill" "$t_end") s; healthy after $(secs "$t_kill" "$t_healthy") s; confirmed $confirmed, lost $lost on $onm${sample:+ (e.g.$sample)}; $attempts writes tried, $failures failed"
done
touch "$tmp/soak/stop"
for _ in $(seq 1 50); do [ -f "$tmp/soak/final" ] && break; sleep 0.1; done
writer_pid=""
lab_stop

# Double masters: samples where two nodes took the marker, by the window they fell in.
survivors=0 rejoin=0 steady=0
rejoin_ms=0
while read -r t _ _; do
  placed=steady
  for w in "${WINDOWS[@]}"; do
    read -r a b c d <<<"$w"
    if [ "$t" -ge "$a" ] && [ "$t" -lt "$c" ]; then placed=survivors; break; fi
    if [ "$t" -ge "$c" ] && [ "$t" -lt "$d" ]; then placed=rejoin; break; fi
  done
  case $placed in survivors) survivors=$((survivors + 1)) ;; rejoin) rejoin=$((rejoin + 1)) ;; *) steady=$((steady + 1)) ;; esac
done < <(grep ' DOUBLE ' "$tmp/soak/events" || true)
# How long a restarted old master took writes as a master before being turned into a replica.
restarted_master_ms=$(awk '/ ROLES / { acc = $NF; sub("accepting=", "", acc); n = split(acc, x, ",");
  if (n >= 2 && !on) { on = 1; since = $1 } else if (n < 2 && on) { on = 0; total += $1 - since } }
  END { printf "%d", total }' "$tmp/soak/events")
kills_done=${#WINDOWS[@]}

echo "load:        $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo
printf '%-58s %s\n' "kills" "$kills_done"
printf '%-58s %s\n' "confirmed writes (WAIT 1 acknowledged)" "$last"
printf '%-58s %s\n' "lost confirmed writes (worst check)" "$lost_total"
printf '%-58s %s\n' "checks that could not run" "$checks_failed"
printf '%-58s %s\n' "double-master samples, kill to old master's restart" "$survivors"
printf '%-58s %s\n' "double-master samples, healthy until the next kill" "$steady"
printf '%-58s %s\n' "double-master samples, restarted old master not yet replica" "$rejoin"
printf '%-58s %s\n' "  (that window in total, ms; the restarted node is empty)" "$restarted_master_ms"
echo
echo "A restarted master's own file says it is a master: it takes writes until a sentinel turns it"
echo "into a replica (Redis waits 4 publish periods); clients that ask the sentinels never see it."
if [ "$lost_total" = 0 ] && [ "$survivors" = 0 ] && [ "$steady" = 0 ] && [ "$checks_failed" = 0 ]; then
  echo "result: PASS"; exit 0
fi
echo "result: FAIL"; exit 1
