package io.gwsload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A run cut short by Gatling's {@code maxDuration} ends what is still pending while Gatling still takes records:
 * the operations stopped are KO "stopped" in gws-load's summary and in Gatling's {@code simulation.log} alike.
 */
class StoppedOutcomesTest {
    @Test
    @SuppressWarnings("unchecked")
    void operationsPendingAtMaxDurationAreStoppedInBothRecords() throws Exception {
        GatlingRuns.Run run = GatlingRuns.run(StoppedAtMaxDurationSimulation.class, Map.of());
        assertNull(run.crash());
        Map<String, Object> summary = run.summary();
        Map<String, Object> ready = ((List<Map<String, Object>>) summary.get("requests")).stream()
                .filter(r -> r.get("name").equals("Ready")).findFirst().orElseThrow();
        long sent = ((Number) ready.get("count")).longValue();
        assertTrue(sent >= 1, "an agent reached its Ready before the end: " + ready);
        assertEquals(Map.of("stopped", (int) sent), ready.get("koByReason"), ready::toString);
        long[] gatling = GatlingResults.counts(run.gatlingResults()).get("Ready");
        assertEquals(sent, gatling == null ? 0 : gatling[1], "the stopped operations are in simulation.log too");
        Map<String, Object> books = (Map<String, Object>) summary.get("accounting");
        assertEquals(0, ((Number) books.get("pending")).intValue());
    }
}
