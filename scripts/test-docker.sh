#!/usr/bin/env bash
# End-to-end test of the Docker cluster (Dockerfile + docker-compose.yml), for a newcomer and for CI:
#   1. installs what is missing (docker.io, docker-compose, debootstrap from Debian's packages) and
#      starts dockerd if no engine answers;
#   2. builds the runnable jar, a base image from Debian's packages (cached by its tag) and the
#      project image on it, non-root with a health check;
#   3. starts 1 coordinator + 3 workers with docker-compose.yml (plain `docker run` on a network of
#      its own when no compose command exists), on a host directory as the shared volume;
#   4. kills worker2's container (SIGKILL) mid-map, waits for the commit, and compares the output
#      with an independent word count (scripts/lib/ReferenceWordCount.java);
#   5. removes its containers, network, image tag and data, and stops dockerd if it started it.
# The last line is "N passed, M failed"; the exit code is 0 only when nothing failed.
#
#   sudo scripts/test-docker.sh            (as root: it installs packages and may start dockerd)
# Environment: MAPREDUCE_BASE_IMAGE (default mapreduce-base:bookworm-jre17, made here when
# missing), MAPREDUCE_SKIP_BUILD=1 (reuse the jar in mapreduce-cli/target), KEEP=1 (leave the
# cluster and its data for a look).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
# shellcheck source=lib/docker.sh
source scripts/lib/docker.sh

jar=mapreduce-cli/target/mapreduce-cli-0.1.0-SNAPSHOT-all.jar
base="${MAPREDUCE_BASE_IMAGE:-mapreduce-base:bookworm-jre17}"
project="mrtest$$"
image="mapreduce:$project"
http_port="${MAPREDUCE_HTTP_PORT:-18080}"
token="test-docker-$RANDOM$RANDOM"
work="$(mktemp -d /tmp/mapreduce-test-docker.XXXXXX)"
data="$work/data"
started=$SECONDS
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
# Runs a check: `check NAME COMMAND...`; the command's output is shown only when it fails.
check() {
  local name="$1" out
  shift
  if out="$("$@" 2>&1)"; then pass "$name"; else fail "$name"; [[ -z "$out" ]] || echo "$out" | sed 's/^/    /'; fi
}
finish() {
  echo "test-docker: wall time $((SECONDS - started)) s"
  echo "$passed passed, $failed failed"
  ((failed == 0))
}

