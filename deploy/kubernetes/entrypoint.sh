#!/usr/bin/env bash
# The generator image's entry point.
#   run:   one shard of the test: SIMULATION against GWS_URL with the credentials in /credentials/agents.csv,
#          -Dgws.shard=$JOB_COMPLETION_INDEX/$SHARDS, results under /results/$RUN_ID/shard-<index>.
#   merge: every shard of /results/$RUN_ID merged into /results/$RUN_ID/merged (summary, hlog, capacity report).
# Environment: SIMULATION, GWS_URL, SHARDS, RUN_ID, JOB_COMPLETION_INDEX (set by an Indexed Job),
# SIMULATION_OPTS (the simulation's -D parameters, for the whole test: each shard takes its share),
# JAVA_OPTS (default -Xmx2G -XX:+UseZGC).
set -euo pipefail
CP="/app/classes:/app/test-classes:/app/lib/*"
JAVA_OPTS=${JAVA_OPTS:--Xmx2G -XX:+UseZGC}
RUN_DIR=/results/${RUN_ID:?RUN_ID names this test run}
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
case "${1:-run}" in
  run)
    OUT=$RUN_DIR/shard-${JOB_COMPLETION_INDEX:?JOB_COMPLETION_INDEX comes from an Indexed Job}
    mkdir -p "$OUT"
    # Gatling exits 2 when the simulation's assertions fail: a result of the test, not a failed pod (a failed
    # pod would fail the Job and stop the other shards); it is recorded next to the results instead.
    set +e
    # shellcheck disable=SC2086 # JAVA_OPTS and SIMULATION_OPTS are lists of options
    java $JAVA_OPTS --add-opens=java.base/java.lang=ALL-UNNAMED \
      --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -cp "$CP" \
      -Dgws.url="${GWS_URL:?GWS_URL is the GWS base URL}" -Dgws.credentials=/credentials/agents.csv \
      -Dgws.shard="$JOB_COMPLETION_INDEX/${SHARDS:?SHARDS is the Job's completions}" -Dgws.results="$OUT" \
      ${SIMULATION_OPTS:-} io.gatling.app.Gatling -s "${SIMULATION:?SIMULATION is e.g. gwsload.MixedContactCentreSimulation}" \
      -rf "$OUT/gatling" -nr
    RC=$?
    set -e
    if [[ $RC -eq 2 ]]; then
      echo "gws-load: shard $JOB_COMPLETION_INDEX: the simulation's assertions failed" | tee "$OUT/assertions-failed"
      exit 0
    fi
    exit $RC
    ;;
  merge)
    mapfile -t RUNS < <(find "$RUN_DIR" -mindepth 3 -maxdepth 3 -name summary.json -path "$RUN_DIR/shard-*" \
      -printf '%h\n' | sort)
    if [[ ${#RUNS[@]} -ne ${SHARDS:?SHARDS is the number of shards to merge} ]]; then
      echo "gws-load merge: found ${#RUNS[@]} shard results under $RUN_DIR, expected $SHARDS" >&2
      exit 2
    fi
    exec java -cp "$CP" io.gwsload.report.run.Merge "$RUN_DIR/merged" "${RUNS[@]}"
    ;;
  *)
    echo "usage: entrypoint.sh run|merge" >&2
    exit 2
    ;;
esac
