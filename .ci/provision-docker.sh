#!/usr/bin/env bash
# Makes a Docker engine and Snakepit's test image available (idempotent):
# starts dockerd when none answers, and builds snakepit/python:bookworm from
# Debian packages (no registry is reachable here) when it is missing.
set -euo pipefail
image=${SNAKEPIT_TEST_IMAGE:-snakepit/python:bookworm}
if ! docker info >/dev/null 2>&1; then
  echo "starting dockerd"
  nohup dockerd >/var/log/snakepit-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start: see /var/log/snakepit-dockerd.log" >&2; exit 1; }
fi
# python3-debugpy: the debug adapter's tests debug with the image's own debugpy; an image
# built before it was added is rebuilt under the same tag.
build=0
if ! docker image inspect "$image" >/dev/null 2>&1; then
  build=1
elif ! docker run --rm --network none --entrypoint python3 "$image" -c 'import debugpy' >/dev/null 2>&1; then
  echo "$image has no debugpy: rebuilding it"
  build=1
fi
if [ "$build" = 1 ]; then
  echo "building $image from Debian packages (mmdebstrap, ~30 s)"
  mmdebstrap --quiet --variant=apt --include=python3,python3-venv,python3-pip,python3-debugpy bookworm - \
    | docker import --change 'CMD ["python3"]' - "$image"
fi
docker image inspect "$image" --format "$image ready ({{.Size}} bytes)"
