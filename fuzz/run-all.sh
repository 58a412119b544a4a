#!/usr/bin/env bash
# Seed, then run every fuzz target for SECONDS (default 60) each, one after
# the other, and print one line per target: executions, coverage, findings.
# Needs cargo-fuzz and a nightly compiler (or RUSTC_BOOTSTRAP=1 on stable).
#   fuzz/run-all.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")"
SECS=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(aggregator html dates times dump feed)
export RUSTC_BOOTSTRAP=${RUSTC_BOOTSTRAP:-1}
./seed.sh >/dev/null
mkdir -p artifacts/logs
status=0
for t in "${TARGETS[@]}"; do
    # One feature set for every target, so switching targets rebuilds nothing.
    feat=(--features crawl)
    nice -n 10 cargo fuzz run -O "${feat[@]}" "$t" -- -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=10 \
        >"artifacts/logs/$t.log" 2>&1
    rc=$?
    runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "artifacts/logs/$t.log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "artifacts/logs/$t.log" | tail -1)
    crash=$(grep -m1 -o 'Test unit written to .*' "artifacts/logs/$t.log")
    echo "$t: exit $rc, ${runs:-no summary}, ${cov:-?}, corpus $(ls "corpus/$t" | wc -l)${crash:+, FINDING: $crash}"
    [ $rc -ne 0 ] && status=1
done
exit $status
