#!/usr/bin/env bash
# Makes a Docker engine and Snakepit's test image available (idempotent):
# starts dockerd when none answers, and builds snakepit/python:bookworm from
# Debian packages (no registry is reachable here) when it is missing.
#
# It also installs gVisor (Debian's runsc) and registers it with dockerd as the runtime "runsc", so the docker
# engine's tests run under both runc and runsc: the entry is merged into /etc/docker/daemon.json (other keys kept,
# an existing "runsc" entry left as it is) and a running dockerd reloads it on SIGHUP (its containers keep running).
set -euo pipefail
image=${SNAKEPIT_TEST_IMAGE:-snakepit/python:bookworm}
daemon_json=${SNAKEPIT_DOCKER_DAEMON_JSON:-/etc/docker/daemon.json}

has_runsc() { docker info --format '{{json .Runtimes}}' 2>/dev/null | grep -q '"runsc"'; }

if ! command -v runsc >/dev/null 2>&1; then
  echo "installing gVisor (Debian package runsc)"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends runsc >/dev/null 2>&1 \
    || { apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends runsc >/dev/null; } \
    || echo "warning: could not install runsc: the docker tests will run under runc only" >&2
fi
# ptrace: the platform that needs nothing from the host (no KVM, works nested); network none: sandboxes have no
# network anyway, and gVisor's netstack is then not started at all.
registered=none
command -v runsc >/dev/null 2>&1 && registered=$(python3 - "$daemon_json" "$(command -v runsc)" <<'PY'
import json, os, sys
path, runsc = sys.argv[1], sys.argv[2]
try:
    with open(path) as f:
        config = json.load(f)
except FileNotFoundError:
    config = {}
runtimes = config.setdefault('runtimes', {})
if 'runsc' in runtimes:
    print('kept')
    sys.exit(0)
runtimes['runsc'] = {'path': runsc, 'runtimeArgs': ['--platform=ptrace', '--network=none']}
os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
with open(path + '.snakepit-tmp', 'w') as f:
    json.dump(config, f, indent=2)
    f.write('\n')
os.replace(path + '.snakepit-tmp', path)
print('added')
PY
)
[ "$registered" = added ] && echo "registered runsc in $daemon_json"

if ! docker info >/dev/null 2>&1; then
  echo "starting dockerd"
  nohup dockerd >/var/log/snakepit-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start: see /var/log/snakepit-dockerd.log" >&2; exit 1; }
fi
if ! has_runsc; then
  # SIGHUP reloads daemon.json's runtimes without stopping dockerd or its containers.
  pid=$(pidof dockerd || true)
  if [ -n "$pid" ]; then
    echo "reloading dockerd ($pid) for the runsc runtime"
    kill -HUP $pid
    for _ in $(seq 1 40); do has_runsc && break; sleep 0.25; done
  fi
fi
if has_runsc; then
  echo "dockerd runtimes: $(docker info --format '{{range $name, $_ := .Runtimes}}{{$name}} {{end}}')"
else
  echo "warning: dockerd has no runsc runtime (is $daemon_json the daemon's configuration?): the runsc tests will be skipped" >&2
fi
# python3-debugpy: the debug adapter's tests debug with the image's own debugpy; strace: the gate's system-call
# trace. An image built before either was added is rebuilt under the same tag.
build=0
if ! docker image inspect "$image" >/dev/null 2>&1; then
  build=1
elif ! docker run --rm --network none --entrypoint python3 "$image" -c 'import debugpy' >/dev/null 2>&1; then
  echo "$image has no debugpy: rebuilding it"
  build=1
elif ! docker run --rm --network none --entrypoint strace "$image" -V >/dev/null 2>&1; then
  # strace: the gate's second witness (the import probe's system-call trace, src/core/packages/gate/witness/).
  echo "$image has no strace: rebuilding it"
  build=1
fi
if [ "$build" = 1 ]; then
  echo "building $image from Debian packages (mmdebstrap, ~30 s)"
  mmdebstrap --quiet --variant=apt --include=python3,python3-venv,python3-pip,python3-debugpy,strace bookworm - \
    | docker import --change 'CMD ["python3"]' - "$image"
fi
docker image inspect "$image" --format "$image ready ({{.Size}} bytes)"
