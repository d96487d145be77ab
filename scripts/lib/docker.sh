# Shared by scripts/test-docker.sh and scripts/run_cluster.sh --docker (sourced, not run).
# Finds a compose command, starts a Docker engine when none answers, and makes the local base image.

# The compose command as an array in $compose: the v2 plugin (`docker compose`) if the client has
# it, else the stand-alone `docker-compose` (Debian's package). Empty when neither is installed,
# or when MAPREDUCE_COMPOSE=none (to try the plain `docker run` path).
find_compose() {
  compose=()
  if [[ "${MAPREDUCE_COMPOSE:-}" == none ]]; then
    return 0
  elif docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
  elif command -v docker-compose >/dev/null 2>&1; then
    compose=(docker-compose)
  fi
}

# Starts dockerd in the background when no engine answers (a machine without systemd, or where
# the package's service was never started). Sets $started_dockerd to its pid, so that a test can
# stop the engine it started and only that one.
started_dockerd=""
ensure_dockerd() {
  local log="${1:-/var/log/mapreduce-dockerd.log}"
  docker info >/dev/null 2>&1 && return 0
  if ! command -v dockerd >/dev/null 2>&1; then
    echo "no Docker engine answers and dockerd is not installed (apt-get install docker.io)" >&2
    return 1
  fi
  echo "starting dockerd (log $log)"
  # setsid: the engine must not receive the terminal's signals meant for this script.
  setsid dockerd >"$log" 2>&1 </dev/null &
  started_dockerd=$!
  local deadline=$((SECONDS + 60))
  until docker info >/dev/null 2>&1; do
    if ((SECONDS > deadline)) || ! kill -0 "$started_dockerd" 2>/dev/null; then
      echo "dockerd did not come up; the end of its log:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    sleep 0.5
  done
}

# The Debian mirror this machine's apt already uses (so that debootstrap needs no other host).
debian_mirror() {
  local uri
  uri="$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list \
    /etc/apt/sources.list 2>/dev/null | grep -v -- '-security' | head -n 1 |
    sed -E 's/^URIs:[[:space:]]*//; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//; s/[[:space:]].*$//')"
  echo "${uri:-http://deb.debian.org/debian}"
}

# Makes $1 (an image tag) from Debian's packages if it is not there yet: debootstrap's minbase
# variant of bookworm with Debian's OpenJDK 17 JRE, imported with `docker import`. No registry is
# needed; about a minute the first time, nothing afterwards (the tag is the cache).
ensure_base_image() {
  local tag="$1"
  docker image inspect "$tag" >/dev/null 2>&1 && return 0
  command -v debootstrap >/dev/null 2>&1 || {
    echo "debootstrap is not installed (apt-get install debootstrap)" >&2
    return 1
  }
  local root mirror
  root="$(mktemp -d /var/tmp/mapreduce-base.XXXXXX)"
  mirror="$(debian_mirror)"
  echo "making the base image $tag: debootstrap bookworm + openjdk-17-jre-headless from $mirror"
  if ! debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$root" "$mirror" \
    >"$root.log" 2>&1; then
    echo "debootstrap failed; the end of its log:" >&2
    tail -n 20 "$root.log" >&2
    rm -rf "$root" "$root.log"
    return 1
  fi
  # The package cache and lists are of no use in the image.
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/*
  local imported=0
  tar -C "$root" -c . | docker import -c 'ENV LANG=C.UTF-8' - "$tag" >/dev/null || imported=$?
  rm -rf "$root" "$root.log"
  # Callers may run this with errexit off: say whether the image was made, not how rm went.
  return "$imported"
}
