#!/usr/bin/env bash
# scripts/run_cluster.sh --docker VERB: the prototype's verbs for the cluster of docker-compose.yml.
#   start        build the image if needed and start 1 coordinator + 3 workers (status page on
#                http://127.0.0.1:${MAPREDUCE_HTTP_PORT:-8080}/)
#   stop         stop and remove the containers (the volume, with the corpus, stays)
#   status       the containers and the coordinator's status block
#   logs [NAME]  follow a service's log (default: coordinator)
#   kill-worker NAME   SIGKILL a worker's container (e.g. worker2)
#   restart      stop, then start (a new job; the previous output is removed first)
#   rebuild      stop, rebuild the image, start
# Where no image registry is reachable, build on a local base (scripts/test-docker.sh makes one):
#   MAPREDUCE_BASE_IMAGE=mapreduce-base:bookworm-jre17 MAPREDUCE_BUILD_IMAGE=mapreduce-base:bookworm-jre17 \
#   MAPREDUCE_PREBUILT_JAR=true scripts/run_cluster.sh --docker start
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
# shellcheck source=docker.sh
source scripts/lib/docker.sh
find_compose
if ((${#compose[@]} == 0)); then
  echo "run_cluster --docker needs 'docker compose' or 'docker-compose' (apt-get install docker-compose)" >&2
  exit 2
fi
dc=("${compose[@]}" -p "${MAPREDUCE_PROJECT:-mapreduce}")
# Every RPC carries the token. Without one given, each start makes a random one and keeps it in
# .cluster/docker-token, so later verbs (restart, a restarted worker) use the same.
if [[ -z "${MAPREDUCE_TOKEN:-}" ]]; then
  token_file="${MAPREDUCE_TOKEN_FILE:-.cluster/docker-token}"
  if [[ ! -s "$token_file" ]]; then
    mkdir -p "$(dirname "$token_file")"
    (umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$token_file")
  fi
  MAPREDUCE_TOKEN="$(cat "$token_file")"
  export MAPREDUCE_TOKEN
fi
jar=mapreduce-cli/target/mapreduce-cli-0.1.0-SNAPSHOT-all.jar

# A prebuilt-jar image needs the jar in the build context first.
jar_if_prebuilt() {
  if [[ "${MAPREDUCE_PREBUILT_JAR:-false}" == true && ( ! -f "$jar" || "${1:-}" == force ) ]]; then
    echo "Building $jar ..."
    mvn -q -B -DskipTests package
  fi
}

start() {
  jar_if_prebuilt
  local c
  c="$("${dc[@]}" ps -q coordinator 2>/dev/null || true)"
  if [[ -n "$c" && "$(docker inspect -f '{{.State.Running}}' "$c" 2>/dev/null)" == true ]]; then
    # A job is running: its output must not be touched. Only start what is missing (e.g. a
    # worker killed with kill-worker).
    echo "The cluster is running; starting only the containers that are not."
    "${dc[@]}" up -d --no-recreate
    return 0
  fi
  # A finished job leaves its output; the coordinator needs an empty output directory.
  "${dc[@]}" run --rm --no-deps --entrypoint rm coordinator -rf /data/output >/dev/null 2>&1 || true
  "${dc[@]}" up -d --build
  echo "Status page: http://127.0.0.1:${MAPREDUCE_HTTP_PORT:-8080}/   log: scripts/run_cluster.sh --docker logs"
}

stop() { "${dc[@]}" down; }

status() {
  "${dc[@]}" ps
  local c
  c="$("${dc[@]}" ps -q coordinator 2>/dev/null || true)"
  if [[ -n "$c" && "$(docker inspect -f '{{.State.Running}}' "$c")" == true ]]; then
    docker exec "$c" java -cp /app/mapreduce.jar dev.mapreduce.cli.MapReduceCli status --coordinator 127.0.0.1:50051 || true
  fi
}

kill_worker() {
  local w="${1:?usage: run_cluster.sh --docker kill-worker NAME}" c
  c="$("${dc[@]}" ps -q "$w")"
  [[ -n "$c" ]] || { echo "$w has no container" >&2; return 1; }
  docker kill "$c" >/dev/null && echo "killed $w's container with SIGKILL"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart) stop; start ;;
  rebuild) stop; jar_if_prebuilt force; "${dc[@]}" build; start ;;
  kill-worker) kill_worker "${2:-}" ;;
  logs) "${dc[@]}" logs -f "${2:-coordinator}" ;;
  *) echo "usage: scripts/run_cluster.sh --docker start|stop|status|restart|rebuild|kill-worker NAME|logs [NAME]" >&2; exit 2 ;;
esac
