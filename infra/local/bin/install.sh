#!/usr/bin/env bash
# Installs whatever the local stack is missing: Debian packages for Redis, ZooKeeper, etcd,
# PostgreSQL, Prometheus and Chromium; Kafka's jars from Maven Central; k6, compose-check and
# Jaeger built from Go modules; npm dependencies.
# Safe to run again.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v node >/dev/null || die "Node.js 20 or newer is required (https://nodejs.org); install it first"
command -v java >/dev/null || apt_install default-jre-headless
# The tools every probe uses; netcat-free on purpose (bash /dev/tcp does the four-letter words).
apt_install redis-tools procps util-linux
# Prometheus (with promtool, which tests the alert rules) runs as our own process; Chromium
# drives the lock-contention page in its browser test.
apt_install prometheus chromium
for kind in redis zookeeper etcd postgres kafka; do "${kind}_install"; done
bash "$LOCKSTEP_ROOT/infra/local/bin/install-k6.sh"
# After k6, so a cold build reuses the standard library k6 compiled into the Go build cache.
bash "$LOCKSTEP_ROOT/infra/local/bin/install-compose-check.sh"
# Last of the Go builds and the longest (10-15 minutes cold on 2 cores); it reuses the standard
# library and the modules the two above put in Go's caches.
jaeger_install
ensure_node_modules
log "all prerequisites present"
