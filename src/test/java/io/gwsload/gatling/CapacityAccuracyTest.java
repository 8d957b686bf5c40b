package io.gwsload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The capacity report finds the server's limit as shipped: {@code gwsload.CapacitySimulation} with its
 * defaults (the embedded simulator at 4 workers × 10 ms = 400 operations/s, levels 300 … 450/s), shortened
 * in duration only, must find a capacity within ±15% of the configured figure and pass its own verdict.
 * With too few agents to send the load, the report must blame the generator, and the run must fail.
 */
class CapacityAccuracyTest {
    private static final double CONFIGURED = 400;
    /**
     * The shipped schedule, each part shorter: 3 s levels (about 1,000 operations each), 3 s for 200 logins over 2 s;
     * rates, levels, ramps and the loaded warm-up unchanged. 36 s in all (4 s levels took 44 s of a 180 s verify).
     */
    static final Map<String, String> SHORTER = Map.of("levelDuration", "3s", "warmup", "3s");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> capacityOf(GatlingRuns.Run run) throws Exception {
        assertNull(run.crash(), () -> "the run crashed: " + run.crash());
        Map<String, Object> summary = run.summary();
        Object capacity = summary.get("capacity");
        assertTrue(capacity instanceof Map, "a capacity run writes a capacity section");
        return (Map<String, Object>) capacity;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCapacityFoundLiesWithin15PercentOfTheConfiguredOne() throws Exception {
        GatlingRuns.Run run = GatlingRuns.run(Class.forName("gwsload.CapacitySimulation"), SHORTER);
        Map<String, Object> capacity = capacityOf(run);
        assertEquals(0, run.exitCode(), () -> "the capacity verdict passes: " + capacity.get("verdict"));
        Map<String, Object> truth = (Map<String, Object>) ((Map<String, Object>) run.summary()
                .get("simulatorGroundTruth")).get("capacity");
        assertEquals(CONFIGURED, ((Number) truth.get("configuredPerSecond")).doubleValue());

        double found = ((Number) capacity.get("capacityRate")).doubleValue();
        double peak = ((Number) capacity.get("peakAchievedRate")).doubleValue();
        String verdict = (String) capacity.get("verdict");
        assertTrue(Math.abs(found / CONFIGURED - 1) <= 0.15, () -> "capacity found " + found + "/s: " + verdict);
        assertTrue(Math.abs(peak / CONFIGURED - 1) <= 0.15, () -> "peak throughput " + peak + "/s: " + verdict);
        assertEquals(List.of(), capacity.get("generatorLimitedLevels"), verdict);
        List<Map<String, Object>> levels = (List<Map<String, Object>>) capacity.get("levels");
        Map<String, Object> top = levels.get(levels.size() - 1);
        assertTrue(((Number) top.get("koPercent")).doubleValue() > 1, () -> "450/s on a 400/s server is refused in part: "
                + top);
        assertEquals(false, top.get("meetsSlo"));

        String html = Files.readString(run.runFolder().resolve("capacity.html"));
        assertTrue(html.contains("Ground truth (embedded simulator).") && html.contains("Configured capacity 400.0"),
                "the report shows the configured capacity");
        assertTrue(html.contains("Latency against achieved throughput"));
    }

    /** In {@code -Pfull} (a capacity run of its own, 9 s): {@code CapacityAnalysisTest} checks the rule itself. */
    @Test
    @org.junit.jupiter.api.Tag("full")
    void tooFewAgentsAreReportedAsTheGeneratorsLimitNotTheServers() throws Exception {
        // Two agents, each with one operation in flight of at least 10 ms, cannot send 300/s.
        GatlingRuns.Run run = GatlingRuns.run(Class.forName("gwsload.CapacitySimulation"), Map.of(
                "agents", "2", "levels", "1", "levelDuration", "3s", "warmup", "3s", "loadWarmup", "1s"));
        Map<String, Object> capacity = capacityOf(run);
        assertEquals(2, run.exitCode(), "the capacity verdict fails the run");
        assertEquals(List.of(1), capacity.get("generatorLimitedLevels"), () -> String.valueOf(capacity.get("verdict")));
        assertTrue(((String) capacity.get("verdict")).contains("The load generator was the bottleneck at level 1"),
                () -> String.valueOf(capacity.get("verdict")));
    }
}
