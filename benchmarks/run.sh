#!/usr/bin/env bash
# Word-count (or indexer) benchmark: the engine against Hadoop, Spark and two hand-written programs,
# each run as a whole process (JVM start to exit) on the same generated corpus, outputs checked
# against the one-thread program's, medians printed as a table. See benchmarks/README.md.
#
#   benchmarks/run.sh [--job wordcount] [--mb 1024] [--files 16] [--distinct 100000] [--zipf 1.0]
#                     [--seed 42] [--runs 3] [--systems "baseline-1t ..."] [--corpus DIR] [--work DIR]
#                     [--rebuild]
#
# Environment (flags win over it):
#   JOB=wordcount       the job: wordcount (word<TAB>count) or indexer (the engine's inverted index,
#                       word<TAB>n<TAB>file1,file2,...: the files each word occurs in, by name)
#   RUNS=3              measured runs per system, interleaved round-robin; medians are reported
#   SYSTEMS="baseline-1t baseline-mt engine engine-grpc hadoop spark"   (wordcount)
#   SYSTEMS="baseline-1t baseline-mt engine"   (indexer; engine-grpc can be added; there is no
#                       Hadoop or Spark indexer, so hadoop and spark are skipped with a message)
#   ENGINE_JAVA_OPTS=   JVM flags of the engine's JVMs only (engine, and every engine-grpc JVM), e.g. -Xmx256m
#   JAVA_OPTS=          JVM flags of every system's JVMs
#   REDUCERS=2          reduce tasks / output partitions (engine, engine-grpc, hadoop, spark)
#   ENGINE_WORKERS=2    in-process workers (engine) and worker JVMs (engine-grpc)
#   THREADS=$(nproc)    baseline-mt threads
#   HADOOP_MAP_THREADS=2 HADOOP_REDUCE_THREADS=2   LocalJobRunner thread pools
#   SPARK_MASTER=local[2]
#   WORK=/tmp/mapreduce-benchmarks   corpus (by default), outputs, logs, results.tsv, table.txt
#   CORPUS=DIR          the corpus directory (default: WORK/corpus-<parameters>); made if missing
#                       or generated with other parameters
#   TIMEOUT=1800        seconds before one run is stopped and counted as failed
#   ENGINE_PINNED=1     run the engine from a copy of its jar taken at start (0: scripts/mapreduce as is)
#   IDLE_WAIT=0         before each run, wait up to this many seconds for other processes to use
#                       less than 0.3 cores (a shared machine); 0 = do not wait
#   REBUILD=0           1 = rebuild the benchmark programs and the engine's jar even if present
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
ALL_SYSTEMS="baseline-1t baseline-mt engine engine-grpc hadoop spark"
INDEXER_SYSTEMS="baseline-1t baseline-mt engine engine-grpc"   # the systems that have an indexer

MB=1024 FILES=16 DISTINCT=100000 ZIPF=1.0 SEED=42
JOB="${JOB:-wordcount}"
RUNS="${RUNS:-3}"
SYSTEMS="${SYSTEMS:-}"
WORK="${WORK:-/tmp/mapreduce-benchmarks}"
CORPUS="${CORPUS:-}"
REBUILD="${REBUILD:-0}"
ENGINE_JAVA_OPTS="${ENGINE_JAVA_OPTS:-}"
JAVA_OPTS="${JAVA_OPTS:-}"
REDUCERS="${REDUCERS:-2}"
ENGINE_WORKERS="${ENGINE_WORKERS:-2}"
THREADS="${THREADS:-$(nproc)}"
HADOOP_MAP_THREADS="${HADOOP_MAP_THREADS:-2}"
HADOOP_REDUCE_THREADS="${HADOOP_REDUCE_THREADS:-2}"
SPARK_MASTER="${SPARK_MASTER:-local[2]}"
TIMEOUT="${TIMEOUT:-1800}"
IDLE_WAIT="${IDLE_WAIT:-0}"

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --job) JOB=$2; shift 2 ;;
    --mb) MB=$2; shift 2 ;;
    --files) FILES=$2; shift 2 ;;
    --distinct) DISTINCT=$2; shift 2 ;;
    --zipf) ZIPF=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --systems) SYSTEMS=$2; shift 2 ;;
    --corpus) CORPUS=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --rebuild) REBUILD=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage 2 ;;
  esac
