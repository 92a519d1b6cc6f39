# The sentinel lab shared by bench-sentinel.sh and soak-sentinel.sh: three loopback hosts, a
# master and two replicas on NODE_PORT, one sentinel per host on SENTINEL_PORT (quorum 2).
# KIND=ours runs our redis-node and redis-sentinel, KIND=real Debian's redis-server and
# redis-sentinel, on the same addresses and ports (one lab at a time).
# The caller sets root, tmp, DOWN_AFTER, FAILOVER_TIMEOUT and sources lib/bench-lib.sh first;
# HOSTS (three addresses), NODE_PORT and SENTINEL_PORT come from the environment or default here.
# shellcheck shell=bash

read -r -a HOSTS <<<"${HOSTS:-127.0.30.128 127.0.30.129 127.0.30.130}"
NODE_PORT=${NODE_PORT:-6679}
SENTINEL_PORT=${SENTINEL_PORT:-26679}
# shellcheck disable=SC2034 # read by bench-lib's helpers
HOST=${HOSTS[0]}
NAME=mymaster
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
SENTINEL_JAVA_OPTS=${SENTINEL_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}
declare -a node_pid=("" "" "") sent_pid=("" "" "")
KIND=ours

now_ms() { date +%s%3N; }
addr() { echo "${HOSTS[$1]}:$NODE_PORT"; }
node_index() {  # host:port -> 0..2
  local i
  for i in 0 1 2; do [ "$(addr "$i")" = "$1" ] && { echo "$i"; return; }; done
  echo -1
}
cli() { redis-cli -h "$1" -p "$2" "${@:3}" 2>/dev/null | tr -d '\r'; }
ncli() { cli "${HOSTS[$1]}" "$NODE_PORT" "${@:2}"; }
scli() { cli "${HOSTS[$1]}" "$SENTINEL_PORT" "${@:2}"; }
node_list() { echo "$(addr 0),$(addr 1),$(addr 2)"; }
sentinel_list() { echo "${HOSTS[0]}:$SENTINEL_PORT,${HOSTS[1]}:$SENTINEL_PORT,${HOSTS[2]}:$SENTINEL_PORT"; }

# Node i's config file, written once per lab; replicaof only for the first start of replicas.
node_conf() {
  local i=$1 d
  d="$tmp/$KIND/node$i"
  mkdir -p "$d"
  {
    echo "port $NODE_PORT"
    echo "bind ${HOSTS[$i]}"
    echo "dir $d"
    echo "save \"\""
    echo "appendonly no"
    if [ "$KIND" = real ]; then
      echo "protected-mode no"
      echo "replica-announce-ip ${HOSTS[$i]}"
    fi
    [ "$i" = 0 ] || echo "replicaof ${HOSTS[0]} $NODE_PORT"
  } >"$d/redis.conf"
}

start_node() {
  local i=$1 d
  d="$tmp/$KIND/node$i"
  if [ "$KIND" = ours ]; then
    JAVA_OPTS="$NODE_JAVA_OPTS" "$root/redis-node/bin/redis-node" "$d/redis.conf" --management-port -1 >>"$d/out.log" 2>&1 &
  else
    redis-server "$d/redis.conf" >>"$d/out.log" 2>&1 &
  fi
  node_pid[i]=$!
}

wait_node() {
  local i=$1 _
  for _ in $(seq 1 600); do
    [ "$(ncli "$i" ping)" = PONG ] && return 0
    alive "${node_pid[$i]}" || { tail -n 20 "$tmp/$KIND/node$i/out.log" >&2; die "$KIND node $i exited at start-up"; }
    sleep 0.1
  done
  die "$KIND node $i did not answer within 60 s"
}

sentinel_conf() {
  local i=$1 d
  d="$tmp/$KIND/sentinel$i"
  mkdir -p "$d"
  {
    echo "port $SENTINEL_PORT"
    echo "bind ${HOSTS[$i]}"
    echo "dir $d"
    [ "$KIND" = real ] && echo "bind-source-addr ${HOSTS[$i]}"
    echo "sentinel monitor $NAME ${HOSTS[0]} $NODE_PORT 2"
    echo "sentinel down-after-milliseconds $NAME $DOWN_AFTER"
    echo "sentinel failover-timeout $NAME $FAILOVER_TIMEOUT"
  } >"$d/sentinel.conf"
}

start_sentinel() {
  local i=$1 d
  d="$tmp/$KIND/sentinel$i"
  if [ "$KIND" = ours ]; then
    JAVA_OPTS="$SENTINEL_JAVA_OPTS" "$root/redis-sentinel/bin/redis-sentinel" "$d/sentinel.conf" --management-port -1 >>"$d/out.log" 2>&1 &
  else
    redis-sentinel "$d/sentinel.conf" >>"$d/out.log" 2>&1 &
  fi
  sent_pid[i]=$!
}

