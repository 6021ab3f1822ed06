#!/usr/bin/env bash
# Stops every server lockstep started, by the PID it recorded, and checks none is left.
# Servers it did not start are never touched. Data stays under .lockstep/run for the next up.
# With server names as arguments (e.g. `down.sh kafka redis2`), stops only those.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

targets=("$@")
(( ${#targets[@]} > 0 )) || targets=("${LOCKSTEP_SERVERS[@]}")

left=0
# Reverse order: Kafka and the databases go before the things nobody depends on.
for (( i=${#targets[@]}-1; i>=0; i-- )); do
  name="${targets[$i]}"
  pid="$(live_pid "$name")" || { rm -f "$(pid_file "$name")"; continue; }
  log "stopping $name (pid $pid)"
  if server_defines "$name" stop; then server_call "$name" stop "$pid"; else stop_pid "$name" "$pid"; fi
  if kill -0 "$pid" 2>/dev/null; then left=$(( left + 1 )); log "$name (pid $pid) is still running"
  else rm -f "$(pid_file "$name")"; fi
done
(( left == 0 )) || die "$left server(s) could not be stopped"
log "local stack stopped"
