#!/bin/bash
# The image's HEALTHCHECK. Uses only bash (its /dev/tcp), because the runtime image may have no curl.
#   MAPREDUCE_HEALTH=http:PORT  healthy when GET /status.json on that port answers 200 (coordinator)
#   MAPREDUCE_HEALTH=tcp:PORT   healthy when the port accepts a connection (a worker's shuffle port)
#   MAPREDUCE_HEALTH=none       always healthy (one-shot commands such as `sample`)
set -euo pipefail
spec="${MAPREDUCE_HEALTH:-none}"
kind="${spec%%:*}"
port="${spec#*:}"
case "$kind" in
  none) exit 0 ;;
  tcp) exec 3<>"/dev/tcp/127.0.0.1/$port" ;;
  http)
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf 'GET /status.json HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
    IFS= read -r status <&3
    [[ "$status" == HTTP/1.?" 200"* ]] || { echo "status page answered: $status"; exit 1; }
    ;;
  *) echo "MAPREDUCE_HEALTH must be none, tcp:PORT or http:PORT, not '$spec'"; exit 1 ;;
esac
