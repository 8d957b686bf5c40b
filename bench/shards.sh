#!/usr/bin/env bash
# One test on N load generators on this machine, merged: a standalone simulator, N Gatling JVMs of the same
# simulation with -Dgws.shard=i/N (a disjoint slice of the credentials, a share of populations and rates),
# then the merge, checked against the simulator's own counters.
# Usage: bench/shards.sh N [simulation] [-Dname=value ...]   (default: gwsload.RegressionSimulation)
# Environment: USERS (agents the simulator creates, default 200), OUT (default target/shards-<time>).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:?usage: bench/shards.sh N [simulation] [-Dname=value ...]}
shift
SIMULATION=gwsload.RegressionSimulation
if [[ $# -gt 0 && $1 != -D* ]]; then SIMULATION=$1; shift; fi
OUT=${OUT:-target/shards-$(date +%Y%m%d-%H%M%S)}
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
exec java -Xmx2G -cp "$CP" io.gwsload.bench.Shards "$N" "$SIMULATION" "$OUT" "${USERS:-200}" "$@"
