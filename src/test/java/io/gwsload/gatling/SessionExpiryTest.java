package io.gwsload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * GWS ends an agent's HTTP session in the middle of a run (the simulator's {@code /sim/expire}, as an idle expiry
 * does): through Gatling, with the defaults a user gets, the one POST that meets the dead session ends as
 * "session expired", the agent logs in again ({@code gws.reloginOnExpiry}), its next POST waits for the new
 * session, and every operation after it is OK: nothing is lost, the books balance.
 */
class SessionExpiryTest {
    private static final int AGENTS = 4;

    @Test
    @SuppressWarnings("unchecked")
    void anExpiredSessionCostsOneOperationAndTheAgentGoesOnAfterLoggingInAgain() throws Exception {
        GatlingRuns.Run run = GatlingRuns.run(SessionExpirySimulation.class, Map.of("agents", String.valueOf(AGENTS)));
        assertNull(run.crash(), () -> "the run crashed: " + run.crash());
        Map<String, Object> summary = run.summary();
        Map<String, Object> books = (Map<String, Object>) summary.get("accounting");
        assertEquals(0L, number(books.get("pending")), books::toString);
        assertEquals(number(books.get("sent")) + number(books.get("unsent")),
                number(books.get("ok")) + number(books.get("ko")), "the books balance: " + books);
        assertEquals(Map.of("session expired", (long) AGENTS), longs((Map<String, Object>) books.get("koByReason")),
                "one operation per agent met its dead session, nothing else failed");
        assertEquals((long) AGENTS, number(books.get("httpSessionsRenewed")), "each agent logged in again once");

        List<Map<String, Object>> requests = (List<Map<String, Object>>) summary.get("requests");
        Map<String, Object> refused = byName(requests, "NotReady after expiry HTTP");
        assertEquals((long) AGENTS, number(refused.get("ko")), refused::toString);
        for (String after : List.of("Ready after expiry", "Accept after", "Send after", "Complete after")) {
            Map<String, Object> r = byName(requests, after);
            assertEquals(0L, number(r.get("ko")), r::toString);
            assertTrue(number(r.get("ok")) >= AGENTS, r::toString);
        }
    }

    private static Map<String, Object> byName(List<Map<String, Object>> requests, String name) {
        return requests.stream().filter(r -> name.equals(r.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no request named " + name));
    }

    private static Map<String, Long> longs(Map<String, Object> counts) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((k, v) -> out.put(k, number(v)));
        return out;
    }

    private static long number(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
