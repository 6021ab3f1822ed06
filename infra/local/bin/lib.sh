# Shared helpers for the native local stack. Sourced, never run.
# Every server gets <run>/<name>/{data,<name>.log,<name>.pid}; nothing is written elsewhere.
set -euo pipefail

LOCKSTEP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
LOCKSTEP_HOME="${LOCKSTEP_HOME:-$LOCKSTEP_ROOT/.lockstep}"
LOCKSTEP_RUN="$LOCKSTEP_HOME/run"
LOCKSTEP_CACHE="$LOCKSTEP_HOME/cache"
LOCKSTEP_TOOLS="$LOCKSTEP_HOME/tools"
LOCKSTEP_SERVERS=(redis1 redis2 redis3 zookeeper etcd kafka postgres jaeger prometheus)

# Load infra/ports.env; a variable already set in the environment wins over the file.
while IFS='=' read -r key value; do
  [[ -z "$key" || "$key" == \#* ]] && continue
  if [[ -z "${!key:-}" ]]; then export "$key=$value"; fi
done < "$LOCKSTEP_ROOT/infra/ports.env"

log() { printf '%s [infra] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '\n[infra] ERROR: %s\n' "$*" >&2; exit 1; }

# Seconds since the epoch with milliseconds, for phase timings.
now_ms() { date +%s%3N; }

server_dir() { echo "$LOCKSTEP_RUN/$1"; }
pid_file() { echo "$LOCKSTEP_RUN/$1/$1.pid"; }
log_file() { echo "$LOCKSTEP_RUN/$1/$1.log"; }

# The PID we recorded for a server, if that process is still alive.
live_pid() {
  local f; f="$(pid_file "$1")"
  [[ -f "$f" ]] || return 1
  local pid; pid="$(cat "$f")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && { echo "$pid"; return 0; }
  return 1
}

port_in_use() { (exec 3<>"/dev/tcp/$LOCKSTEP_HOST/$1") 2>/dev/null; }

# Prints the response (status line, headers, body) to GET <path> on one of our ports, through
# bash's /dev/tcp, so probes need no curl. HTTP/1.0: the server closes when it has answered.
http_get() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s:%s\r\n\r\n" "$2" "$0" "$1" >&3
    cat <&3' "$LOCKSTEP_HOST" "$1" "$2"
}

# Whether GET <path> on one of our ports answers 200.
http_ok() { http_get "$1" "$2" 2>/dev/null | head -n 1 | grep -q '^HTTP/[0-9.]* 200 '; }

# Starts a long-running command in its own session, output to the server's log, PID recorded.
spawn() {
  local name="$1"; shift
  mkdir -p "$(server_dir "$name")"
  setsid "$@" >>"$(log_file "$name")" 2>&1 < /dev/null &
  echo $! > "$(pid_file "$name")"
}

# Polls a probe function until it succeeds, the process dies, or the deadline passes.
wait_ready() {
  local name="$1" probe="$2" timeout_s="${3:-60}"
  local deadline=$(( $(date +%s) + timeout_s ))
  until $probe >/dev/null 2>&1; do
    if ! live_pid "$name" >/dev/null; then
      tail -n 30 "$(log_file "$name")" >&2 || true
      die "$name exited during start-up; its log is $(log_file "$name")"
    fi
    if (( $(date +%s) >= deadline )); then
      tail -n 30 "$(log_file "$name")" >&2 || true
      die "$name did not become ready within ${timeout_s}s; its log is $(log_file "$name")"
    fi
    sleep 0.2
  done
}

# Stops one of our processes: SIGTERM, wait, then SIGKILL; only the recorded PID's group.
stop_pid() {
  local name="$1" pid="$2" grace_s="${3:-20}"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if (( waited >= grace_s * 10 )); then
      log "$name (pid $pid) ignored SIGTERM for ${grace_s}s; sending SIGKILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.1; waited=$(( waited + 1 ))
  done
}

need_root_or() {
  if [[ "$(id -u)" != 0 ]] && ! command -v sudo >/dev/null; then
    die "$1"
  fi
}

as_root() { if [[ "$(id -u)" == 0 ]]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=0
# Installs Debian packages that are missing, running apt-get update once if needed.
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  (( ${#missing[@]} == 0 )) && return 0
  need_root_or "missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}"
  log "installing Debian packages: ${missing[*]}"
  if (( APT_UPDATED == 0 )); then as_root apt-get update -qq; APT_UPDATED=1; fi
  # Packages such as prometheus and redis-server start a system service from their install
  # scripts; ours run as lockstep's own processes on lockstep's ports, so forbid that (exit 101
  # is policy-rc.d's "action forbidden") for the length of the install.
  local policy=/usr/sbin/policy-rc.d created=0
  if [[ ! -e "$policy" ]]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"; created=1
  fi
  local rc=0
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || rc=$?
  (( created )) && as_root rm -f "$policy"
  return "$rc"
}


# Calls <kind>_<action> for a server name; redis1..redis3 share the redis_* functions.
server_call() {
  local name="$1" action="$2"; shift 2
  local kind="$name"
  [[ "$name" == redis[0-9] ]] && kind=redis
  "${kind}_${action}" "$name" "$@"
}

server_defines() { # Whether a server kind overrides a generic action (e.g. postgres_stop).
  local kind="$1"; [[ "$kind" == redis[0-9] ]] && kind=redis
  declare -F "${kind}_$2" >/dev/null
}

# Node workspace dependencies: the Kafka probe and the tests use the project's clients.
# `npm install`, not `npm ci`: npm 11 writes lockfiles without the optional per-platform
# packages of biome and turbo for other platforms, and `npm ci` then refuses the lockfile as
# out of sync. `npm install` still installs the versions the lockfile pins.
ensure_node_modules() {
  if [[ ! -d "$LOCKSTEP_ROOT/node_modules/kafkajs" ]]; then
    log "installing npm dependencies (npm install, versions from package-lock.json)"
    (cd "$LOCKSTEP_ROOT" && npm install --no-audit --no-fund --loglevel=error) >&2
  fi
}

for f in "$LOCKSTEP_ROOT"/infra/local/bin/servers/*.sh; do source "$f"; done
