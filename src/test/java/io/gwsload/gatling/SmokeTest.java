package io.gwsload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The smoke simulation end to end on the embedded simulator, as {@code mvn verify} has always run it: accept,
 * invite, barge-in; every request OK, its assertions met, and the attribution audit without a misattribution.
 */
class SmokeTest {
    @Test
    @SuppressWarnings("unchecked")
    void theSmokeSimulationPassesItsAssertionsWithNothingMisattributed() throws Exception {
        GatlingRuns.Run run = GatlingRuns.run(Class.forName("gwsload.SmokeSimulation"), Map.of());
        assertNull(run.crash());
        assertEquals(0, run.exitCode(), run::stderr);
        Map<String, Object> books = (Map<String, Object>) run.summary().get("accounting");
        assertEquals(0, ((Number) books.get("ko")).intValue(), books::toString);
        Map<String, Object> audit = (Map<String, Object>) books.get("audit");
        assertEquals(0, ((Number) audit.get("misattributed")).intValue(), audit::toString);
    }
}
