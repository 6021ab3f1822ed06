# Jaeger v2, built from its Go module by install-jaeger.sh (no Debian package), started with the
# config both stacks share, infra/observability/jaeger.yaml: OTLP in on 4317/4318, traces in
# memory, the query API on 16686, span metrics for Prometheus on LOCKSTEP_SPANMETRICS_PORT.
# The config reads its addresses from the LOCKSTEP_* variables lib.sh exports from ports.env.
jaeger_bin() { echo "$LOCKSTEP_TOOLS/jaeger"; }

jaeger_install() { bash "$LOCKSTEP_ROOT/infra/local/bin/install-jaeger.sh"; }

jaeger_start() {
  [[ -x "$(jaeger_bin)" ]] || die "$(jaeger_bin) is missing; build it with npm run infra:install"
  # The Go module has no built UI, so Jaeger serves a placeholder page at / unless this names
  # a jaeger-ui build (a directory with index.html, e.g. jaeger-ui/packages/jaeger-ui/build).
  local ui="${LOCKSTEP_JAEGER_UI_DIR:-}"
  if [[ -n "$ui" && ! -f "$ui/index.html" ]]; then
    die "LOCKSTEP_JAEGER_UI_DIR=$ui has no index.html; point it at a built jaeger-ui (packages/jaeger-ui/build) or unset it"
  fi
  mkdir -p "$(server_dir jaeger)"
  # env execs in place, so the recorded PID is Jaeger's. The Monitor tab queries our Prometheus.
  spawn jaeger env LOCKSTEP_JAEGER_UI_DIR="$ui" \
    LOCKSTEP_PROMETHEUS_URL="http://$LOCKSTEP_HOST:$LOCKSTEP_PROMETHEUS_PORT" \
    "$(jaeger_bin)" --config "$LOCKSTEP_ROOT/infra/observability/jaeger.yaml"
}

# Every port Jaeger binds; up.sh refuses to start it when a stranger holds any of them.
jaeger_ports() {
  echo "$LOCKSTEP_JAEGER_UI_PORT $LOCKSTEP_OTLP_HTTP_PORT $LOCKSTEP_OTLP_GRPC_PORT" \
    "$LOCKSTEP_JAEGER_QUERY_GRPC_PORT $LOCKSTEP_SPANMETRICS_PORT $LOCKSTEP_JAEGER_HEALTH_PORT"
}

# Ready when the health check says every component runs and the query API answers; the OTLP
# receivers are components, so spans sent from then on are accepted.
jaeger_probe() {
  http_ok "$LOCKSTEP_JAEGER_HEALTH_PORT" /status && http_ok "$LOCKSTEP_JAEGER_UI_PORT" /api/services
}

jaeger_address() { echo "http://$LOCKSTEP_HOST:$LOCKSTEP_JAEGER_UI_PORT"; }

# The tag the binary was built from (install-jaeger.sh sets it); Jaeger has no version API.
jaeger_version() {
  local v
  v="$("$(jaeger_bin)" version 2>/dev/null | grep -o '"gitVersion":"[^"]*"' | cut -d'"' -f4)"
  [[ -n "$v" ]] && echo "Jaeger $v (v2 binary)"
}
