#!/usr/bin/env bash
# The customer side's timings against the embedded simulator's ground truth, at several poll intervals:
# gwsload.CustomerJourneySimulation once per interval, then one Markdown table of what the customer saw, the
# lower bound gws-load reports and the truth. Usage: bench/customer-polling.sh [customers] [intervals...]
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS=${1:-60}
shift || true
INTERVALS=${*:-250ms 500ms 1s 2s}
OUT=target/customer-polling
rm -rf "$OUT"
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
for i in $INTERVALS; do
  mvn -q -B gatling:test -Dgatling.simulationClass=gwsload.CustomerJourneySimulation -Dgatling.noReports=true \
    -Dcustomers="$CUSTOMERS" -Dagents=8 -Dduration=20s -Dgws.gms.pollInterval="$i" -Dgws.results="$OUT/$i" >/dev/null
done
CP="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
java -cp "$CP" io.gwsload.bench.CustomerPollingTable $(find "$OUT" -name summary.json | sort)
