#!/usr/bin/env bash
# The engine as a process cluster: one coordinator JVM and WORKERS worker JVMs talking gRPC on
# loopback, started together; returns when all of them have exited, with the coordinator's status.
#
#   benchmarks/engine-grpc.sh MAPREDUCE_CLI INPUT OUTPUT REDUCERS WORKERS STATE_DIR [JOB]
#
# JOB is the coordinator's --job (default wordcount; run.sh also passes indexer).
# JVM flags come from MAPREDUCE_JAVA_OPTS, as for scripts/mapreduce. The coordinator's output goes
# to stdout; each worker logs to STATE_DIR/workerN.log and keeps its map output under
# STATE_DIR/work. When /usr/bin/time exists, every JVM runs under it and STATE_DIR/rss-sum-kb
# receives the sum of their peak resident set sizes (kB): run.sh reports that figure, since the
# peak that /usr/bin/time sees for this script is only that of its largest process.
set -euo pipefail

if [[ $# -ne 6 && $# -ne 7 ]]; then
  echo "usage: $0 MAPREDUCE_CLI INPUT OUTPUT REDUCERS WORKERS STATE_DIR [JOB]" >&2
  exit 2
fi
cli=$1 input=$2 output=$3 reducers=$4 workers=$5 state=$6 job=${7:-wordcount}
mkdir -p "$state/work"
rm -f "$state"/*.rss "$state/rss-sum-kb"

# A free loopback port: one on which nothing accepts a connection.
port=""
for _ in $(seq 1 50); do
  p=$(( 20000 + RANDOM % 30000 ))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[[ -n "$port" ]] || { echo "engine-grpc: no free port found" >&2; exit 2; }

timed() { # NAME COMMAND...: becomes COMMAND (run it with &), recording its peak RSS in STATE_DIR/NAME.rss
  local name=$1; shift
  # exec: the background job's pid is then that of /usr/bin/time, whose only child is the JVM
  # (scripts/mapreduce execs java), so that cleanup can reach the JVM with pkill -P.
  if [[ -x /usr/bin/time ]]; then
    exec /usr/bin/time -f '%M' -o "$state/$name.rss" "$@"
  else
    exec "$@"
  fi
}

pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do
    pkill -TERM -P "$p" 2>/dev/null || true   # the JVM under /usr/bin/time, which would outlive it
    kill "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 143' TERM INT

timed coordinator "$cli" coordinator --job "$job" --input "$input" --output "$output" \
  --reducers "$reducers" --port "$port" --bind 127.0.0.1 &
coordinator=$!
pids+=("$coordinator")
for i in $(seq 1 "$workers"); do
  timed "worker$i" "$cli" worker --coordinator "127.0.0.1:$port" --id "bench-w$i" \
    --work-dir "$state/work" > "$state/worker$i.log" 2>&1 &
  pids+=("$!")
done

rc=0
wait "$coordinator" || rc=$?
# Workers leave once told that the job is over: give them 30 s in all (2 s if the coordinator
# failed, since then nobody tells them), then stop those still running.
grace=$([[ $rc -eq 0 ]] && echo 300 || echo 20)
for _ in $(seq 1 "$grace"); do
  alive=0
  for p in "${pids[@]:1}"; do kill -0 "$p" 2>/dev/null && alive=1; done
  [[ $alive -eq 0 ]] && break
  sleep 0.1
done
for p in "${pids[@]:1}"; do
  if kill -0 "$p" 2>/dev/null; then
    echo "engine-grpc: worker pid $p still running $((grace / 10)) s after the coordinator exited; stopping it" >&2
    pkill -TERM -P "$p" 2>/dev/null || true
    kill "$p" 2>/dev/null || true
  fi
  wait "$p" || echo "engine-grpc: worker pid $p exited with status $?" >&2
done
pids=()

if compgen -G "$state/*.rss" > /dev/null; then
  # /usr/bin/time writes "Command exited with non-zero status N" before the figure on failure.
  cat "$state"/*.rss | awk '/^[0-9]+$/ {s += $1} END {print s + 0}' > "$state/rss-sum-kb"
fi
exit "$rc"
