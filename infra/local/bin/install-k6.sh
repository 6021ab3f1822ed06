#!/usr/bin/env bash
# Builds k6 (the load generator of loadtests/) from its Go module into .lockstep/tools, unless
# the right version is already there. k6 has no Debian package; `go install` needs only Go and
# the module proxy, and takes a few minutes on a cold module cache (the time is recorded in
# .lockstep/tools/k6.build-time and printed).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

K6_VERSION="${LOCKSTEP_K6_VERSION:-1.8.1}"
# k6 v1.8.1's go.mod asks for Go 1.25; an older go would download a toolchain or refuse.
K6_GO_MIN="1.25"
k6_bin="$LOCKSTEP_TOOLS/k6"

installed_version() { "$k6_bin" version 2>/dev/null | awk '{print $2; exit}'; }

if [[ -x "$k6_bin" && "$(installed_version)" == "v$K6_VERSION" ]]; then
  log "k6 v$K6_VERSION present ($k6_bin)"
  exit 0
fi

command -v go >/dev/null || die "k6 v$K6_VERSION is built with Go, which is not installed.
Install Go $K6_GO_MIN or newer (https://go.dev/doc/install), put it on PATH, and run
npm run infra:install again."

go_version="$(go env GOVERSION)"
if ! printf '%s\n%s\n' "go$K6_GO_MIN" "$go_version" | sort -V -C; then
  die "k6 v$K6_VERSION needs Go $K6_GO_MIN or newer; this machine has $go_version ($(command -v go))."
fi

if [[ -x "$k6_bin" ]]; then
  log "k6 at $k6_bin is $(installed_version || echo unknown), not v$K6_VERSION: rebuilding"
fi
log "building k6 v$K6_VERSION with $go_version (go install go.k6.io/k6@v$K6_VERSION); a few minutes on a cold cache"
mkdir -p "$LOCKSTEP_TOOLS"
build_log="$LOCKSTEP_TOOLS/k6.build.log"
t0=$(now_ms)
# go prints each module it downloads: relayed as progress, and kept for a failure report.
if ! GOBIN="$LOCKSTEP_TOOLS" go install "go.k6.io/k6@v$K6_VERSION" 2>&1 \
  | tee "$build_log" | while IFS= read -r line; do log "go: ${line#go: }"; done; then
  die "building k6 failed; the go output is in $build_log"
fi
[[ "$(installed_version)" == "v$K6_VERSION" ]] || die "go install finished but $k6_bin does not report v$K6_VERSION; see $build_log"
seconds=$(( ($(now_ms) - t0) / 1000 ))
echo "k6 v$K6_VERSION built in ${seconds} s with $go_version on $(date -u +%FT%TZ)" > "$LOCKSTEP_TOOLS/k6.build-time"
log "k6 v$K6_VERSION built in ${seconds} s ($k6_bin)"
