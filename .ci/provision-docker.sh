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
if ! docker image inspect "$image" >/dev/null 2>&1; then
  echo "building $image from Debian packages (mmdebstrap, ~30 s)"
  mmdebstrap --quiet --variant=apt --include=python3,python3-venv,python3-pip bookworm - \
    | docker import --change 'CMD ["python3"]' - "$image"
fi
docker image inspect "$image" --format "$image ready ({{.Size}} bytes)"
