#!/bin/sh
# Prints a Redis ACL file: no anonymous access, an admin user, and the services' lock user
# with the rules of lock-user.acl (next to this script). Used by the native stack
# (infra/local/bin/servers/redis.sh) and by docker-compose.yml's redis nodes, so both apply the
# same users. POSIX sh: the redis image has no bash. Passwords come from the environment:
#   REDIS_ADMIN_USER, REDIS_ADMIN_PASSWORD, REDIS_LOCK_USER, REDIS_LOCK_PASSWORD
set -eu
here="$(dirname "$0")"
for var in REDIS_ADMIN_USER REDIS_ADMIN_PASSWORD REDIS_LOCK_USER REDIS_LOCK_PASSWORD; do
  eval "value=\${$var:-}"
  [ -n "$value" ] || { echo "write-users-acl.sh: $var is not set" >&2; exit 1; }
done
printf 'user default off\n'
printf 'user %s on >%s ~* &* +@all\n' "$REDIS_ADMIN_USER" "$REDIS_ADMIN_PASSWORD"
printf 'user %s on >%s %s\n' "$REDIS_LOCK_USER" "$REDIS_LOCK_PASSWORD" "$(cat "$here/lock-user.acl")"
