#!/usr/bin/env bash
# Makes Podman's Docker-compatible API service and Snakepit's test image available to the podman engine's tests
# (idempotent). Podman is optional: whatever cannot be done is a warning and the podman tests skip, saying why;
# this script never fails the CI.
#
# - installs Debian's podman and catatonit (the init Podman gives containers started with --init);
# - where rootful Podman's default rlimits (nofile 1048576, nproc 4194304) cannot be applied on this host, sets
#   default_ulimits in containers.conf so a plain `podman run` works (Snakepit's own containers ask for limits that fit
#   either way, see src/core/sandbox/podman/podmanClient.ts);
# - starts `podman system service` on the rootful socket when nothing answers there;
# - loads the test image: from dockerd when it has it (docker save | podman load), else from Debian packages
#   (mmdebstrap | podman import, as provision-docker.sh builds it).
set -uo pipefail
image=${SNAKEPIT_TEST_IMAGE:-snakepit/python:bookworm}
socket=${SNAKEPIT_PODMAN_SOCKET:-/run/podman/podman.sock}
conf=${SNAKEPIT_CONTAINERS_CONF:-/etc/containers/containers.conf}
log=/var/log/snakepit-podman.log

warn() {
  echo "warning: $*: the podman engine's tests will be skipped" >&2
  exit 0
}
answers() { curl -fsS --max-time 5 --unix-socket "$socket" http://podman/_ping >/dev/null 2>&1; }

missing=()
for p in podman catatonit; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } \
    || warn "could not install ${missing[*]}"
fi
command -v podman >/dev/null 2>&1 || warn "podman is not installed"

if ! podman image exists "$image"; then
  if docker image inspect "$image" >/dev/null 2>&1; then
    echo "loading $image from dockerd into podman"
    docker save "$image" | podman load >/dev/null || warn "could not load $image from dockerd"
  else
    echo "building $image from Debian packages for podman (mmdebstrap, ~30 s)"
    mmdebstrap --quiet --variant=apt --include=python3,python3-venv,python3-pip,python3-debugpy bookworm - \
      | podman import --change 'CMD ["python3"]' - "$image" >/dev/null || warn "could not build $image"
  fi
fi

# A plain `podman run` with Podman's default rlimits: where the host does not let Podman raise its limits that far,
# write limits that fit into containers.conf (only when the file sets none of its own).
if ! out=$(podman run --rm --network none "$image" true 2>&1); then
  if grep -q 'error setting rlimit' <<<"$out"; then
    if grep -qs '^[[:space:]]*default_ulimits' "$conf"; then
      echo "warning: $conf sets default_ulimits, and podman run still fails: $out" >&2
    else
      nofile=$(ulimit -Hn); [ "$nofile" = unlimited ] || [ "$nofile" -gt 4096 ] && nofile=4096
      echo "podman cannot apply its default rlimits here: setting default_ulimits (nofile=1024:$nofile, nproc=4096:4096) in $conf"
      mkdir -p "$(dirname "$conf")"
      if grep -qs '^\[containers\]' "$conf"; then
        sed -i "/^\[containers\]/a default_ulimits = [\"nofile=1024:$nofile\", \"nproc=4096:4096\"]" "$conf"
      else
        printf '[containers]\ndefault_ulimits = ["nofile=1024:%s", "nproc=4096:4096"]\n' "$nofile" >>"$conf"
      fi
    fi
  fi
  podman run --rm --network none "$image" true >/dev/null 2>&1 || echo "warning: podman run still fails (Snakepit's sandboxes may not): $out" >&2
fi

# A service that answers but can no longer start containers (seen after hours and killed clients: "preparing container
# for attach: write child: broken pipe") is restarted: a container run through the socket (with rlimits Podman can
# apply here, as Snakepit asks for) must work.
if answers && ! DOCKER_HOST="unix://$socket" timeout 120 docker run --rm --network none --ulimit nofile=1024:4096 --ulimit nproc=4096:4096 "$image" true >/dev/null 2>&1; then
  echo "podman system service at $socket answers but cannot run a container: restarting it"
  pkill -f "podman system service.*$socket" || true
  sleep 2
fi

if ! answers; then
  echo "starting podman system service at unix://$socket"
  mkdir -p "$(dirname "$socket")"
  nohup podman system service --time=0 "unix://$socket" >"$log" 2>&1 &
  for _ in $(seq 1 60); do answers && break; sleep 0.5; done
  answers || warn "podman system service did not answer at $socket (see $log)"
fi
echo "podman $(podman version --format '{{.Server.Version}}' 2>/dev/null || podman --version) serving unix://$socket; $image: $(podman image inspect "$image" --format '{{.Size}}') bytes"
