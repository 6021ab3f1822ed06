#!/usr/bin/env bash
# create-service-database.sh <name> <password>: one service's database and the login role that
# alone may use it, both called <name>. The role owns its database and nothing else: no
# superuser, no CREATEDB, no CREATEROLE, and CONNECT is revoked from PUBLIC, so another
# service's credential cannot open it. Connects as POSTGRES_USER (the postgres image's
# superuser); PGHOST, PGPORT and PGPASSWORD are honoured as psql always does.
set -euo pipefail

name="${1:?usage: create-service-database.sh <name> <password>}"
password="${2:-}"
[[ -n "$password" ]] || { echo "create-service-database.sh: no password given for role $name" >&2; exit 1; }

psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v name="$name" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
