#!/bin/sh
# Runs once before the broker (the kafka-format service of docker-compose.yml), on the broker's
# volume: KRaft keeps SASL/SCRAM users in its metadata, and the only way to have them before
# the first client connects is to write them when the storage is formatted. A formatted volume
# is left alone, so changing a password later means `docker compose down -v`.
# POSIX sh: it runs in the apache/kafka image. The environment gives CLUSTER_ID, the data
# directory and the two logins.
set -eu
data="${KAFKA_DATA_DIR:-/var/lib/kafka/data}"
if [ -f "$data/meta.properties" ]; then
  echo "kafka storage in $data is already formatted; its SCRAM users stay as they are"
  exit 0
fi
for var in CLUSTER_ID SCRAM_ADMIN_USER SCRAM_ADMIN_PASSWORD SCRAM_SERVICE_USER SCRAM_SERVICE_PASSWORD; do
  eval "value=\${$var:-}"
  [ -n "$value" ] || { echo "format-storage.sh: $var is not set" >&2; exit 1; }
done
# What formatting checks: the node, its quorum, a broker listener and where the metadata log
# lives. The broker itself runs with the image's configuration, built from KAFKA_* variables.
properties="$(mktemp)"
cat > "$properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${KAFKA_CONTROLLER_ADDRESS:-kafka:9093}
controller.listener.names=CONTROLLER
listeners=INTERNAL://:19092,CONTROLLER://:9093
listener.security.protocol.map=INTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=INTERNAL
log.dirs=$data
PROPERTIES
exec "${KAFKA_HOME:-/opt/kafka}/bin/kafka-storage.sh" format --cluster-id "$CLUSTER_ID" --config "$properties" \
  --add-scram "SCRAM-SHA-256=[name=$SCRAM_ADMIN_USER,password=$SCRAM_ADMIN_PASSWORD]" \
  --add-scram "SCRAM-SHA-256=[name=$SCRAM_SERVICE_USER,password=$SCRAM_SERVICE_PASSWORD]"
