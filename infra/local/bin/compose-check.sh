#!/usr/bin/env bash
# Validates docker-compose.yml (or the Compose file named as the only argument) without a Docker
# engine. The check is compose-check, our small Go program on compose-go, the loader `docker
# compose` v2 uses (infra/local/tools/compose-check). It parses the file, interpolates the
# ${LOCKSTEP_*:-default} ports, checks it against the Compose-spec schema (unknown keys, wrong
# types) and checks the project's consistency (undefined volumes and networks, depends_on naming
# a missing service). install-compose-check.sh builds it into .lockstep/tools when it is missing
# or was built from other sources, so this script works on a fresh machine that has Go.
#
# Prints one line: `compose-check: OK <file> is valid (...)`, or `compose-check: FAIL <file> ...`
# with the loader's error, and then exits 1.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
tool="${LOCKSTEP_HOME:-$root/.lockstep}/tools/compose-check"

if (( $# > 1 )); then
  echo "usage: compose-check.sh [compose-file]" >&2
  exit 2
fi
if (( $# == 1 )); then
  compose_file="$1"
else
  cd "$root"
  compose_file="docker-compose.yml"
fi

if ! bash "$root/infra/local/bin/install-compose-check.sh"; then
  echo "compose-check: FAIL could not build the validator (install-compose-check.sh's error is above)"
  exit 1
fi

rc=0
result="$("$tool" "$compose_file")" || rc=$?
case "$rc" in
  0) echo "compose-check: OK $compose_file is valid ($result)" ;;
  1)
    echo "compose-check: FAIL $compose_file is invalid: $result"
    exit 1
    ;;
  *)
    echo "compose-check: FAIL $tool exited $rc${result:+: $result}"
    exit 1
    ;;
esac
