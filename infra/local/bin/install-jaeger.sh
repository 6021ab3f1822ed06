#!/usr/bin/env bash
# Builds Jaeger v2 (the trace store and query API of the native stack) into .lockstep/tools,
# unless it is already built from the same pins. Jaeger has no Debian package, and its release
# binaries are not on a registry this project uses; its Go module is, so it is built with
# `go build` from infra/local/tools/jaeger, whose go.mod pins the tag (v1.75.0) and whose go.sum
# pins every module. A cold build compiles about 2,300 packages (12.7 minutes measured on 2
# busy cores, docs/infra.md), so progress is printed every 100 packages and the time is recorded
# in .lockstep/tools/jaeger.build-time.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

src="$LOCKSTEP_ROOT/infra/local/tools/jaeger"
bin="$LOCKSTEP_TOOLS/jaeger"
stamp_file="$LOCKSTEP_TOOLS/jaeger.stamp"
pkg=github.com/jaegertracing/jaeger/cmd/jaeger
version="$(awk '$1 == "github.com/jaegertracing/jaeger" { print $2; exit }' "$src/go.mod")"
[[ -n "$version" ]] || die "infra/local/tools/jaeger/go.mod does not require github.com/jaegertracing/jaeger"

# The version the binary reports (`jaeger version` prints the -X latestVersion set below).
installed_version() { "$bin" version 2>/dev/null | grep -o '"gitVersion":"[^"]*"' | cut -d'"' -f4; }
sources_hash() { (cd "$src" && cat go.mod go.sum | sha256sum | awk '{print $1}'); }
stamp="$(sources_hash)"

if [[ -x "$bin" && -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" \
  && "$(installed_version)" == "$version" ]]; then
  log "jaeger $version present ($bin)"
  exit 0
fi

go_min="$(awk '$1 == "go" { print $2; exit }' "$src/go.mod")"
command -v go >/dev/null || die "Jaeger $version is built with Go, which is not installed.
Install Go $go_min or newer (https://go.dev/doc/install), put it on PATH, and run
npm run infra:install again."

go_version="$(go env GOVERSION)"
if ! printf '%s\n%s\n' "go$go_min" "$go_version" | sort -V -C; then
  die "Jaeger $version needs Go $go_min or newer (infra/local/tools/jaeger/go.mod); this machine has $go_version ($(command -v go))."
fi

[[ -x "$bin" ]] && log "jaeger at $bin is $(installed_version || echo unknown) or from other pins: rebuilding"
mkdir -p "$LOCKSTEP_TOOLS"
build_log="$LOCKSTEP_TOOLS/jaeger.build.log"
rm -f "$stamp_file"
# GOTOOLCHAIN=local: use this go, never download another. -mod=readonly: the committed go.sum is
# the whole truth. CGO is left at go's default, so a machine without gcc builds a static binary
# and one with gcc reuses whatever the Go build cache already holds.
export GOTOOLCHAIN=local GOFLAGS=-mod=readonly
cd "$src"
t0=$(now_ms)
# go list downloads every module the build needs (go prints each: relayed as progress) and
# names the packages, whose count scales the progress lines below.
log "resolving the packages of jaeger $version (downloads the modules on a cold module cache)"
packages="$LOCKSTEP_TOOLS/jaeger.packages"
if ! go list -deps "$pkg" 2>&1 >"$packages" | tee "$build_log" \
  | while IFS= read -r line; do log "go: ${line#go: }"; done; then
  die "listing Jaeger's packages failed; the go output is in $build_log"
fi
total="$(wc -l < "$packages")"
log "building jaeger $version with $go_version: $total packages, 10-15 minutes on 2 cores when the Go build cache is cold"
# -X sets what `jaeger version` reports, which is how the check above recognises the binary.
ldflags="-X github.com/jaegertracing/jaeger/internal/version.latestVersion=$version"
ldflags+=" -X github.com/jaegertracing/jaeger/internal/version.date=$(date -u +%FT%TZ)"
# -v names each package as it is compiled (cached ones are not named): counted for progress,
# and kept with any compiler error for a failure report.
report_progress() {
  local line n=0
  while IFS= read -r line; do
    if [[ "$line" =~ ^[^[:space:]:#]+$ ]]; then
      n=$(( n + 1 ))
      (( n % 100 == 0 )) && log "jaeger: compiled $n of at most $total packages ($(( ($(now_ms) - t0) / 1000 )) s)"
    else
      log "go: ${line#go: }"
    fi
  done
  return 0
}
if ! go build -v -buildvcs=false -ldflags "$ldflags" -o "$bin" "$pkg" 2>&1 \
  | tee -a "$build_log" | report_progress; then
  die "building jaeger failed; the go output is in $build_log"
fi
[[ "$(installed_version)" == "$version" ]] || die "go build finished but $bin does not report $version; see $build_log"
echo "$stamp" > "$stamp_file"
seconds=$(( ($(now_ms) - t0) / 1000 ))
size_mb=$(( $(stat -c %s "$bin") / 1024 / 1024 ))
# How cold the build was: the packages go compiled, not taken from its build cache.
compiled="$(grep -cE '^[^[:space:]:#]+$' "$build_log" || true)"
echo "jaeger $version built in ${seconds} s with $go_version on $(date -u +%FT%TZ): $(nproc) cores, $compiled of $total packages compiled (the rest from the Go build cache), ${size_mb} MB" > "$LOCKSTEP_TOOLS/jaeger.build-time"
log "jaeger $version built in ${seconds} s, $compiled of $total packages compiled ($bin, ${size_mb} MB)"
