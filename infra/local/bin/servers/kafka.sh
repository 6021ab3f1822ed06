# Kafka in KRaft mode, one node acting as broker and controller. The broker's jars come from
# Maven Central (org.apache.kafka:kafka_2.13 and its runtime dependencies) into a cache folder;
# the JDK runs them directly, so no tarball or Docker image is needed.
kafka_libs() { echo "$LOCKSTEP_CACHE/kafka-$LOCKSTEP_KAFKA_VERSION/libs"; }

kafka_install() {
  command -v java >/dev/null || apt_install default-jre-headless
  local libs; libs="$(kafka_libs)"
  [[ -f "$libs/.complete" ]] && return 0
  command -v mvn >/dev/null || apt_install maven
  log "resolving Kafka $LOCKSTEP_KAFKA_VERSION and its runtime dependencies from Maven Central"
  local work="$LOCKSTEP_CACHE/kafka-$LOCKSTEP_KAFKA_VERSION"
  mkdir -p "$work"
  cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.lockstep</groupId><artifactId>kafka-runtime</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId>
      <version>$LOCKSTEP_KAFKA_VERSION</version>
    </dependency>
  </dependencies>
</project>
POM
  rm -rf "$libs"
  mvn -q -B -f "$work/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$libs" >"$work/mvn.log" 2>&1 \
    || { tail -n 20 "$work/mvn.log" >&2; die "could not resolve Kafka jars from Maven Central (log: $work/mvn.log)"; }
  [[ -f "$libs/kafka_2.13-$LOCKSTEP_KAFKA_VERSION.jar" ]] || die "Kafka jar missing after resolution in $libs"
  touch "$libs/.complete"
}

# The SCRAM users the broker's storage is formatted with: `user=password` lines.
kafka_scram_users() {
  printf '%s=%s\n' "$LOCKSTEP_KAFKA_USER" "$LOCKSTEP_KAFKA_PASSWORD" \
    "$LOCKSTEP_KAFKA_SERVICE_USER" "$LOCKSTEP_KAFKA_SERVICE_PASSWORD"
}

kafka_start() {
  local dir; dir="$(server_dir kafka)"
  mkdir -p "$dir/conf" "$dir/data"
  # Single node: internal topics cannot have more replicas than brokers, so offsets and
  # transaction state are replicated once; topics are created by the repo, never on first use.
  # Clients log in with SASL/SCRAM-SHA-256 on the CLIENT listener, and so does the broker
  # itself (inter-broker traffic uses that listener, as the admin user). The controller
  # listener stays plaintext on loopback: only this process talks to it. The file holds the
  # admin password, so only we can read it.
  ( umask 077; cat > "$dir/conf/server.properties" <<CFG
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$LOCKSTEP_HOST:$LOCKSTEP_KAFKA_CONTROLLER_PORT
listeners=CLIENT://$LOCKSTEP_HOST:$LOCKSTEP_KAFKA_PORT,CONTROLLER://$LOCKSTEP_HOST:$LOCKSTEP_KAFKA_CONTROLLER_PORT
advertised.listeners=CLIENT://$LOCKSTEP_HOST:$LOCKSTEP_KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=CLIENT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,CLIENT:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-256
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-256
listener.name.client.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$LOCKSTEP_KAFKA_USER" password="$LOCKSTEP_KAFKA_PASSWORD";
log.dirs=$dir/data
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
log.retention.hours=24
CFG
  )
  cat > "$dir/conf/log4j2.properties" <<CFG
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.state.name = state.change.logger
logger.state.level = WARN
CFG
  # KRaft stores SCRAM users in its metadata, written when the storage is formatted. Storage
  # formatted for other users (an older stack without SASL, or a changed password) is
  # formatted again: the local stack's topics and offsets are test data.
  local users_digest
  users_digest="$(kafka_scram_users | sha256sum | cut -d' ' -f1)"
  if [[ -f "$dir/data/meta.properties" && "$(cat "$dir/data/.scram-users" 2>/dev/null)" != "$users_digest" ]]; then
    log "kafka: storage was formatted for other SASL users; formatting it again (local topics and offsets are dropped)"
    rm -rf "$dir/data"; mkdir -p "$dir/data"
  fi
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    # The same script formats the compose stack's volume (infra/compose/kafka), run here with a
    # kafka-storage.sh that starts the storage tool from the cached jars.
    mkdir -p "$dir/bin"
    printf '#!/bin/sh\nexec java -Xmx256m -cp "%s/*" kafka.tools.StorageTool "$@"\n' "$(kafka_libs)" \
      > "$dir/bin/kafka-storage.sh"
    chmod +x "$dir/bin/kafka-storage.sh"
    KAFKA_HOME="$dir" KAFKA_DATA_DIR="$dir/data" \
      KAFKA_CONTROLLER_ADDRESS="$LOCKSTEP_HOST:$LOCKSTEP_KAFKA_CONTROLLER_PORT" \
      CLUSTER_ID="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')" \
      SCRAM_ADMIN_USER="$LOCKSTEP_KAFKA_USER" SCRAM_ADMIN_PASSWORD="$LOCKSTEP_KAFKA_PASSWORD" \
      SCRAM_SERVICE_USER="$LOCKSTEP_KAFKA_SERVICE_USER" SCRAM_SERVICE_PASSWORD="$LOCKSTEP_KAFKA_SERVICE_PASSWORD" \
      sh "$LOCKSTEP_ROOT/infra/compose/kafka/format-storage.sh" >>"$(log_file kafka)" 2>&1 \
      || die "formatting Kafka storage failed; see $(log_file kafka)"
    echo "$users_digest" > "$dir/data/.scram-users"
  fi
  spawn kafka java -Xms256m -Xmx768m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$dir/conf/log4j2.properties" -Dkafka.logs.dir="$dir" \
    -cp "$(kafka_libs)/*" kafka.Kafka "$dir/conf/server.properties"
}

# Ready means a client can fetch metadata and sees the broker registered, through kafkajs,
# the client the services use (a bare port check passes before the controller is elected).
kafka_probe() {
  KAFKA_USERNAME="$LOCKSTEP_KAFKA_USER" KAFKA_PASSWORD="$LOCKSTEP_KAFKA_PASSWORD" \
    node "$LOCKSTEP_ROOT/infra/local/bin/kafka-probe.mjs" "$LOCKSTEP_HOST:$LOCKSTEP_KAFKA_PORT"
}

kafka_address() { echo "$LOCKSTEP_HOST:$LOCKSTEP_KAFKA_PORT"; }

kafka_version() {
  kafka_probe >/dev/null 2>&1 && echo "Kafka $LOCKSTEP_KAFKA_VERSION (KRaft, SASL)"
}
