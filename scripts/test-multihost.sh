#!/usr/bin/env bash
# The cluster on separate network hosts, with real cuts, loss and partitions.
#
# The coordinator and three workers each run in a network namespace of their own, with an address
# and a host name of their own (10.231.77.0/24: coord, w1, w2, w3), plugged by a veth pair into a
# bridge that lives in a fifth "switch" namespace: the test changes nothing in the machine's own
# namespace and addresses nothing outside it. Every node has a TLS certificate naming its host
# (signed by a CA made here; servers require client certificates) and the cluster a token. The
# input and output directories are shared, as a cluster's shared file system would be.
#
# Scenarios, each a word count whose output must equal an independent count:
#   healthy     no fault: the reference time
#   cut-worker  w1's link cut mid-map, restored once it is FAILED: its work is reassigned, it
#               re-registers and is given tasks again
#   lossy       loss and delay on w2's link for the whole job (tc netem; where the kernel has no
#               netem, nftables drops and a tbf bandwidth cap): commits, time compared to healthy
#   cut-coord   the coordinator's link cut for 2 s: workers retry, nothing is committed twice
#   partition   w2 and w3 cannot reach each other (both reach the coordinator and w1): fetch
#               failures, the maps re-run, the job commits
#
#   sudo scripts/test-multihost.sh [SCENARIO...]      (default: all; about 2-3 minutes)
# Needs root, iproute2 and openssl; skips (exit 0, with the reason) where namespaces cannot be made.
# The last line is "N passed, M failed"; KEEP=1 keeps the logs (the path is printed).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
jar="$here/mapreduce-cli/target/mapreduce-cli-0.1.0-SNAPSHOT-all.jar"
started=$SECONDS
passed=0
failed=0
scenarios=("$@")
((${#scenarios[@]})) || scenarios=(healthy cut-worker lossy cut-coord partition)

skip() {
  echo "test-multihost: SKIPPED: $*"
  echo "0 passed, 0 failed (skipped)"
  exit 0
}
((EUID == 0)) || skip "needs root to make network namespaces"
command -v ip >/dev/null 2>&1 || skip "needs iproute2 (ip)"
command -v openssl >/dev/null 2>&1 || skip "needs openssl for the certificates"

# Names are unique per run, so that two runs (or a leftover of a killed one) never collide.
tag="mr$(($$ % 100000))"
sw="$tag-sw"
hosts=(coord w1 w2 w3)
declare -A addr=([coord]=10.231.77.1 [w1]=10.231.77.11 [w2]=10.231.77.12 [w3]=10.231.77.13)
ns() { echo "$tag-$1"; }
work="$(mktemp -d /tmp/mapreduce-multihost.XXXXXX)"
pids=()
made_ns=()
# /etc/netns is removed again at the end if this run made it.
etc_netns_existed=0
[[ -d /etc/netns ]] && etc_netns_existed=1
declare -A wpid

cleanup() {
  local rc=$? p n
  # Only this shell's live background jobs: a pid of an earlier scenario's process, long reaped,
  # may belong to somebody else's process by now.
  for p in $(jobs -p); do kill -9 "$p" 2>/dev/null || true; done
  for p in $(jobs -p); do wait "$p" 2>/dev/null || true; done
  for n in "${made_ns[@]}"; do
    ip netns del "$n" 2>/dev/null || true # deleting a namespace deletes its veths and bridge
    rm -rf "/etc/netns/$n"
  done
  if ((etc_netns_existed == 0)); then rmdir /etc/netns 2>/dev/null || true; fi
  if [[ "${KEEP:-}" == 1 ]]; then echo "test-multihost: logs kept in $work"; else rm -rf "$work"; fi
  return $rc
}
trap cleanup EXIT

err="$(ip netns add "$sw" 2>&1)" || skip "cannot create a network namespace ($err)"
made_ns+=("$sw")

pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
check() { # check NAME COMMAND...: output shown only on failure
  local name="$1" out
  shift
  if out="$("$@" 2>&1)"; then pass "$name"; else fail "$name"; [[ -z "$out" ]] || echo "$out" | sed 's/^/    /'; fi
}
note() { echo "    $*"; }

# ---- the network ---------------------------------------------------------------------------------
ip -n "$sw" link set lo up
ip -n "$sw" link add br0 type bridge
ip -n "$sw" link set br0 up
for h in "${hosts[@]}"; do
  n="$(ns "$h")"
  ip netns add "$n"
  made_ns+=("$n")
  ip -n "$n" link set lo up
  # The veth is made inside the switch namespace with its peer sent straight to the host's.
  ip -n "$sw" link add "p-$h" type veth peer name eth0 netns "$n"
  ip -n "$sw" link set "p-$h" master br0 up
  ip -n "$n" addr add "${addr[$h]}/24" dev eth0
  ip -n "$n" link set eth0 up
  # `ip netns exec` bind-mounts /etc/netns/NAME/hosts over /etc/hosts: each host resolves the others.
  mkdir -p "/etc/netns/$n"
  {
    echo "127.0.0.1 localhost"
    for o in "${hosts[@]}"; do echo "${addr[$o]} $o"; done
  } >"/etc/netns/$n/hosts"
done
cut_link() { ip -n "$sw" link set "p-$1" down; }
restore_link() { ip -n "$sw" link set "p-$1" up; }

# Loss and delay: netem where the kernel has it; otherwise nftables' random drop and tbf's bandwidth
# cap, whose queue adds the delay (this machine kind's kernel is built without netem).
netem_ok=false
if ip netns exec "$sw" tc qdisc add dev lo root netem delay 1ms 2>/dev/null; then
  netem_ok=true
  ip netns exec "$sw" tc qdisc del dev lo root
fi

# ---- certificates and token ----------------------------------------------------------------------
tls="$work/tls"
mkdir -p "$tls"
ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
openssl req -x509 "${ec[@]}" -keyout "$tls/ca.key" -out "$tls/ca.pem" -days 2 \
  -subj "/CN=mapreduce multihost test CA" 2>/dev/null
for h in "${hosts[@]}"; do
  openssl req -new "${ec[@]}" -keyout "$tls/$h.key" -out "$tls/$h.csr" -subj "/CN=$h" 2>/dev/null
  printf 'subjectAltName=DNS:%s,IP:%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$h" "${addr[$h]}" >"$tls/$h.ext"
  openssl x509 -req -in "$tls/$h.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial \
    -days 2 -extfile "$tls/$h.ext" -out "$tls/$h.pem" 2>/dev/null
done
export MAPREDUCE_TOKEN="multihost-$RANDOM$RANDOM$RANDOM"
tls_args() { echo "--tls-cert $tls/$1.pem --tls-key $tls/$1.key --tls-ca $tls/ca.pem"; }

# ---- the job -------------------------------------------------------------------------------------
if [[ ! -f "$jar" ]]; then
  echo "test-multihost: building $jar"
  nice -n 10 mvn -B -q -DskipTests package
fi
java_cmd=(java -Xmx256m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.log.dev.mapreduce=debug
  -cp "$jar" dev.mapreduce.cli.MapReduceCli)
# 48 maps of 128 KiB, paced (a pause per line) so that the map phase lasts long enough to cut a
# link in its middle and see the worker come back while maps remain. Timings are short so that a
# FAILED takes about 3 s.
"${java_cmd[@]}" sample --output "$work/input" --files 6 --file-size 1MB >/dev/null
java scripts/lib/ReferenceWordCount.java "$work/input" >"$work/reference.txt"
timings=(--heartbeat-interval 500ms --rpc-timeout 2s)
coord_timings=(--failure-timeout 3s --failure-check-interval 250ms --status-interval 5s)
port=50050

# Starts a job's coordinator and workers; $run is the scenario's directory.
start_cluster() {
  run="$work/$1"
  port=$((port + 1))
  mkdir -p "$run"
  ip netns exec "$(ns coord)" "${java_cmd[@]}" coordinator --job wordcount --input "$work/input" \
    --output "$run/output" --reducers 3 --split-size 128KB --bind "${addr[coord]}" --port "$port" \
    --set wordcount.pause.micros.per.line=400 $(tls_args coord) "${timings[@]}" "${coord_timings[@]}" \
    >"$run/coord.log" 2>&1 &
  pids+=($!)
  coord_pid=$!
  local w
  for w in w1 w2 w3; do
    ip netns exec "$(ns "$w")" "${java_cmd[@]}" worker --coordinator "coord:$port" --id "$w" \
      --bind 0.0.0.0 --advertise-host "$w" --shuffle-port $((port + 100)) --work-dir "$run/wd-$w" \
      $(tls_args "$w") "${timings[@]}" >"$run/$w.log" 2>&1 &
    pids+=($!)
    wpid[$w]=$!
  done
}

now_ms() { date +%s%3N; }
# Milliseconds since the epoch of a log line's HH:MM:SS.mmm (today, local time, as the JVM logs it).
log_ms() { date -d "$(date +%F) $1" +%s%3N; }
# Polls until COMMAND succeeds or SECONDS pass (no blind sleeps).
wait_for() {
  local seconds="$1" deadline
  shift
  deadline=$(($(now_ms) + seconds * 1000))
  until "$@"; do
    (($(now_ms) < deadline)) || return 1
    sleep 0.1
  done
}
in_log() { grep -qE "$2" "$run/$1.log"; }
count_in_log() { grep -cE "$2" "$run/$1.log" || true; }
first_time() { grep -m1 -E "$2" "$run/$1.log" | cut -d' ' -f1; }

# Waits for the commit, the processes' exit, and checks the output; sets $wall_ms.
finish_job() {
  local name="$1"
  check "$name: the job committed" wait_for 150 test -f "$run/output/_SUCCESS"
  # The job's time: from the first worker's registration to the commit (JVM and TLS start-up,
  # several seconds on a loaded machine, would only blur a comparison between runs).
  wall_ms=$(($(log_ms "$(first_time coord "job 'wordcount' committed")") - $(log_ms "$(first_time coord "INFO w[0-9]+ registered")")))
  local rc=0
  wait "$coord_pid" || rc=$?
  check "$name: the coordinator exited 0" test "$rc" = 0
  # No part file (a failed job) must fail the comparison, not stop the script before its summary.
  { cat "$run"/output/part-r-* 2>/dev/null || true; } | LC_ALL=C sort >"$run/output.txt"
  check "$name: output equals the independent count" cmp "$work/reference.txt" "$run/output.txt"
  local dup
  dup="$(grep -oE '[mr]-[0-9]+ committed from' "$run/coord.log" | sort | uniq -d)"
  check "$name: no task committed twice" test -z "$dup"
  # Workers exit on their own once told the job is over; one that cannot be told gives up later.
  local w
  for w in w1 w2 w3; do
    wait_for 20 bash -c "! kill -0 ${wpid[$w]} 2>/dev/null" || kill -9 "${wpid[$w]}" 2>/dev/null || true
  done
  note "$name: job time $((wall_ms / 1000)).$(((wall_ms % 1000) / 100)) s (first registration to commit); $(tr -d ' \n' <"$run/output/_SUCCESS" | grep -oE '"(attempts|reassignments)":[0-9]+|"failedWorkers":\[[^]]*\]' | tr '\n' ' ')"
}

healthy_ms=""

scenario_healthy() {
  start_cluster healthy
  finish_job healthy
  healthy_ms=$wall_ms
  check "healthy: no worker FAILED" test "$(count_in_log coord ' FAILED ')" = 0
}

scenario_cut_worker() {
  start_cluster cut-worker
  # Mid-map: w1 has completed a map, so its output lives only on its disk.
  check "cut-worker: w1 completed a map before the cut" wait_for 60 in_log coord "m-[0-9]+-a[0-9]+ completed on w1"
  local cut restored failed_at
  cut=$(now_ms)
  cut_link w1
  check "cut-worker: w1 FAILED" wait_for 10 in_log coord "w1 FAILED"
  if in_log coord "w1 FAILED"; then
    failed_at=$(log_ms "$(first_time coord "w1 FAILED")")
    note "cut-worker: $(grep -m1 'w1 FAILED' "$run/coord.log")"
    note "cut-worker: time from the cut to FAILED: $((failed_at - cut)) ms; map outputs lost with w1: $(count_in_log coord 'output lost \(its worker w1')"
    check "cut-worker: FAILED within the 3 s timeout + 1 s ($((failed_at - cut)) ms)" test $((failed_at - cut)) -le 4000
  fi
  restore_link w1
  restored=$(now_ms)
  check "cut-worker: w1 re-registered after the link came back" wait_for 20 in_log coord "w1 re-registered"
  note "cut-worker: re-registered $(($(log_ms "$(first_time coord "w1 re-registered")") - restored)) ms after the link came back"
  # Used again: an attempt assigned to w1 after its re-registration.
  used_again() { sed -n '/w1 re-registered/,$p' "$run/coord.log" | grep -qE 'assigned to w1'; }
  check "cut-worker: w1 was given work again" wait_for 60 used_again
  finish_job cut-worker
  check "cut-worker: tasks were reassigned" grep -qE '"reassignments": [1-9]' "$run/output/_SUCCESS"
}

scenario_lossy() {
  local how
  if $netem_ok; then
    how="netem loss 5% delay 50ms+-20ms both ways"
    ip netns exec "$(ns w2)" tc qdisc add dev eth0 root netem loss 5% delay 50ms 20ms
    ip netns exec "$sw" tc qdisc add dev p-w2 root netem loss 5% delay 50ms 20ms
  else
    if ! command -v nft >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
      echo "test-multihost: installing nftables (for loss without netem)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nftables >/dev/null 2>&1 ||
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nftables >/dev/null; } || true
    fi
    if ! command -v nft >/dev/null 2>&1; then
      echo "SKIP lossy: this kernel has no netem and nft (nftables) is not installed"
      return 0
    fi
    how="no netem in this kernel: nftables drops 5% of packets both ways, tbf caps 8 Mbit/s (queue up to 200 ms) both ways"
    ip netns exec "$(ns w2)" nft -f - <<'EOF'
table inet lossy {
  chain in { type filter hook input priority 0; numgen random mod 100 < 5 drop; }
  chain out { type filter hook output priority 0; numgen random mod 100 < 5 drop; }
}
EOF
    ip netns exec "$(ns w2)" tc qdisc add dev eth0 root tbf rate 8mbit burst 16kb latency 200ms
    ip netns exec "$sw" tc qdisc add dev p-w2 root tbf rate 8mbit burst 16kb latency 200ms
  fi
  note "lossy: w2's link: $how"
  start_cluster lossy
  finish_job lossy
  ip netns exec "$(ns w2)" nft delete table inet lossy 2>/dev/null || true
  ip netns exec "$(ns w2)" tc qdisc del dev eth0 root 2>/dev/null || true
  ip netns exec "$sw" tc qdisc del dev p-w2 root 2>/dev/null || true
  note "lossy: backup attempts: $(count_in_log coord 'backup attempt'); backups on w2: $(count_in_log coord 'backup attempt .* assigned to w2'); w2 FAILED: $(count_in_log coord 'w2 FAILED'); fetch failures: $(count_in_log coord 'could not fetch')"
  if [[ -n "$healthy_ms" ]]; then
    local ratio
    ratio="$(awk -v a="$wall_ms" -v b="$healthy_ms" 'BEGIN {printf "%.2f", a / b}')"
    note "lossy: time / healthy time = $ratio"
    check "lossy: within 2x a healthy run's time (ratio $ratio)" awk -v r="$ratio" 'BEGIN {exit !(r <= 2.0)}'
  fi
}

scenario_cut_coord() {
  start_cluster cut-coord
  check "cut-coord: 3 maps completed before the cut" wait_for 60 bash -c "[[ \$(grep -cE 'm-[0-9]+-a[0-9]+ completed on' '$run/coord.log') -ge 3 ]]"
  cut_link coord
  local cut=$(now_ms)
  # Holding the cut for a fixed time is the point here, not waiting for a result: 2 s is shorter
  # than the 3 s failure timeout and as long as the RPC deadline, so calls time out and are retried.
  sleep 2
  restore_link coord
  note "cut-coord: link down for $(($(now_ms) - cut)) ms"
  finish_job cut-coord
  local retries=0 w
  for w in w1 w2 w3; do retries=$((retries + $(count_in_log "$w" 'unanswered'))); done
  note "cut-coord: unanswered calls retried by the workers: $retries; workers declared FAILED: $(count_in_log coord ' FAILED \(')"
  check "cut-coord: workers retried their calls" test "$retries" -gt 0
  check "cut-coord: no worker gave up on the coordinator" bash -c "! grep -q 'coordinator lost' '$run'/w?.log"
}

scenario_partition() {
  # Only w2<->w3 is cut: each host silently drops what it would send the other (blackhole
  # routes: no error comes back, calls time out). Both still reach the coordinator and w1.
  ip -n "$(ns w2)" route add blackhole "${addr[w3]}/32"
  ip -n "$(ns w3)" route add blackhole "${addr[w2]}/32"
  start_cluster partition
  finish_job partition
  ip -n "$(ns w2)" route del blackhole "${addr[w3]}/32"
  ip -n "$(ns w3)" route del blackhole "${addr[w2]}/32"
  local fetch rerun
  fetch=$(count_in_log coord 'could not fetch')
  rerun=$(count_in_log coord 'output lost.*map task will run again')
  note "partition: fetch failures reported: $fetch; map outputs re-run: $rerun"
  check "partition: fetch failures were reported" test "$fetch" -gt 0
  check "partition: maps were re-run" test "$rerun" -gt 0
}

for s in "${scenarios[@]}"; do
  echo "--- $s"
  t0=$SECONDS
  "scenario_${s//-/_}"
  note "$s: scenario took $((SECONDS - t0)) s"
done

echo "test-multihost: wall time $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
((failed == 0))
