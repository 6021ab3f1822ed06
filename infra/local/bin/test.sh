#!/usr/bin/env bash
# The one test command (`npm test`): installs what is missing, starts the local stack (or reuses
# servers already up), builds, lints, runs every workspace's tests against the real servers,
# validates docker-compose.yml, and stops what it started. Prints how long each phase took.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$LOCKSTEP_ROOT"
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 KAFKAJS_NO_PARTITIONER_WARNING=1

declare -a phase_names=() phase_ms=()
phase() { # phase NAME COMMAND...: runs and times one phase.
  local name="$1"; shift
  local t0; t0=$(now_ms)
  log "── $name"
  local rc=0
  # `|| rc=$?` keeps the command's status even where the caller runs phase under `||`, which
  # turns set -e off inside the function.
  "$@" || rc=$?
  phase_names+=("$name"); phase_ms+=($(( $(now_ms) - t0 )))
  return "$rc"
}

started=()
cleanup() {
  local rc=$?
  if (( ${#started[@]} > 0 )); then
    log "── stopping the servers this run started: ${started[*]}"
    bash infra/local/bin/down.sh "${started[@]}" || rc=1
  fi
  if (( ${#phase_names[@]} > 0 )); then
    printf '\n%-12s %10s\n' PHASE SECONDS
    for i in "${!phase_names[@]}"; do
      awk -v n="${phase_names[$i]}" -v ms="${phase_ms[$i]}" 'BEGIN { printf "%-12s %10.1f\n", n, ms / 1000 }'
    done
  fi
  exit "$rc"
}
trap cleanup EXIT

total_t0=$(now_ms)
phase install bash infra/local/bin/install.sh

already_up=()
for name in "${LOCKSTEP_SERVERS[@]}"; do live_pid "$name" >/dev/null && already_up+=("$name"); done
phase infra-up bash infra/local/bin/up.sh
for name in "${LOCKSTEP_SERVERS[@]}"; do
  [[ " ${already_up[*]} " == *" $name "* ]] || started+=("$name")
done
(( ${#started[@]} == 0 )) && log "reusing the servers already up"

# One turbo invocation for both: tsc resolves sibling packages from their sources (the
# lockstep-source condition), so type checks need no build output and fill the cores while the
# dependency chain of builds runs.
phase build+types npx turbo run build typecheck --output-logs=errors-only
phase lint npx biome check .
phase compose bash infra/local/bin/compose-check.sh

export LOCKSTEP_TEST_RESULTS="$LOCKSTEP_HOME/test-results"
rm -rf "$LOCKSTEP_TEST_RESULTS"; mkdir -p "$LOCKSTEP_TEST_RESULTS"
tests_rc=0
# Two workspaces at a time: they share the stack's servers but no state, since every key, row,
# consumer group, database and election name is unique to its test. Kafka topics are shared,
# and each deployment's consumers also see the events of runs beside it; every service ignores
# what is not its own (unknown orders, wallets, seats; delivery serves only orders near its
# riders, and each delivery test puts its riders in a random area of its own). Three at a time
# took no less (326 s against 330 s: with no test waiting on consumer-group positioning any
# more, the phase is bound by CPU).
#
# Order: booking first, beside infra/local, whose longest test waits ~100 s on Prometheus'
# clock. Booking's tatkal test sends 500 requests at once to two replicas in its own process
# and holds every answer to the lock wait plus 20 s; beside the saga's or the load tests' fleet
# starts (eight replicas importing their modules at once) it missed that twice at load average
# 12-17. Then the longest, so that none is left running alone at the end.
#
# The lock library runs after them, four files at a time: its contract suites renew 600 ms
# leases and its fault suites pause and kill private servers against deadlines of a few
# seconds, so no other workspace's CPU load should decide a deadline.
start_order=booking,infra-local,saga-tests,events,payment,loadtests,inventory
phase tests node infra/local/bin/run-workspace-tests.mjs --concurrency 2 \
  --first "$start_order" --skip locks || tests_rc=$?
phase tests-alone node infra/local/bin/run-workspace-tests.mjs --only locks || tests_rc=$?
node infra/local/bin/sum-test-results.mjs "$LOCKSTEP_TEST_RESULTS" || tests_rc=1
log "total $(( ($(now_ms) - total_t0) / 1000 )) s"
exit "$tests_rc"
