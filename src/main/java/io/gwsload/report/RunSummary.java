package io.gwsload.report;

import java.util.List;
import java.util.Map;

/**
 * What {@code summary.json} holds: the run, its configuration (never a secret), every request name's
 * figures, the collector's books, for a stepped run the capacity verdict, and on the embedded simulator
 * the simulator's own ground truth.
 */
public record RunSummary(String run, String start, String end, double durationSeconds,
        Map<String, Object> configuration, List<RequestSummary> requests, AccountingSummary accounting,
        CapacityResult capacity, Map<String, Object> simulatorGroundTruth) {
}
