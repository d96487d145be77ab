#!/usr/bin/env bash
# A local cluster like the prototype's Docker one: 1 coordinator and 3 workers as background JVMs
# running word count on the bundled sample corpus. State (pids, logs, input, output) lives in .cluster/.
#
#   scripts/run_cluster.sh start | stop | status | restart | rebuild | kill-worker NAME | logs [NAME]
#
# With --docker first, the same verbs drive the containers of docker-compose.yml instead (project
# name "mapreduce"; input and output on its volume): e.g. scripts/run_cluster.sh --docker start.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "${1:-}" == --docker ]]; then
  shift
  exec "$here/scripts/lib/run_cluster_docker.sh" "$@"
fi
state="$here/.cluster"
jar="$here/mapreduce-cli/target/mapreduce-cli-0.1.0-SNAPSHOT-all.jar"
port="${MAPREDUCE_PORT:-50051}"
http_port="${MAPREDUCE_HTTP_PORT:-8080}"
workers=(worker1 worker2 worker3)
# Timings can be shortened for a quick look, e.g. MAPREDUCE_TIMINGS="--heartbeat-interval 1s".
timings=(${MAPREDUCE_TIMINGS:-})

# Launched directly (not through a function) so that $! is the JVM's own pid.
cli=("$here/scripts/mapreduce") # it execs java, so $! is the JVM's pid; it picks the JVM flags
# Paces word count (a pause per input line) so the job lasts about a minute and can be watched.
pace="${MAPREDUCE_PACE_MICROS:-500}"


build() {
  echo "Building $jar ..."
  (cd "$here" && mvn -q -DskipTests install)
}

alive() { [[ -f "$state/$1.pid" ]] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

start() {
  [[ -f "$jar" ]] || build
  if alive coordinator; then
    echo "The cluster is already running (coordinator pid $(cat "$state/coordinator.pid"))."; return 0
  fi
  mkdir -p "$state"
  if [[ ! -d "$state/input" ]]; then
    echo "Writing the sample corpus to $state/input ..."
    "${cli[@]}" sample --output "$state/input" --files 6 --file-size 4MB
  fi
  rm -rf "$state/output"
  "${cli[@]}" coordinator --job wordcount --input "$state/input" --output "$state/output" --reducers 3 \
      --split-size 1MB --port "$port" --http-port "$http_port" --set "wordcount.pause.micros.per.line=$pace" "${timings[@]}" \
      > "$state/coordinator.log" 2>&1 &
  echo $! > "$state/coordinator.pid"
  echo "coordinator started (pid $!), log $state/coordinator.log"
  for w in "${workers[@]}"; do
    "${cli[@]}" worker --coordinator "127.0.0.1:$port" --id "$w" --work-dir "$state/work/$w" "${timings[@]}" \
        > "$state/$w.log" 2>&1 &
    echo $! > "$state/$w.pid"
    echo "$w started (pid $!), log $state/$w.log"
  done
  echo "Follow the coordinator: scripts/run_cluster.sh logs   (status page: http://127.0.0.1:$http_port/)"
}

stop() {
  for n in coordinator "${workers[@]}"; do
    if alive "$n"; then kill "$(cat "$state/$n.pid")" && echo "stopped $n"; fi
    rm -f "$state/$n.pid"
  done
}

status() {
  for n in coordinator "${workers[@]}"; do
    if alive "$n"; then echo "$n: running (pid $(cat "$state/$n.pid"))"
    elif [[ -f "$state/$n.log" ]]; then echo "$n: not running ($(tail -n 1 "$state/$n.log"))"
    else echo "$n: not started"; fi
  done
  if alive coordinator; then "${cli[@]}" status --coordinator "127.0.0.1:$port" || true
  elif [[ -f "$state/output/_SUCCESS" ]]; then echo "The job finished: output in $state/output"; fi
}

kill_worker() {
  local w="${1:?usage: run_cluster.sh kill-worker NAME}"
  if alive "$w"; then kill -9 "$(cat "$state/$w.pid")"; echo "killed $w with SIGKILL"
  else echo "$w is not running" >&2; return 1; fi
}

logs() {
  local n="${1:-coordinator}"
  [[ -f "$state/$n.log" ]] || { echo "no log for $n in $state" >&2; return 1; }
  tail -n +1 -f "$state/$n.log"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart) stop; start ;;
  rebuild) stop; build; start ;;
  kill-worker) kill_worker "${2:-}" ;;
  logs) logs "${2:-}" ;;
  *) echo "usage: $0 [--docker] start|stop|status|restart|rebuild|kill-worker NAME|logs [NAME]" >&2; exit 2 ;;
esac
