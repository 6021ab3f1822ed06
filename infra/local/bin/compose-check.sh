#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine. `docker-compose config -q` parses the
# file, interpolates the ${LOCKSTEP_*:-default} ports, and checks it against the Compose schema
# (unknown keys, wrong types, undefined volumes, depends_on naming a missing service). It does
# not need a daemon. When docker-compose (the Debian package, v1) is missing, the script installs
# it if it runs as root; otherwise it says what to install.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
compose_file="docker-compose.yml"

say() { printf '[compose-check] %s\n' "$*" >&2; }

if ! command -v docker-compose >/dev/null 2>&1; then
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "compose-check: FAIL docker-compose is not installed; run: sudo apt-get install -y docker-compose"
    exit 1
  fi
  say "docker-compose is missing; installing the Debian package"
  # Try first with the current package lists, and refresh them only if that fails.
  install_compose() { DEBIAN_FRONTEND=noninteractive apt-get install -y docker-compose >&2; }
  if ! install_compose && ! { apt-get update >&2 && install_compose; }; then
    echo "compose-check: FAIL could not install docker-compose with apt-get (its output is above)"
    exit 1
  fi
fi

cd "$root"
if docker-compose -f "$compose_file" config -q; then
  echo "compose-check: OK $compose_file is valid ($(docker-compose version --short))"
else
  echo "compose-check: FAIL $compose_file is invalid (docker-compose's errors are above)"
  exit 1
fi