lab_start() {
  KIND=$1
  local i p
  for p in "$NODE_PORT" "$SENTINEL_PORT"; do
    for i in 0 1 2; do
      ss -Hltn "src ${HOSTS[$i]}:$p" 2>/dev/null | grep -q . && die "${HOSTS[$i]}:$p is in use (set NODE_PORT/SENTINEL_PORT)"
    done
  done
  log "$KIND: starting 3 nodes and 3 sentinels on ${HOSTS[*]} ($NODE_PORT, $SENTINEL_PORT)"
  for i in 0 1 2; do node_conf "$i"; start_node "$i"; done
  for i in 0 1 2; do wait_node "$i"; done
  # The pid to SIGKILL is the server's own (our launcher execs java, so it is the same).
  for i in 0 1 2; do sentinel_conf "$i"; start_sentinel "$i"; done
  wait_healthy 180 || die "$KIND lab never became healthy"
}

lab_stop() {
  local i
  for i in 0 1 2; do stop_pid "${sent_pid[$i]}"; sent_pid[i]=""; done
  for i in 0 1 2; do stop_pid "${node_pid[$i]}"; node_pid[i]=""; done
}

# The address every sentinel names, or nothing when they disagree or one does not answer.
agreed_master() {
  local i a first=""
  for i in 0 1 2; do
    a=$(scli "$i" sentinel get-master-addr-by-name "$NAME" | paste -sd: -)
    [ -n "$a" ] || return 0
    [ -z "$first" ] && first=$a
    [ "$a" = "$first" ] || return 0
  done
  echo "$first"
}

field() { awk -F: -v f="$1" '$1 == f { print $2 }'; }

# Healthy: the sentinels agree on a master that has both replicas online, each replica follows it
# with its link up, and every sentinel is out of TILT, sees the master and both replicas with no
# down flag and knows the two other sentinels.
healthy() {
  local m mi i info flags
  why="the sentinels do not agree on a master"
  m=$(agreed_master)
  [ -n "$m" ] || return 1
  mi=$(node_index "$m")
  [ "$mi" -ge 0 ] || return 1
  info=$(ncli "$mi" info replication)
  why="$m: role $(field role <<<"$info"), connected_slaves $(field connected_slaves <<<"$info")"
  [ "$(field role <<<"$info")" = master ] || return 1
  [ "$(field connected_slaves <<<"$info")" = 2 ] || return 1
  for i in 0 1 2; do
    [ "$i" = "$mi" ] && continue
    info=$(ncli "$i" info replication)
    why="$(addr "$i"): role $(field role <<<"$info") of $(field master_host <<<"$info") link $(field master_link_status <<<"$info")"
    [ "$(field role <<<"$info")" = slave ] || return 1
    [ "$(field master_host <<<"$info")" = "${HOSTS[$mi]}" ] || return 1
    [ "$(field master_link_status <<<"$info")" = up ] || return 1
  done
  for i in 0 1 2; do
    why="sentinel $i in TILT"
    # A sentinel in TILT judges nothing: a lab is not ready until none is.
    [ "$(scli "$i" info sentinel | field sentinel_tilt)" = 0 ] || return 1
    flags=$(scli "$i" sentinel master "$NAME" | awk 'p { print; exit } $0 == "flags" { p = 1 }')
    why="sentinel $i: master flags $flags"
    [ "$flags" = master ] || return 1
    why="sentinel $i: not 2 other sentinels"
    [ "$(scli "$i" sentinel master "$NAME" | awk 'p { print; exit } $0 == "num-other-sentinels" { p = 1 }')" = 2 ] || return 1
    flags=$(scli "$i" sentinel replicas "$NAME" | awk 'p { print; p = 0 } $0 == "flags" { p = 1 }' | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')
    why="sentinel $i: replica flags $flags"
    [ "$flags" = "slave:2 " ] || return 1
  done
  why=""
  return 0
}

wait_healthy() {
  local limit=$1 t0
  t0=$(date +%s)
  while [ $(($(date +%s) - t0)) -lt "$limit" ]; do
    healthy && return 0
    sleep 0.5
  done
  log "not healthy: $why"
  return 1
}

# Byte sizes of the sentinels' logs, so a run's events are read from there on.
log_marks() {
  local i
  for i in 0 1 2; do stat -c %s "$tmp/$KIND/sentinel$i/out.log"; done | paste -sd' ' -
}

# The first time (epoch ms) an event appears in any sentinel's log after the marks.
event_ms() {
  local ev=$1 marks=($2) i line t best=""
  for i in 0 1 2; do
    line=$(tail -c +"$((marks[i] + 1))" "$tmp/$KIND/sentinel$i/out.log" | grep -m 1 -- " $ev " || true)
    [ -n "$line" ] || continue
    # "pid:X 26 Nov 2026 09:30:00.123 # +sdown ..." (both sentinels log this format)
    t=$(date -d "$(awk '{ print $2, $3, $4, $5 }' <<<"$line")" +%s%3N 2>/dev/null) || continue
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  echo "${best:-}"
}

compile_probe() {
  mkdir -p "$tmp/probe"
  javac -d "$tmp/probe" "$root/scripts/lib/SentinelProbe.java" || die "javac failed on SentinelProbe.java"
}
probe() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m -cp "$tmp/probe" SentinelProbe "$@"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1000 }'; }

# Stops the lab and removes the scratch directory, which KEEP=1 keeps for a look.
lab_cleanup() {
  lab_stop
  if [ -n "${KEEP:-}" ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
}
