#!/usr/bin/env bash
# `npm run demo`: the whole system on this machine, no Docker. Installs what is missing, starts
# the local stack (reusing servers already up), then hands over to the demo itself
# (loadtests/src/demo/demo.ts): two replicas of every service, a short flash sale and a Tatkal
# rush, a lock holder stopped past its lease, the audits, lock contention and one order's trace,
# and a live lock-contention page (its URL printed first), until Ctrl-C. Stops only the servers
# it started. Arguments go to the demo: --rate, --duration, --replicas, --exit-when-done,
# --show-middleware (list Express request-handler spans in the trace trees), --page-port (8090).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$LOCKSTEP_ROOT"
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 KAFKAJS_NO_PARTITIONER_WARNING=1

started=()
cleanup() {
  local rc=$?
  if (( ${#started[@]} > 0 )); then
    log "stopping the servers the demo started: ${started[*]}"
    bash infra/local/bin/down.sh "${started[@]}" || rc=1
  fi
  exit "$rc"
}
trap cleanup EXIT
# Ctrl-C reaches the demo too (same process group); it stops its replicas and exits, and the
# EXIT trap above then stops the servers. A no-op INT trap (not an ignore, which children
# would inherit) lets bash wait for the demo instead of dying first.
trap ':' INT

log "1/3 installing what is missing (first run: Debian packages, Kafka jars, k6, npm modules)"
bash infra/local/bin/install.sh

already_up=()
for name in "${LOCKSTEP_SERVERS[@]}"; do live_pid "$name" >/dev/null && already_up+=("$name"); done
log "2/3 starting the local stack"
bash infra/local/bin/up.sh
for name in "${LOCKSTEP_SERVERS[@]}"; do
  [[ " ${already_up[*]} " == *" $name "* ]] || started+=("$name")
done

log "3/3 starting the services and the load"
node --import tsx --conditions=lockstep-source loadtests/src/demo/demo.ts "$@"
