# Three independent Redis nodes (redis1..redis3): Redlock needs a majority of nodes that fail
# independently, so each has its own port, data directory and process.
redis_port() { local var="LOCKSTEP_REDIS${1#redis}_PORT"; echo "${!var}"; }

redis_install() { command -v redis-server >/dev/null || apt_install redis-server; }

redis_start() {
  local name="$1" dir; dir="$(server_dir "$name")"
  mkdir -p "$dir/data"
  # AOF with fsync every second keeps lock keys across a clean restart; a crash can lose the
  # last second, which is why Redlock nodes must stay down for one max TTL before rejoining
  # (see docs/locks.md). No RDB snapshots: they would fork on a 2-core machine mid-benchmark.
  # ACL users instead of an open port: no anonymous access (default off), an admin user for
  # tests and tools, and the services' lock user limited to the lock library's commands
  # (infra/redis/lock-user.acl). The passwords are the public development ones of ports.env,
  # written to an ACL file only we can read rather than onto the process list.
  local acl="$dir/users.acl"
  ( umask 077
    REDIS_ADMIN_USER="$LOCKSTEP_REDIS_USER" REDIS_ADMIN_PASSWORD="$LOCKSTEP_REDIS_PASSWORD" \
      REDIS_LOCK_USER="$LOCKSTEP_REDIS_LOCK_USER" REDIS_LOCK_PASSWORD="$LOCKSTEP_REDIS_LOCK_PASSWORD" \
      sh "$LOCKSTEP_ROOT/infra/redis/write-users-acl.sh" > "$acl"
  ) || die "could not write $acl"
  spawn "$name" redis-server --port "$(redis_port "$name")" --bind "$LOCKSTEP_HOST" \
    --dir "$dir/data" --save '' --appendonly yes --appendfsync everysec \
    --protected-mode no --daemonize no --logfile '' --aclfile "$acl"
}

# redis-cli as the admin user (REDISCLI_AUTH keeps the password off the process list).
redis_cli() {
  REDISCLI_AUTH="$LOCKSTEP_REDIS_PASSWORD" redis-cli --user "$LOCKSTEP_REDIS_USER" \
    -h "$LOCKSTEP_HOST" -p "$(redis_port "$1")" "${@:2}"
}

redis_probe() {
  [[ "$(redis_cli "$1" ping 2>/dev/null)" == PONG ]]
}

redis_address() { echo "redis://$LOCKSTEP_HOST:$(redis_port "$1")"; }

redis_version() {
  redis_cli "$1" info server 2>/dev/null \
    | awk -F: '/^redis_version/ { sub("\r", "", $2); print "Redis " $2 }'
}
