#!/usr/bin/env bash
# Renders the live status page in headless Chromium and saves docs/status-page.png: proof that the
# page displays without JavaScript. Runs a paced word count on an embedded cluster with one worker
# crashing, and shoots mid-job. Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/docs/status-page.png}"
port="${MAPREDUCE_HTTP_PORT:-18081}"
command -v chromium >/dev/null || { echo "chromium is not installed (apt-get install chromium)" >&2; exit 2; }
jar="$here/mapreduce-cli/target/mapreduce-cli-0.1.0-SNAPSHOT-all.jar"
[[ -f "$jar" ]] || (cd "$here" && mvn -q -DskipTests install)
work="$(mktemp -d)"
trap 'kill $job 2>/dev/null || true; rm -rf "$work"' EXIT
java -cp "$jar" dev.mapreduce.cli.MapReduceCli sample --output "$work/in" --files 4 --file-size 1MB
java -cp "$jar" dev.mapreduce.examples.StatusPageDemo "$work/in" "$work/out" "$port" > "$work/job.log" 2>&1 &
job=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/status.json" | grep -q '"FAILED"' && break
  sleep 0.2
done
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/chrome" --hide-scrollbars --window-size=1200,1000 \
  --screenshot="$out" "http://127.0.0.1:$port/" 2>/dev/null
echo "saved $out"