# ---- 1. tools ------------------------------------------------------------------------------------
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || need+=(docker-compose)
docker image inspect "$base" >/dev/null 2>&1 || command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
if ((${#need[@]})); then
  if ((EUID != 0)); then
    echo "test-docker: missing ${need[*]}; run as root to install them (apt-get install ${need[*]})" >&2
    exit 2
  fi
  echo "test-docker: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
find_compose

cleanup() {
  local rc=$?
  if [[ "${KEEP:-}" == 1 ]]; then
    echo "test-docker: KEEP=1, left the cluster ($project) and its data ($work)"
    return $rc
  fi
  if ((${#compose[@]})); then
    "${compose[@]}" -p "$project" down -v --remove-orphans >/dev/null 2>&1 || true
  fi
  docker rm -f $(docker ps -aq --filter "label=mapreduce.test=$project") >/dev/null 2>&1 || true
  docker network rm "$project-net" >/dev/null 2>&1 || true
  docker rmi "$image" >/dev/null 2>&1 || true
  docker image prune -f --filter label=dev.mapreduce.stage=build >/dev/null 2>&1 || true
  rm -rf "$work"
  if [[ -n "$started_dockerd" ]]; then
    kill "$started_dockerd" 2>/dev/null || true
    wait "$started_dockerd" 2>/dev/null || true
  fi
  return $rc
}
trap cleanup EXIT

if ensure_dockerd "$work/dockerd.log"; then pass "a Docker engine answers ($(docker version -f '{{.Server.Version}}'))"; else
  fail "a Docker engine answers"
  finish
  exit 1
fi

# ---- 2. images -----------------------------------------------------------------------------------
if [[ "${MAPREDUCE_SKIP_BUILD:-}" != 1 || ! -f "$jar" ]]; then
  echo "test-docker: building $jar"
  nice -n 10 mvn -B -q -DskipTests package
fi
t0=$SECONDS
check "base image $base (made from Debian's packages when missing)" ensure_base_image "$base"
echo "test-docker: base image ready in $((SECONDS - t0)) s"
t0=$SECONDS
check "docker build of the project image (multi-stage, prebuilt jar)" \
  docker build -q -t "$image" --build-arg BASE_IMAGE="$base" --build-arg BUILD_IMAGE="$base" \
  --build-arg PREBUILT_JAR=true .
echo "test-docker: project image built in $((SECONDS - t0)) s"
check "the image runs as a non-root user" test "$(docker image inspect -f '{{.Config.User}}' "$image")" = mapreduce
check "the image has a health check" test -n "$(docker image inspect -f '{{.Config.Healthcheck}}' "$image" | grep healthcheck)"

# ---- 3. the cluster ------------------------------------------------------------------------------
mkdir -p "$data"
chown 10001:10001 "$data" # the image's user writes the corpus and the output
# A small corpus and short timings so that the whole test takes about a minute; the pace keeps the
# map phase long enough (about 20 s) to kill a worker in its middle.
export MAPREDUCE_IMAGE="$image" MAPREDUCE_DATA="$data" MAPREDUCE_TOKEN="$token" \
  MAPREDUCE_HTTP_PORT="$http_port" MAPREDUCE_FILES=6 MAPREDUCE_FILE_SIZE=2MB \
  MAPREDUCE_PACE_MICROS=300 MAPREDUCE_HEARTBEAT=1s MAPREDUCE_FAILURE_TIMEOUT=4s MAPREDUCE_FAILURE_CHECK=500ms \
  MAPREDUCE_BASE_IMAGE="$base" MAPREDUCE_BUILD_IMAGE="$base" MAPREDUCE_PREBUILT_JAR=true

# The container of a service, whichever way the cluster was started.
cid() {
  if ((${#compose[@]})); then "${compose[@]}" -p "$project" ps -q "$1"; else docker ps -aq --filter "name=^$project-$1\$"; fi
}

# Without compose: the same services as docker-compose.yml, on a network this script creates.
plain_up() {
  local net="$project-net" w
  local common=(--label "mapreduce.test=$project" --network "$net" -v "$data:/data" -e MAPREDUCE_TOKEN="$token")
  docker network create "$net" >/dev/null
  docker run --name "$project-sample" "${common[@]}" "$image" sample --output /data/input \
    --files "$MAPREDUCE_FILES" --file-size "$MAPREDUCE_FILE_SIZE" >/dev/null
  docker run -d --name "$project-coordinator" --hostname coordinator --network-alias coordinator \
    "${common[@]}" -e MAPREDUCE_HEALTH=http:8080 -p "127.0.0.1:$http_port:8080" "$image" \
    coordinator --job wordcount --input /data/input --output /data/output --reducers 3 \
    --split-size 1MB --bind 0.0.0.0 --port 50051 --http-port 8080 \
    --set "wordcount.pause.micros.per.line=$MAPREDUCE_PACE_MICROS" \
    --heartbeat-interval "$MAPREDUCE_HEARTBEAT" --failure-timeout "$MAPREDUCE_FAILURE_TIMEOUT" \
    --failure-check-interval "$MAPREDUCE_FAILURE_CHECK" >/dev/null
  for w in worker1 worker2 worker3; do
    docker run -d --name "$project-$w" --hostname "$w" --network-alias "$w" "${common[@]}" \
      -e MAPREDUCE_HEALTH=tcp:50061 "$image" worker --coordinator coordinator:50051 --id "$w" \
      --bind 0.0.0.0 --advertise-host "$w" --shuffle-port 50061 --work-dir /work \
      --allow-plaintext-token >/dev/null
  done
}

if ((${#compose[@]})); then
  check "docker-compose.yml is valid (${compose[*]} config)" "${compose[@]}" -p "$project" config -q
  check "cluster started with ${compose[*]} up" "${compose[@]}" -p "$project" up -d
else
  echo "test-docker: no compose command; starting the same services with docker run"
  check "cluster started with docker run on network $project-net" plain_up
fi

# Polls (never sleeps blindly) until a condition holds or the deadline passes.
wait_for() {
  local seconds="$1"
  shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}
status_json() { curl -s --max-time 2 "http://127.0.0.1:$http_port/status.json"; }
# Maps completed by worker $1 according to the status page (0 if unknown).
tasks_done() {
  status_json | awk -v w="\"$1\"" '$0 ~ "\"id\": " w {f = 1} f && /tasksCompleted/ {gsub(/[^0-9]/, ""); print; exit}'
}
worker2_has_map_output() { [[ "$(tasks_done worker2)" -ge 1 ]] 2>/dev/null; }
healthy() { [[ "$(docker inspect -f '{{.State.Health.Status}}' "$(cid "$1")" 2>/dev/null)" == healthy ]]; }
# Milliseconds since midnight UTC of a HH:MM:SS.mmm log time stamp, and of now.
ms_of() { local h m s; IFS=: read -r h m s <<<"$1"; echo $(((10#$h * 3600 + 10#$m * 60) * 1000 + 10#${s%.*} * 1000 + 10#${s#*.})); }
now_ms() { ms_of "$(date -u +%H:%M:%S.%3N)"; }

check "the coordinator's health check reports healthy" wait_for 60 healthy coordinator
check "worker2 completed a map task (its output lives only in its container)" wait_for 90 worker2_has_map_output
phase="$(status_json | awk -F'"' '/"phase"/ {print $4; exit}')"
kill_ms="$(now_ms)"
check "worker2's container killed with SIGKILL during phase $phase" docker kill "$(cid worker2)"
check "the kill happened mid-map" test "$phase" = MAP

success="$data/output/_SUCCESS"
check "the job committed (_SUCCESS written)" wait_for 180 test -f "$success"
coord="$(cid coordinator)"
container_state() { docker inspect -f '{{.State.Status}}' "$1" 2>/dev/null; }
# The state is read again on every poll (a $(...) in the arguments would be read once).
coordinator_exited() { [[ -n "$coord" && "$(container_state "$coord")" == exited ]]; }
check "the coordinator exited" wait_for 30 coordinator_exited
check "the coordinator exited 0" \
  test "$(docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$coord" 2>/dev/null)" = "exited 0"
docker logs "$coord" >"$work/coordinator.log" 2>&1 || true
failed_line="$(grep -m1 'worker2 FAILED' "$work/coordinator.log" || true)"
check "the coordinator declared worker2 FAILED" test -n "$failed_line"
if [[ -n "$failed_line" ]]; then
  echo "    $failed_line"
  echo "    time from the kill to FAILED: $(($(ms_of "${failed_line%% *}") - kill_ms)) ms (failure timeout 4 s, checked every 0.5 s, heartbeats 1 s)"
fi
# Only the failedWorkers list counts: the name may also appear among the excluded workers.
worker2_in_failed_workers() {
  tr -d '\n' <"$success" | grep -o '"failedWorkers": *\[[^]]*\]' | grep -q '"worker2"'
}
check "_SUCCESS lists worker2 among the failed workers" worker2_in_failed_workers
echo "    $(grep -E '"(attempts|reassignments|durationMillis)"' "$success" | tr -d ' \n')"

java scripts/lib/ReferenceWordCount.java "$data/input" >"$work/reference.txt"
# No part file (a failed job) must fail this check, not stop the script before its summary.
{ cat "$data"/output/part-r-* 2>/dev/null || true; } | LC_ALL=C sort >"$work/output.txt"
check "the output equals the independent count ($(wc -l <"$work/reference.txt") words)" \
  cmp "$work/reference.txt" "$work/output.txt"

# ---- 5. teardown ---------------------------------------------------------------------------------
if [[ "${KEEP:-}" != 1 ]]; then
  if ((${#compose[@]})); then "${compose[@]}" -p "$project" down -v >/dev/null 2>&1 || true; fi
  docker rm -f $(docker ps -aq --filter "label=mapreduce.test=$project") >/dev/null 2>&1 || true
  docker network rm "$project-net" >/dev/null 2>&1 || true
  check "no container of the test is left" test -z "$(docker ps -aq --filter "name=$project")"
  check "no network of the test is left" test -z "$(docker network ls -q --filter "name=$project")"
fi
finish
