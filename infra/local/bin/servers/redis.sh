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
  spawn "$name" redis-server --port "$(redis_port "$name")" --bind "$LOCKSTEP_HOST" \
    --dir "$dir/data" --save '' --appendonly yes --appendfsync everysec \
    --protected-mode no --daemonize no --logfile ''
}

redis_probe() {
  [[ "$(redis-cli -h "$LOCKSTEP_HOST" -p "$(redis_port "$1")" ping 2>/dev/null)" == PONG ]]
}

redis_address() { echo "redis://$LOCKSTEP_HOST:$(redis_port "$1")"; }

redis_version() {
  redis-cli -h "$LOCKSTEP_HOST" -p "$(redis_port "$1")" info server 2>/dev/null \
    | awk -F: '/^redis_version/ { sub("\r", "", $2); print "Redis " $2 }'
}