done
case "$JOB" in
  wordcount) JOB_TITLE="Word count" ;;
  indexer) JOB_TITLE="Indexer (inverted index: word -> the files it occurs in)" ;;
  *) echo "run.sh: unknown job '$JOB' (known: wordcount indexer)" >&2; exit 2 ;;
esac
if [[ -z "$SYSTEMS" ]]; then
  [[ $JOB == indexer ]] && SYSTEMS="baseline-1t baseline-mt engine" || SYSTEMS="$ALL_SYSTEMS"
fi
for s in $SYSTEMS; do
  [[ " $ALL_SYSTEMS " == *" $s "* ]] || { echo "run.sh: unknown system '$s' (known: $ALL_SYSTEMS)" >&2; exit 2; }
done
SKIPPED=""
if [[ $JOB == indexer ]]; then
  kept=""
  for s in $SYSTEMS; do
    if [[ " $INDEXER_SYSTEMS " == *" $s "* ]]; then kept="$kept $s"; else SKIPPED="$SKIPPED $s"; fi
  done
  SYSTEMS=$kept SKIPPED=$(echo $SKIPPED)
  if [[ -n "$SKIPPED" ]]; then
    echo "run.sh: skipping $SKIPPED: the harness has no indexer program for them (--job indexer runs: $INDEXER_SYSTEMS)" >&2
  fi
  [[ -n "$(echo $SYSTEMS)" ]] || { echo "run.sh: no system left to run for --job indexer" >&2; exit 2; }
fi
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: RUNS must be a positive integer" >&2; exit 2; }
# baseline-1t's first run is the reference the others are compared with: run it first.
if [[ " $SYSTEMS " == *" baseline-1t "* ]]; then
  SYSTEMS="baseline-1t $(echo " $SYSTEMS " | sed 's/ baseline-1t / /g')"
fi
SYSTEMS=$(echo $SYSTEMS)
selected() { [[ " $SYSTEMS " == *" $1 "* ]]; }

mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
CORPUS="${CORPUS:-$WORK/corpus-${MB}m-${FILES}f-${DISTINCT}d-z${ZIPF}-s${SEED}}"
log() { echo "[run.sh $(date +%H:%M:%S)] $*" >&2; }

# --- tools -------------------------------------------------------------------------------------
command -v java > /dev/null || { echo "run.sh: java not found" >&2; exit 2; }
MEASURE="${MEASURE:-auto}"   # auto, gnu-time or python (the fallback, selectable for testing it)
if [[ $MEASURE != python && -x /usr/bin/time ]]; then
  MEASURE=gnu-time
elif command -v python3 > /dev/null; then
  if [[ $MEASURE == python ]]; then
    log "measuring with python3's os.wait4 (MEASURE=python)"
  else
    log "/usr/bin/time not found; measuring with python3's os.wait4 (apt-get install time gives /usr/bin/time)"
  fi
  MEASURE=python
else
  echo "run.sh: needs /usr/bin/time (Debian: apt-get install time) or python3 to measure CPU and peak RSS" >&2
  exit 2
fi
command -v timeout > /dev/null && TIMEOUT_CMD=(timeout -k 30 "$TIMEOUT") || TIMEOUT_CMD=()

# --- build what is missing ---------------------------------------------------------------------
COMMON_JAR="$BENCH/common/target/benchmarks-common.jar"
HADOOP_CP="$BENCH/hadoop/target/benchmarks-hadoop.jar:$BENCH/hadoop/target/lib/*"
SPARK_CP="$BENCH/spark/target/benchmarks-spark.jar:$BENCH/spark/target/lib/*"
ENGINE_JAR="$ROOT/mapreduce-cli/target/mapreduce-cli-0.1.0-SNAPSHOT-all.jar"
ENGINE_CLI="$ROOT/scripts/mapreduce"

