#!/usr/bin/env bash
# The seed's three-host lab on loopback: a master on 127.0.30.128:6379, replicas on .129 and
# .130, and a sentinel on port 26379 of each host (config-samples/sentinel-lab), each process
# in its own directory under LAB_DIR (default ./lab) with its config, log, dump and AOF.
#
#   scripts/lab.sh start     start what is not running (files are kept between runs)
#   scripts/lab.sh status    role of each node and where the sentinels say the master is
#   scripts/lab.sh stop      SIGTERM to every process of the lab
#   scripts/lab.sh clean     stop, then remove LAB_DIR
#
# DOWN_AFTER (ms) replaces the samples' 30000 on a fresh lab, for quicker failover demos.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lab=${LAB_DIR:-$root/lab}
hosts=(128 129 130)
pass=123456
samples=$root/config-samples/sentinel-lab

cli() { redis-cli --no-auth-warning "$@"; }

wait_for() { # host port [password]
  local i
  for i in $(seq 1 300); do
    if cli -h "$1" -p "$2" ${3:+-a "$3"} ping 2>/dev/null | grep -q PONG; then return 0; fi
    sleep 0.2
  done
  echo "no answer from $1:$2 after 60 s; see its log under $lab" >&2
  return 1
}

running() { # pidfile (a stopping process removes its own, maybe between test and read)
  local pid
  pid=$(cat "$1" 2>/dev/null) && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

start() {
  command -v redis-cli >/dev/null || { echo "redis-cli is needed (apt-get install -y redis-tools)" >&2; exit 1; }
  for h in "${hosts[@]}"; do
    d=$lab/node-$h
    mkdir -p "$d"
    [ -f "$d/redis.conf" ] || cp "$samples/redis-$h.conf" "$d/redis.conf"
    running "$d/redis.pid" || (cd "$d" && "$root/redis-node/bin/redis-node" redis.conf)
  done
  for h in "${hosts[@]}"; do wait_for "127.0.30.$h" 6379 "$pass"; done
  for h in "${hosts[@]}"; do
    d=$lab/sentinel-$h
    mkdir -p "$d"
    if [ ! -f "$d/sentinel.conf" ]; then
      sed "s/down-after-milliseconds mymaster 30000/down-after-milliseconds mymaster ${DOWN_AFTER:-30000}/" \
        "$samples/sentinel-$h.conf" > "$d/sentinel.conf"
    fi
    running "$d/sentinel.pid" || (cd "$d" && "$root/redis-sentinel/bin/redis-sentinel" sentinel.conf)
  done
  for h in "${hosts[@]}"; do wait_for "127.0.30.$h" 26379; done
  status
}

status() {
  for h in "${hosts[@]}"; do
    role=$(cli -h "127.0.30.$h" -p 6379 -a "$pass" role 2>/dev/null | head -1 || true)
    printf 'node     127.0.30.%s:6379   %s\n' "$h" "${role:-down}"
  done
  for h in "${hosts[@]}"; do
    addr=$(cli -h "127.0.30.$h" -p 26379 sentinel get-master-addr-by-name mymaster 2>/dev/null | paste -sd: || true)
    printf 'sentinel 127.0.30.%s:26379  master=%s\n' "$h" "${addr:-down}"
  done
}

stop() {
  local f
  for f in "$lab"/sentinel-*/sentinel.pid "$lab"/node-*/redis.pid; do
    [ -f "$f" ] || continue
    if running "$f"; then kill "$(cat "$f" 2>/dev/null)" 2>/dev/null || true; fi
  done
  for f in "$lab"/sentinel-*/sentinel.pid "$lab"/node-*/redis.pid; do
    [ -f "$f" ] || continue
    for _ in $(seq 1 100); do running "$f" || break; sleep 0.1; done
  done
}

case "${1:-}" in
  start) start ;;
  status) status ;;
  stop) stop ;;
  clean) stop; rm -rf "$lab" ;;
  *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
