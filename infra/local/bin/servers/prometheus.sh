# Prometheus from Debian's package (its classic web UI included), run as our own process with
# the config both stacks share, infra/observability/prometheus.yml, never the system service.
# That file's relative paths (alerts/, targets/) are laid out here in the run directory:
#   conf/prometheus.yml  a copy whose two static addresses are ports.env's
#   conf/alerts          -> infra/observability/alerts
#   conf/targets         -> targets/, where the fleet writes one file_sd file per service and run
prometheus_install() { command -v prometheus >/dev/null || apt_install prometheus; }

# Where file_sd target files go; @lockstep/infra-local's fleet writes the same path.
prometheus_targets_dir() { echo "$LOCKSTEP_RUN/prometheus/targets"; }

# Lays out the config directory: the shared prometheus.yml with ports.env's addresses for the
# two static targets, alerts/ and targets/ beside it. Separate from start so a test can check
# the result with promtool.
prometheus_configure() {
  local conf="$1" targets="$2"
  local shared="$LOCKSTEP_ROOT/infra/observability/prometheus.yml"
  mkdir -p "$conf" "$targets"
  sed -e "s#\"localhost:9090\"#\"$LOCKSTEP_HOST:$LOCKSTEP_PROMETHEUS_PORT\"#" \
    -e "s#\"jaeger:8889\"#\"$LOCKSTEP_HOST:$LOCKSTEP_SPANMETRICS_PORT\"#" "$shared" > "$conf/prometheus.yml"
  grep -q "\"$LOCKSTEP_HOST:$LOCKSTEP_SPANMETRICS_PORT\"" "$conf/prometheus.yml" \
    || die "$shared no longer names jaeger:8889, the address the native copy replaces"
  # A missing alerts directory leaves the link dangling: the rule glob then matches nothing.
  ln -sfn "$LOCKSTEP_ROOT/infra/observability/alerts" "$conf/alerts"
  ln -sfn "$targets" "$conf/targets"
}

prometheus_start() {
  local dir; dir="$(server_dir prometheus)"
  mkdir -p "$dir/data"
  prometheus_configure "$dir/conf" "$(prometheus_targets_dir)"
  # --web.enable-lifecycle: POST /-/reload picks up new rule files without a restart.
  spawn prometheus prometheus --config.file="$dir/conf/prometheus.yml" \
    --storage.tsdb.path="$dir/data" --storage.tsdb.retention.time=3d \
    --web.listen-address="$LOCKSTEP_HOST:$LOCKSTEP_PROMETHEUS_PORT" --web.enable-lifecycle
}

prometheus_probe() { http_ok "$LOCKSTEP_PROMETHEUS_PORT" /-/ready; }

prometheus_address() { echo "http://$LOCKSTEP_HOST:$LOCKSTEP_PROMETHEUS_PORT"; }

prometheus_version() {
  local v
  v="$(http_get "$LOCKSTEP_PROMETHEUS_PORT" /api/v1/status/buildinfo 2>/dev/null \
    | grep -o '"version":"[^"]*"' | cut -d'"' -f4)"
  [[ -n "$v" ]] && echo "Prometheus $v"
}
