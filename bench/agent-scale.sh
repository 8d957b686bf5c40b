#!/usr/bin/env bash
# Agent-scale and harness-overhead benchmark: the simulator in one JVM, the harness in another, on
# 127.0.0.1. Usage: bench/agent-scale.sh [agents] [ops-per-second] [extra AgentScaleBenchmark args...]
# Needs thousands of sockets, so it raises the file-descriptor limit for its own processes.
set -euo pipefail
cd "$(dirname "$0")/.."
AGENTS=${1:-10000}
RATE=${2:-1000}
shift $(( $# > 2 ? 2 : $# )) || true
PORT=${PORT:-18090}
ulimit -n 65536 || ulimit -n "$(ulimit -Hn)"

mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
LOG=target/bench-simulator.log

java -Xms1g -Xmx3g ${GC_OPTS:--XX:+UseG1GC} ${SIM_JAVA_OPTS:-} -cp "$CP" io.gwsload.simulator.SimulatorMain \
  --port "$PORT" --agents "$AGENTS" --supervisors 0 --credentials-out target/bench-credentials.csv >"$LOG" 2>&1 &
SIM=$!
trap 'kill $SIM 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  grep -q "GWS simulator at" "$LOG" && break
  kill -0 $SIM 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.5
done
grep "GWS simulator at" "$LOG"

java -Xms1g -Xmx3g ${GC_OPTS:--XX:+UseG1GC} ${BENCH_JAVA_OPTS:-} -cp "$CP" io.gwsload.bench.AgentScaleBenchmark \
  --url "http://127.0.0.1:$PORT" --agents "$AGENTS" --rate "$RATE" "$@"