modules=()
# A program whose sources changed since its jar was built is rebuilt too (a stale jar would lack
# a program added since, such as the indexers).
stale() { [[ ! -f "$1" ]] || [[ -n "$(find "$2" -newer "$1" -type f -print -quit)" ]]; }
[[ "$REBUILD" == 1 ]] || stale "$COMMON_JAR" "$BENCH/common/src" && modules+=(common)
selected hadoop && [[ "$REBUILD" == 1 || ! -f "$BENCH/hadoop/target/benchmarks-hadoop.jar" ]] && modules+=(hadoop)
selected spark && [[ "$REBUILD" == 1 || ! -f "$BENCH/spark/target/benchmarks-spark.jar" ]] && modules+=(spark)
if [[ ${#modules[@]} -gt 0 ]]; then
  log "building benchmark programs: ${modules[*]} (mvn -f benchmarks/pom.xml package)"
  command -v mvn > /dev/null || { echo "run.sh: mvn not found" >&2; exit 2; }
  (IFS=,; mvn -B -q -f "$BENCH/pom.xml" package -pl "${modules[*]}" -am)
fi
ENGINE_INFO="-"
if selected engine || selected engine-grpc; then
  if [[ "$REBUILD" == 1 || ! -f "$ENGINE_JAR" ]]; then
    log "building the engine (mvn -B -q install -DskipTests in $ROOT)"
    (cd "$ROOT" && mvn -B -q install -DskipTests)
  fi
  # Other people rebuild the engine while this runs: a JVM whose jar is replaced under it fails
  # with NoClassDefFoundError. So the engine runs from a copy of the jar taken now, launched the
  # way scripts/mapreduce launches it (ENGINE_PINNED=0 runs scripts/mapreduce itself instead).
  if [[ "${ENGINE_PINNED:-1}" == 1 ]]; then
    mkdir -p "$WORK/engine"
    pinned="$WORK/engine/mapreduce-cli-all.jar"
    for attempt in 1 2 3 4 5 6; do
      cp -p "$ENGINE_JAR" "$pinned.tmp"
      # A copy taken while a build rewrites the jar is broken: check that the CLI loads from it.
      if java -cp "$pinned.tmp" dev.mapreduce.cli.MapReduceCli --version > /dev/null 2>&1 \
          && { ! command -v unzip > /dev/null || unzip -tqq "$pinned.tmp" > /dev/null 2>&1; }; then
        mv "$pinned.tmp" "$pinned"
        break
      fi
      [[ $attempt -eq 6 ]] && { echo "run.sh: could not take a sound copy of $ENGINE_JAR" >&2; exit 2; }
      log "the engine's jar is being rewritten; trying again in 10 s"
      sleep 10
    done
    cat > "$WORK/engine/mapreduce" <<LAUNCHER
#!/usr/bin/env bash
# scripts/mapreduce itself (its JVM flags), on the copy of the jar that run.sh took at start.
MAPREDUCE_JAR="$pinned" exec "$ROOT/scripts/mapreduce" "\$@"
LAUNCHER
    chmod +x "$WORK/engine/mapreduce"
      ENGINE_CLI="$WORK/engine/mapreduce"
  fi
  head_rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")
  changes=$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | { grep -v ' benchmarks/' || true; } | wc -l)
  dirty=$([[ $changes -gt 0 ]] && echo " + $changes changed files" || true)
  ENGINE_INFO="jar built $(date -r "${pinned:-$ENGINE_JAR}" '+%Y-%m-%d %H:%M'), work tree at commit $head_rev$dirty"
fi

# --- corpus ------------------------------------------------------------------------------------
corpus_id="format=mapreduce-benchmarks-corpus-v1 mb=$MB files=$FILES distinct=$DISTINCT zipf=$(awk -v z="$ZIPF" 'BEGIN {z += 0; if (z == int(z)) printf "%.1f", z; else print z}') seed=$SEED"
if [[ -f "$CORPUS/_CORPUS" ]] && [[ "$(head -1 "$CORPUS/_CORPUS")" == "$corpus_id" ]]; then
  log "reusing corpus $CORPUS"
else
  if [[ -e "$CORPUS" ]]; then
    if [[ ! -f "$CORPUS/_CORPUS" ]] && [[ -n "$(ls -A "$CORPUS" 2>/dev/null)" ]]; then
      echo "run.sh: $CORPUS exists and was not made by the generator; give another --corpus" >&2
      exit 2
    fi
    rm -rf "$CORPUS"
  fi
  log "generating corpus $CORPUS ($MB MiB, $FILES files, $DISTINCT distinct words, zipf $ZIPF, seed $SEED)"
  java -cp "$COMMON_JAR" dev.mapreduce.benchmarks.GenerateCorpus --out "$CORPUS" --mb "$MB" --files "$FILES" \
    --distinct "$DISTINCT" --zipf "$ZIPF" --seed "$SEED"
fi
CORPUS="$(cd "$CORPUS" && pwd)"
BYTES=$(find "$CORPUS" -type f ! -name '_*' ! -name '.*' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
MIB=$(awk -v b="$BYTES" 'BEGIN {printf "%.1f", b / 1048576}')

# --- one run -----------------------------------------------------------------------------------
HZ=$(getconf CLK_TCK)
busy_jiffies() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }   # user nice system irq softirq

wait_for_idle() {
  local until=$(( $(date +%s) + IDLE_WAIT )) a b
  while (( $(date +%s) < until )); do
    a=$(busy_jiffies); sleep 2; b=$(busy_jiffies)
    awk -v a="$a" -v b="$b" -v hz="$HZ" 'BEGIN {exit !((b - a) / hz / 2 < 0.3)}' && return 0
  done
  log "machine still busy after ${IDLE_WAIT}s; running anyway"
}

if [[ $JOB == indexer ]]; then
  BASELINE_1T=SingleThreadIndexer BASELINE_MT=ParallelIndexer
else
  BASELINE_1T=SingleThreadWordCount BASELINE_MT=ParallelWordCount
fi

command_for() { # SYSTEM OUT_DIR -> CMD array
  local sys=$1 out=$2
  case "$sys" in
    baseline-1t) CMD=(java $JAVA_OPTS -cp "$COMMON_JAR" "dev.mapreduce.benchmarks.$BASELINE_1T"
                      "$CORPUS" "$out/counts.tsv") ;;
    baseline-mt) CMD=(java $JAVA_OPTS -cp "$COMMON_JAR" "dev.mapreduce.benchmarks.$BASELINE_MT"
                      "$CORPUS" "$out/counts.tsv" "$THREADS") ;;
    hadoop) CMD=(java $JAVA_OPTS -cp "$HADOOP_CP" dev.mapreduce.benchmarks.HadoopWordCount
                 "$CORPUS" "$out/result" "$REDUCERS" "$HADOOP_MAP_THREADS" "$HADOOP_REDUCE_THREADS" "$out/tmp") ;;
    spark) CMD=(env SPARK_LOCAL_IP=127.0.0.1 java "@$BENCH/spark/jvm.options" $JAVA_OPTS -cp "$SPARK_CP"
                dev.mapreduce.benchmarks.SparkWordCount "$CORPUS" "$out/result" "$REDUCERS" "$SPARK_MASTER" "$out/tmp") ;;
    engine) CMD=(env MAPREDUCE_JAVA_OPTS="$JAVA_OPTS $ENGINE_JAVA_OPTS" "$ENGINE_CLI" run --job "$JOB"
                 --input "$CORPUS" --output "$out/result" --workers "$ENGINE_WORKERS" --reducers "$REDUCERS") ;;
    engine-grpc) CMD=(env MAPREDUCE_JAVA_OPTS="$JAVA_OPTS $ENGINE_JAVA_OPTS" "$BENCH/engine-grpc.sh" "$ENGINE_CLI"
                      "$CORPUS" "$out/result" "$REDUCERS" "$ENGINE_WORKERS" "$out/cluster" "$JOB") ;;
  esac
}

