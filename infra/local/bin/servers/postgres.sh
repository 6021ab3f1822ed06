# A private PostgreSQL cluster (initdb) on its own port, never the system service. initdb and
# postgres refuse to run as root, so as root the cluster runs as the 'postgres' system user.
postgres_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [[ -x "$d/initdb" ]] && { echo "$d"; return 0; }; done
  return 1
}

postgres_install() {
  postgres_bin >/dev/null || apt_install postgresql
  postgres_bin >/dev/null || die "PostgreSQL server binaries not found; install the 'postgresql' Debian package"
}

postgres_as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_start() {
  local dir bin; dir="$(server_dir postgres)"; bin="$(postgres_bin)"
  mkdir -p "$dir"
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    rm -rf "$dir/data"; mkdir -p "$dir/data"
    [[ "$(id -u)" == 0 ]] && chown -R postgres:postgres "$dir"
    local pwfile="$dir/.pw"; echo "$LOCKSTEP_POSTGRES_PASSWORD" > "$pwfile"
    [[ "$(id -u)" == 0 ]] && chown postgres "$pwfile"
    postgres_as_owner "$bin/initdb" -D "$dir/data" -U "$LOCKSTEP_POSTGRES_USER" --pwfile="$pwfile" \
      -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >>"$(log_file postgres)" 2>&1 \
      || die "initdb failed; see $(log_file postgres)"
    rm -f "$pwfile"
  fi
  [[ "$(id -u)" == 0 ]] && chown -R postgres:postgres "$dir"
  # Sized for many service replicas and tests on one small machine; fsync stays on.
  spawn postgres $(as_postgres_owner) "$bin/postgres" -D "$dir/data" -p "$LOCKSTEP_POSTGRES_PORT" \
    -c listen_addresses="$LOCKSTEP_HOST" -c unix_socket_directories="$dir" \
    -c max_connections=300 -c shared_buffers=256MB -c log_min_messages=warning \
    -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top
}

# setpriv execs in place (runuser would fork), so the recorded PID is the postmaster itself.
as_postgres_owner() {
  [[ "$(id -u)" == 0 ]] && echo "setpriv --reuid=postgres --regid=postgres --init-groups"
  return 0
}

postgres_stop() {
  local pid="$2"
  # SIGINT is PostgreSQL's fast shutdown: SIGTERM would wait for every client to disconnect.
  kill -INT "$pid" 2>/dev/null || true
  stop_pid postgres "$pid" 30
}

postgres_probe() {
  "$(postgres_bin)/pg_isready" -h "$LOCKSTEP_HOST" -p "$LOCKSTEP_POSTGRES_PORT" -q
}

postgres_address() { echo "postgres://$LOCKSTEP_HOST:$LOCKSTEP_POSTGRES_PORT"; }

postgres_version() {
  PGPASSWORD="$LOCKSTEP_POSTGRES_PASSWORD" psql -h "$LOCKSTEP_HOST" -p "$LOCKSTEP_POSTGRES_PORT" \
    -U "$LOCKSTEP_POSTGRES_USER" -d postgres -Atc 'show server_version' 2>/dev/null \
    | awk '{ print "PostgreSQL " $1 }'
}
