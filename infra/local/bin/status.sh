#!/usr/bin/env bash
# One line per server: up/down, address, version, and the PID lockstep recorded for it.
# Exits non-zero when any server is down, so scripts can use it as a health check.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

printf '%-10s %-5s %-28s %-26s %s\n' SERVER STATE ADDRESS VERSION PID
down=0
for name in "${LOCKSTEP_SERVERS[@]}"; do
  addr="$(server_call "$name" address)"
  pid="$(live_pid "$name" || echo -)"
  if server_call "$name" probe >/dev/null 2>&1; then
    state=up; version="$(server_call "$name" version || true)"
  else
    state=down; version=-; down=$(( down + 1 ))
  fi
  printf '%-10s %-5s %-28s %-26s %s\n' "$name" "$state" "$addr" "${version:--}" "$pid"
done
exit $(( down > 0 ))
