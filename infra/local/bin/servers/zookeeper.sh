# ZooKeeper from Debian's package, started with the JDK from a generated config (the package's
# own service would use /var/lib/zookeeper and port 2181, which are not ours).
zookeeper_install() {
  command -v java >/dev/null || apt_install default-jre-headless
  [[ -f /usr/share/java/zookeeper.jar ]] || apt_install zookeeper
}

zookeeper_start() {
  local dir; dir="$(server_dir zookeeper)"
  mkdir -p "$dir/data" "$dir/conf"
  # tickTime 500 ms lets tests use sessions as short as 1 s (min = 2 ticks) to prove expiry;
  # the four-letter words ruok/srvr back the readiness probe and infra:status.
  cat > "$dir/conf/zoo.cfg" <<CFG
tickTime=500
initLimit=10
syncLimit=5
minSessionTimeout=1000
maxSessionTimeout=60000
dataDir=$dir/data
clientPort=$LOCKSTEP_ZOOKEEPER_PORT
clientPortAddress=$LOCKSTEP_HOST
4lw.commands.whitelist=ruok,srvr,stat,mntr
admin.enableServer=false
maxClientCnxns=0
CFG
  cat > "$dir/conf/log4j.properties" <<CFG
log4j.rootLogger=INFO, CONSOLE
log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender
log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout
log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n
CFG
  spawn zookeeper java -Xms128m -Xmx256m -Dzookeeper.log.dir="$dir" \
    -Dlog4j.configuration="file:$dir/conf/log4j.properties" \
    -cp "$dir/conf:/usr/share/java/zookeeper.jar:$(zookeeper_log_jars)" \
    org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/conf/zoo.cfg"
}

# ZooKeeper logs through slf4j; without a binding on the classpath it writes no log at all.
zookeeper_log_jars() {
  local jar jars=()
  for jar in /usr/share/java/slf4j-log4j12.jar /usr/share/java/log4j-1.2.jar; do
    [[ -f "$jar" ]] && jars+=("$jar")
  done
  local IFS=:; echo "${jars[*]}"
}

zookeeper_4lw() { # Sends a four-letter word and prints the reply.
  exec 3<>"/dev/tcp/$LOCKSTEP_HOST/$LOCKSTEP_ZOOKEEPER_PORT" || return 1
  printf '%s' "$1" >&3
  timeout 2 cat <&3
  exec 3<&-
}

zookeeper_probe() {
  # ruok only says the process runs; srvr answers once the server serves requests.
  [[ "$(zookeeper_4lw ruok 2>/dev/null)" == imok ]] && zookeeper_4lw srvr 2>/dev/null | grep -q '^Mode: standalone'
}

zookeeper_address() { echo "$LOCKSTEP_HOST:$LOCKSTEP_ZOOKEEPER_PORT"; }

zookeeper_version() {
  zookeeper_4lw srvr 2>/dev/null | awk -F': ' '/^Zookeeper version/ { split($2, v, "-"); print "ZooKeeper " v[1] }'
}