measure() { # TIME_FILE LOG_FILE COMMAND... -> writes "wall user sys maxrss_kb" to TIME_FILE; returns the status
  local tf=$1 lf=$2; shift 2
  if [[ $MEASURE == gnu-time ]]; then
    /usr/bin/time -f '%e %U %S %M' -o "$tf.raw" "${TIMEOUT_CMD[@]}" "$@" > "$lf" 2>&1 || { local rc=$?; tail -1 "$tf.raw" > "$tf"; return $rc; }
    tail -1 "$tf.raw" > "$tf"
  else
    python3 - "$tf" "$lf" "${TIMEOUT_CMD[@]}" "$@" <<'PY'
import os, sys, time
tf, lf, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
t0 = time.monotonic()
with open(lf, "wb") as log:
    pid = os.fork()
    if pid == 0:
        os.dup2(log.fileno(), 1); os.dup2(log.fileno(), 2)
        try: os.execvp(cmd[0], cmd)
        finally: os._exit(127)
    _, status, ru = os.wait4(pid, 0)
wall = time.monotonic() - t0
open(tf, "w").write("%.2f %.2f %.2f %d\n" % (wall, ru.ru_utime, ru.ru_stime, ru.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8)
PY
  fi
}

normalize() { # OUT_DIR -> the output as sorted lines (word<TAB>count, or word<TAB>n<TAB>files) on stdout
  local out=$1
  if [[ -f "$out/counts.tsv" ]]; then
    LC_ALL=C sort -S 512M "$out/counts.tsv"
  else
    find "$out/result" -maxdepth 1 -type f -name 'part-*' -print0 | xargs -0 cat | LC_ALL=C sort -S 512M
  fi
}

RESULTS="$WORK/results.tsv"
REFERENCE="$WORK/reference.sorted"
rm -f "$REFERENCE"
printf 'system\trun\tstatus\twall_s\tuser_s\tsys_s\tcpu_s\trss_mb\tother_cores\tagrees\n' > "$RESULTS"

run_once() { # SYSTEM RUN_NUMBER [unmeasured]
  local sys=$1 run=$2 out="$WORK/out/$1"
  rm -rf "$out"
  mkdir -p "$out"
  command_for "$sys" "$out"
  [[ "$IDLE_WAIT" -gt 0 ]] && wait_for_idle
  local b0 b1 rc=0
  b0=$(busy_jiffies)
  measure "$out/time.txt" "$out/log.txt" "${CMD[@]}" || rc=$?
  b1=$(busy_jiffies)
  cp "$out/log.txt" "$WORK/logs/$sys.run$run.log"
  local wall user sys_s rss_kb
  read -r wall user sys_s rss_kb < "$out/time.txt" || true
  [[ -f "$out/cluster/rss-sum-kb" ]] && rss_kb=$(cat "$out/cluster/rss-sum-kb")
  local cpu other rss agrees="-"
  cpu=$(awk -v u="$user" -v s="$sys_s" 'BEGIN {printf "%.2f", u + s}')
  rss=$(awk -v k="$rss_kb" 'BEGIN {printf "%.0f", k / 1024}')
  other=$(awk -v a="$b0" -v b="$b1" -v hz="$HZ" -v c="$cpu" -v w="$wall" \
    'BEGIN {o = w > 0 ? ((b - a) / hz - c) / w : 0; printf "%.2f", o < 0 ? 0 : o}')
  if [[ $rc -ne 0 ]]; then
    log "$sys run $run FAILED (status $rc); last lines of $WORK/logs/$sys.run$run.log:"
    tail -15 "$out/log.txt" >&2
    printf '%s\t%s\tFAILED\t%s\t%s\t%s\t%s\t%s\t%s\t-\n' "$sys" "$run" "$wall" "$user" "$sys_s" "$cpu" "$rss" "$other" >> "$RESULTS"
    return 0
  fi
  normalize "$out" > "$WORK/out/$sys.sorted"
  if [[ ! -f "$REFERENCE" ]]; then
    mv "$WORK/out/$sys.sorted" "$REFERENCE"
    agrees=reference
  elif cmp -s "$WORK/out/$sys.sorted" "$REFERENCE"; then
    agrees=yes
    rm -f "$WORK/out/$sys.sorted"
  else
    agrees=NO
    cp "$WORK/out/$sys.sorted" "$WORK/logs/$sys.run$run.sorted"
    log "$sys run $run: output DIFFERS from baseline-1t's ($(wc -l < "$WORK/out/$sys.sorted") vs $(wc -l < "$REFERENCE") lines); first differences:"
    diff "$REFERENCE" "$WORK/out/$sys.sorted" | head -10 >&2 || true
  fi
  [[ "${3:-}" == unmeasured ]] && return 0
  printf '%s\t%s\tok\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$sys" "$run" "$wall" "$user" "$sys_s" "$cpu" "$rss" "$other" "$agrees" >> "$RESULTS"
  log "$sys run $run: wall ${wall}s cpu ${cpu}s rss ${rss}MB other-load ${other} agrees=$agrees"
}

# --- runs --------------------------------------------------------------------------------------
mkdir -p "$WORK/out" "$WORK/logs"
rm -f "$WORK"/logs/*
START_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
START_DATE=$(date '+%Y-%m-%d %H:%M %Z')
log "warming the page cache with the corpus ($MIB MiB)"
find "$CORPUS" -type f -exec cat {} + > /dev/null
if ! selected baseline-1t; then
  log "baseline-1t: one unmeasured run for the reference output"
  run_once baseline-1t 0 unmeasured
fi
for run in $(seq 1 "$RUNS"); do
  for sys in $SYSTEMS; do
    run_once "$sys" "$run"
  done
done
END_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)

# --- table -------------------------------------------------------------------------------------
median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
column_of() { awk -F'\t' -v s="$1" -v c="$2" '$1 == s && $3 == "ok" {print $c}' "$RESULTS"; }

cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
java_version=$(java -version 2>&1 | head -1)
keys=$( [[ -f "$REFERENCE" ]] && wc -l < "$REFERENCE" || echo "?")
base_wall=$(column_of baseline-1t 4 | median)
TABLE="$WORK/table.txt"
{
  echo "$JOB_TITLE, whole processes (JVM start to exit), median of $RUNS run(s) per system, runs interleaved"
  echo "job:     $JOB${SKIPPED:+ (skipped, no $JOB program: $SKIPPED)}"
  echo "date:    $START_DATE"
  echo "machine: $(nproc) cores (nproc), ${cpu_model:-unknown CPU}, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM; $java_version"
  echo "load:    load average $START_LOAD at start, $END_LOAD at end"
  echo "corpus:  $MIB MiB in $FILES files, Zipf $ZIPF over $DISTINCT words (seed $SEED): $keys distinct keys in the output; $CORPUS"
  echo "engine:  $ENGINE_INFO"
  echo "flags:   JAVA_OPTS='${JAVA_OPTS}' ENGINE_JAVA_OPTS='${ENGINE_JAVA_OPTS}' reducers=$REDUCERS engine workers=$ENGINE_WORKERS baseline-mt threads=$THREADS hadoop ${HADOOP_MAP_THREADS}m/${HADOOP_REDUCE_THREADS}r spark $SPARK_MASTER"
  echo
  printf '| %-12s | %8s | %7s | %15s | %7s | %14s | %-6s | %10s | %-20s |\n' \
    system "wall s" "MiB/s" "× 1-thread loop" "CPU s" "peak RSS MB" agrees "other load" "wall s of each run"
  printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' "--------------" "---------:" "--------:" "----------------:" \
    "--------:" "---------------:" "--------" "-----------:" "----------------------"
  for sys in $SYSTEMS; do
    n_ok=$(column_of "$sys" 4 | wc -l)
    n_all=$(awk -F'\t' -v s="$sys" '$1 == s' "$RESULTS" | wc -l)
    if [[ $n_ok -eq 0 ]]; then
      printf '| %-12s | %8s | %7s | %15s | %7s | %14s | %-6s | %10s | %-20s |\n' "$sys" FAILED - - - - - - "0 of $n_all ok"
      continue
    fi
    wall=$(column_of "$sys" 4 | median)
    cpu=$(column_of "$sys" 7 | median)
    rss=$(column_of "$sys" 8 | median)
    other=$(column_of "$sys" 9 | median)
    agrees=$(awk -F'\t' -v s="$sys" '$1 == s && $3 == "ok" {a[$10] = 1} END {
      if ("NO" in a) print "NO"; else if ("reference" in a) print "ref"; else print "yes"}' "$RESULTS")
    walls=$(awk -F'\t' -v s="$sys" '$1 == s {printf "%s%s", sep, ($3 == "ok" ? $4 : "fail"); sep = " "}' "$RESULTS")
    [[ $n_ok -lt $n_all ]] && walls="$walls ($((n_all - n_ok)) failed)"
    [[ $sys == engine-grpc ]] && rss=$(awk -v r="$rss" -v n="$ENGINE_WORKERS" 'BEGIN {printf "Σ%d JVMs %.0f", n + 1, r}')
    ratio=$(awk -v b="$base_wall" -v w="$wall" 'BEGIN {if (b == "nan" || w <= 0) print "-"; else printf "%.2f", b / w}')
    printf '| %-12s | %8.2f | %7.1f | %15s | %7.1f | %14s | %-6s | %10.2f | %-20s |\n' "$sys" "$wall" \
      "$(awk -v m="$MIB" -v w="$wall" 'BEGIN {print m / w}')" "$ratio" "$cpu" "$rss" "$agrees" "$other" "$walls"
  done
  echo
  echo "wall s: median wall time of the whole process; MiB/s: corpus MiB / wall s; × 1-thread loop: baseline-1t's"
  echo "wall ÷ this system's (its speed relative to the one-thread HashMap loop; > 1 is faster); CPU s: user + system"
  echo "of the process and its children; peak RSS MB: maximum resident set size (engine-grpc: the sum of its JVMs'"
  echo "peaks); agrees: sorted output identical to baseline-1t's on every run (ref = it is baseline-1t); other load:"
  echo "cores kept busy by other processes during the run, median (above ~0.2 the figures are contaminated)."
} | tee "$TABLE"
log "results: $RESULTS, table: $TABLE, logs: $WORK/logs"
if grep -q $'\tNO$' "$RESULTS"; then
  log "some outputs differ from baseline-1t's"
  exit 1
fi
if grep -q $'\tFAILED\t' "$RESULTS"; then
  log "some runs failed"
  exit 1
fi
