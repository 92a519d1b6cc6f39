# Shared by the benchmark scripts: process handling, waiting for servers, installs.
# The caller sets HOST, tmp (a scratch directory) and root (the repository) before using these.
# shellcheck shell=bash

log() { printf '%s\n' "$*" >&2; }
die() { log "$(basename "$0"): $*"; exit 2; }

# Sets what every benchmark script needs once it has set root and sourced this file: the jar,
# a scratch directory named after the script, the server pid variables, and the traps that
# stop the servers and remove the scratch directory however the script ends.
bench_init() {
  jar="$root/redis-node/target/redis-node.jar"
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/$(basename "$0" .sh).XXXXXX")
  ours_pid=""
  redis_pid=""
  trap cleanup EXIT
  trap 'log "interrupted"; exit 130' INT TERM
}

# --- process handling -------------------------------------------------------------------

# Bash reaps its exited children by itself, but an exited child may be a zombie for a moment
# (kill -0 still succeeds) and its /proc entry may vanish at any time: unreadable means gone.
alive() {
  local state
  state=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

stop_pid() {
  local pid=$1 _
  [ -n "$pid" ] || return 0
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      alive "$pid" || break
      sleep 0.1
    done
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  wait "$pid" 2>/dev/null || true
}

# The scripts keep our node's and redis-server's pids in ours_pid and redis_pid.
stop_servers() {
  stop_pid "$ours_pid"
  stop_pid "$redis_pid"
  ours_pid=""
  redis_pid=""
}

# shellcheck disable=SC2317 # called through the trap
cleanup() {
  stop_servers
  rm -rf "$tmp"
}

port_busy() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

wait_ping() {
  local port=$1 pid=$2 name=$3 _
  for _ in $(seq 1 600); do
    if [ "$(redis-cli -h "$HOST" -p "$port" ping 2>/dev/null)" = "PONG" ]; then return 0; fi
    if ! alive "$pid"; then
      log "$name exited during start-up; its log:"
      tail -n 30 "$tmp/$name.log" >&2 || true
      exit 2
    fi
    sleep 0.1
  done
  die "$name did not answer PING on port $port within 60 s"
}

info_field() {
  { redis-cli -h "$HOST" -p "$1" info server || true; } | tr -d '\r' | awk -F: -v f="$2" '$1 == f { print $2 }'
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# --- set-up -----------------------------------------------------------------------------

port_of() { if [ "$1" = ours ]; then echo "$P1"; else echo "$P2"; fi; }

# Installs redis-server/redis-tools when missing and builds our jar when missing.
prepare() {
  ulimit -n 10240 2>/dev/null || true   # -c 1000 needs more than the common 1024 descriptors

  if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null || ! command -v redis-cli >/dev/null; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    log "installing redis-server and redis-tools..."
    export DEBIAN_FRONTEND=noninteractive
    if ! $sudo apt-get install -y -qq redis-server redis-tools >&2; then
      $sudo apt-get update -qq >&2
      $sudo apt-get install -y -qq redis-server redis-tools >&2
    fi
    # The package starts a system service on 6379; this script does not use it.
  fi

  if [ ! -f "$jar" ]; then
    log "building redis-node..."
    # shellcheck disable=SC2086 # MVN_ARGS is a list of flags
    (cd "$root" && ./mvnw -q -B ${MVN_ARGS:-} package -DskipTests -pl redis-node -am) >&2
  fi
}

# Writes N "SET key:%08d <16-byte value>" commands as RESP, for redis-cli --pipe.
gen_strings() {
  awk -v n="$1" 'BEGIN {
    for (i = 0; i < n; i++) {
      k = sprintf("key:%08d", i); v = sprintf("val:%012d", i)   # 16-byte value
      printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v
    }
  }' >"$2"
}

# Median of the numeric values; "error" when a server only ever failed that test.
median() {
  [ -n "${1// /}" ] || { echo n/a; return; }
  # shellcheck disable=SC2086 # word splitting of the value list is wanted
  printf '%s\n' $1 | sort -g | awk '
    $1 !~ /^[0-9.]+$/ { bad++; next }
    { v[++n] = $1 }
    END {
      if (n == 0) { print (bad ? "error" : "n/a"); exit }
      if (n % 2) print v[(n + 1) / 2]; else printf "%.3f\n", (v[n / 2] + v[n / 2 + 1]) / 2
    }'
}

# The two servers in the order they run at step $1: alternating, so a slow drift of the
# machine hits both alike.
run_order() { if [ $(($1 % 2)) = 0 ]; then echo "ours redis"; else echo "redis ours"; fi; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
