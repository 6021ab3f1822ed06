#!/usr/bin/env bash
# Starts every server of the local stack on loopback and waits until each really answers.
# Running it again is harmless: servers we already run are left alone.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_ms=$(now_ms)
bash "$LOCKSTEP_ROOT/infra/local/bin/install.sh"
mkdir -p "$LOCKSTEP_RUN"

for name in "${LOCKSTEP_SERVERS[@]}"; do
  if pid="$(live_pid "$name")"; then
    if server_call "$name" probe >/dev/null 2>&1; then
      log "$name already running (pid $pid)"; continue
    fi
    log "$name (pid $pid) is running but not answering; waiting for it"
    wait_ready "$name" "server_call $name probe" 60; continue
  fi
  # Something else on our port would make the probe lie: refuse instead of reusing a stranger.
  # A server that binds several ports (Jaeger) lists them all in <kind>_ports.
  addr="$(server_call "$name" address)"; ports="${addr##*:}"
  server_defines "$name" ports && ports="$(server_call "$name" ports)"
  for port in $ports; do
    port_in_use "$port" || continue
    var="$(grep -E "^LOCKSTEP_[A-Z0-9_]+_PORT=$port\$" "$LOCKSTEP_ROOT/infra/ports.env" | cut -d= -f1 | head -n1)"
    die "$name: port $port is already taken by a process lockstep did not start; stop that process or choose another port, e.g. export ${var:-the matching LOCKSTEP_*_PORT}=<free port>"
  done
  t0=$(now_ms)
  server_call "$name" start
  wait_ready "$name" "server_call $name probe" 90
  log "$name ready at $addr in $(( $(now_ms) - t0 )) ms (pid $(live_pid "$name"))"
done
log "local stack up in $(( $(now_ms) - start_ms )) ms; logs and data under $LOCKSTEP_RUN"
