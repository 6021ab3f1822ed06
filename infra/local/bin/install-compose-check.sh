#!/usr/bin/env bash
# Builds compose-check (infra/local/tools/compose-check, the docker-compose.yml validator behind
# `npm run compose:check`) into .lockstep/tools, unless it is already built from the same
# sources. It is a small Go program on compose-go, the loader of `docker compose` v2, pinned by
# the committed go.mod and go.sum: it needs only Go and the module proxy, no Docker engine and no
# Debian package. A stamp file holds the hash of the sources, so a changed go.mod, go.sum or
# main.go rebuilds it. The build time is recorded in .lockstep/tools/compose-check.build-time.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

src="$LOCKSTEP_ROOT/infra/local/tools/compose-check"
bin="$LOCKSTEP_TOOLS/compose-check"
stamp_file="$LOCKSTEP_TOOLS/compose-check.stamp"

sources_hash() { (cd "$src" && cat go.mod go.sum ./*.go | sha256sum | awk '{print $1}'); }
stamp="$(sources_hash)"

if [[ -x "$bin" && -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
  log "compose-check present ($bin)"
  exit 0
fi

go_min="$(awk '$1 == "go" { print $2; exit }' "$src/go.mod")"
command -v go >/dev/null || die "compose-check (the docker-compose.yml validator) is built with Go, which is not installed.
Install Go $go_min or newer (https://go.dev/doc/install), put it on PATH, and run
npm run infra:install again."

go_version="$(go env GOVERSION)"
if ! printf '%s\n%s\n' "go$go_min" "$go_version" | sort -V -C; then
  die "compose-check needs Go $go_min or newer (infra/local/tools/compose-check/go.mod); this machine has $go_version ($(command -v go))."
fi

[[ -x "$bin" ]] && log "compose-check at $bin was built from other sources: rebuilding"
log "building compose-check with $go_version (go build in infra/local/tools/compose-check); under a minute on a cold cache"
mkdir -p "$LOCKSTEP_TOOLS"
build_log="$LOCKSTEP_TOOLS/compose-check.build.log"
rm -f "$stamp_file"
t0=$(now_ms)
# GOTOOLCHAIN=local: use this go, never download another. -mod=readonly: the committed go.sum is
# the whole truth. CGO_ENABLED=0: nothing here needs C, and a static binary needs no gcc.
# go prints each module it downloads: relayed as progress, and kept for a failure report.
if ! (cd "$src" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=readonly \
  go build -buildvcs=false -o "$bin" . 2>&1) \
  | tee "$build_log" | while IFS= read -r line; do log "go: ${line#go: }"; done; then
  die "building compose-check failed; the go output is in $build_log"
fi
echo "$stamp" > "$stamp_file"
seconds=$(( ($(now_ms) - t0) / 1000 ))
echo "compose-check built in ${seconds} s with $go_version on $(date -u +%FT%TZ)" > "$LOCKSTEP_TOOLS/compose-check.build-time"
log "compose-check built in ${seconds} s ($bin)"
