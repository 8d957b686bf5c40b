package io.gwsload.report.run;

import io.gwsload.report.capacity.CapacityResult;

import java.util.List;
import java.util.Map;

/**
 * What {@code summary.json} holds: the run, its configuration (never a secret), every request name's
 * figures, the waits' (for events the target does not cause: in Gatling's stats only when they fail), the
 * collector's books, for a stepped run the capacity verdict, and on the embedded simulator
 * the simulator's own ground truth. {@code gatlingRun} names Gatling's own run folder of the same run
 * (under {@code target/gatling}), when it was found.
 */
public record RunSummary(int schemaVersion, String simulation, String run, String gatlingRun, String start,
        String end, double durationSeconds, Map<String, Object> configuration, List<RequestSummary> requests,
        List<RequestSummary> waits, AccountingSummary accounting, CapacityResult capacity, Map<String, Object> simulatorGroundTruth,
        GeneratorUsage.Summary generator, Map<String, Object> customers) {

    /**
     * The version of this format, {@code schemas/summary-v1.schema.json} in the repository; bumped when a
     * field changes meaning or goes away (added fields keep the version).
     */
    public static final int SCHEMA_VERSION = 1;
}
