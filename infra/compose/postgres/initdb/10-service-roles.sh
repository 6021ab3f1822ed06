#!/usr/bin/env bash
# Runs once, when the postgres image initialises an empty data volume (it runs the scripts of
# /docker-entrypoint-initdb.d as POSTGRES_USER): one database and one owning role per service,
# each with the password docker-compose.yml passes as <SERVICE>_DB_PASSWORD. The native stack
# does the same per fleet run (infra/local/src/fleet/run-database.ts). An existing volume keeps
# the roles it was initialised with: `docker compose down -v` to start over.
set -euo pipefail

# docker-compose.yml mounts infra/compose/postgres/create-service-database.sh here.
create=/usr/local/bin/create-service-database.sh
bash "$create" inventory "${INVENTORY_DB_PASSWORD:-}"
bash "$create" payment "${PAYMENT_DB_PASSWORD:-}"
bash "$create" delivery_assignment "${DELIVERY_ASSIGNMENT_DB_PASSWORD:-}"
bash "$create" booking "${BOOKING_DB_PASSWORD:-}"
