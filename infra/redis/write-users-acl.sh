#!/bin/sh
# Prints a Redis ACL file: no anonymous access (default off), an admin user, and the services'
# lock user with the rules of lock-user.acl (next to this script). Used by the native stack
# (infra/local/bin/servers/redis.sh) and by docker-compose.yml's redis nodes, so both apply the
# same users. POSIX sh: the redis image has no bash. Passwords come from the environment:
#   REDIS_ADMIN_USER, REDIS_ADMIN_PASSWORD, REDIS_LOCK_USER, REDIS_LOCK_PASSWORD
set -eu
here="$(dirname "$0")"
for var in REDIS_ADMIN_USER REDIS_ADMIN_PASSWORD REDIS_LOCK_USER REDIS_LOCK_PASSWORD; do
  eval "value=\${$var:-}"
  [ -n "$value" ] || { echo "write-users-acl.sh: $var is not set" >&2; exit 1; }
done
# default is off, so no connection can use it or log in as it. It still holds every
# permission because Redis replays the append-only file as default, and Redis 7.0 re-checks
# the permissions of a MULTI/EXEC while loading (redis/redis#14541): allowed nothing, default
# dropped every lock script's writes at restart (scripts are logged wrapped in MULTI/EXEC),
# and lock keys and fencing counters came back empty (infra/local/test/redis-aof-acl.test.ts).
printf 'user default off ~* &* +@all\n'
printf 'user %s on >%s ~* &* +@all\n' "$REDIS_ADMIN_USER" "$REDIS_ADMIN_PASSWORD"
printf 'user %s on >%s %s\n' "$REDIS_LOCK_USER" "$REDIS_LOCK_PASSWORD" "$(cat "$here/lock-user.acl")"
