# A single-member etcd from Debian's etcd-server package (etcdctl from etcd-client).
etcd_install() {
  command -v etcd >/dev/null || apt_install etcd-server
  command -v etcdctl >/dev/null || apt_install etcd-client
}

etcd_url() { echo "http://$LOCKSTEP_HOST:$LOCKSTEP_ETCD_PORT"; }

etcd_start() {
  local dir; dir="$(server_dir etcd)"
  mkdir -p "$dir/data"
  local peer="http://$LOCKSTEP_HOST:$LOCKSTEP_ETCD_PEER_PORT"
  # ETCD_UNSUPPORTED_ARCH is unset on purpose: amd64 is supported. The member name is fixed so a
  # restart reuses the same data directory instead of trying to bootstrap a new cluster.
  spawn etcd etcd --name lockstep --data-dir "$dir/data" \
    --listen-client-urls "$(etcd_url)" --advertise-client-urls "$(etcd_url)" \
    --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" \
    --initial-cluster "lockstep=$peer" --initial-cluster-state new \
    --log-outputs stderr --logger zap
}

etcd_probe() {
  ETCDCTL_API=3 etcdctl --endpoints "$(etcd_url)" --command-timeout=2s endpoint health 2>&1 | grep -q 'is healthy'
}

etcd_address() { etcd_url; }

etcd_version() {
  local v
  v="$(timeout 2 bash -c "exec 3<>/dev/tcp/$LOCKSTEP_HOST/$LOCKSTEP_ETCD_PORT; printf 'GET /version HTTP/1.0\r\n\r\n' >&3; cat <&3" 2>/dev/null \
    | grep -o '"etcdserver":"[^"]*"' | cut -d'"' -f4)"
  [[ -n "$v" ]] && echo "etcd $v"
}
