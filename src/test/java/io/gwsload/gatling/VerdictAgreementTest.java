package io.gwsload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * One verdict, one record: per request name, gws-load's summary.json counts exactly what Gatling's own
 * simulation.log counts, for failed checks, Error notifications, timeouts, optional waits and a step that
 * could not be built.
 */
class VerdictAgreementTest {

    @Test
    @SuppressWarnings("unchecked")
    void summaryAndGatlingAgreeCountForCountAndAMisspelledAttributeFailsTheAssertion() throws Exception {
        GatlingRuns.Run run = GatlingRuns.run(VerdictSimulation.class, Map.of());
        assertEquals(2, run.exitCode(), "the assertion on failed requests must fail the run: " + run.stderr());

        io.gwsload.report.run.RunFolderContract.assertHolds(run.runFolder());
        Map<String, long[]> gatling = GatlingResults.counts(run.gatlingResults());
        Map<String, Object> summary = run.summary();
        Map<String, String> ours = new TreeMap<>();
        for (Object o : (List<Object>) summary.get("requests")) {
            Map<String, Object> r = (Map<String, Object>) o;
            ours.put((String) r.get("name"), r.get("ok") + " ok / " + r.get("ko") + " ko");
        }
        // Waits are not the target's: only the failed ones are in Gatling's statistics.
        Map<String, String> waits = new TreeMap<>();
        for (Object o : (List<Object>) summary.get("waits")) {
            Map<String, Object> w = (Map<String, Object>) o;
            waits.put((String) w.get("name"), w.get("ok") + " ok / " + w.get("ko") + " ko");
            if (((Number) w.get("ko")).longValue() > 0) {
                ours.put((String) w.get("name"), "0 ok / " + w.get("ko") + " ko");
            }
        }
        Map<String, String> theirs = new TreeMap<>();
        gatling.forEach((name, c) -> theirs.put(name, c[0] + " ok / " + c[1] + " ko"));
        assertEquals(theirs, ours, "summary.json and Gatling's simulation.log, request by request");

        assertEquals("0 ok / 2 ko", ours.get("Accept"), "a failed check is KO in both");
        assertEquals("2 ok / 0 ko", ours.get("Accept HTTP"), "the POST itself was fine");
        assertEquals("0 ok / 2 ko", ours.get("Await history"), "a failed check on a wait is KO in both");
        assertTrue(waits.values().stream().anyMatch(w -> !w.startsWith("0 ok")), "some waits were OK: " + waits);
        assertTrue(theirs.keySet().stream().noneMatch(n -> waits.containsKey(n) && !theirs.get(n).startsWith("0 ok")),
                "an OK wait is not in Gatling's response times: " + theirs);
        assertEquals("0 ok / 2 ko", ours.get("Typo"), "a step that could not be built is KO in both");
        assertEquals("0 ok / 2 ko", ours.get("NotReady"));
        assertEquals("0 ok / 2 ko", ours.get("Ready again"));
        assertTrue(!ours.containsKey("Idle"), "an optional wait that nothing filled is recorded nowhere");

        Map<String, Object> accounting = (Map<String, Object>) summary.get("accounting");
        Map<String, Object> ko = (Map<String, Object>) accounting.get("koByReason");
        assertEquals(2, ((Number) ko.get("check failed")).intValue(), ko.toString()); // the waits have books of their own
        assertEquals(2, ((Number) ko.get("step not built")).intValue(), ko.toString());
        assertEquals(((Number) accounting.get("sent")).longValue() + ((Number) accounting.get("unsent")).longValue(),
                ((Number) accounting.get("ok")).longValue() + ((Number) accounting.get("ko")).longValue());
        assertEquals(0, ((Number) accounting.get("pending")).intValue());
        Map<String, Object> wait = ((List<Map<String, Object>>) summary.get("waits")).stream()
                .filter(r -> r.get("name").equals("Await revoke")).findFirst().orElseThrow();
        assertEquals(Map.of("no notification within 200 ms: a state change to Revoked, in interaction #{chatId}", 2),
                wait.get("koMessages"), "a wait's timeout reads as a sentence and groups: no interaction id in it");
        Map<String, Object> typo = ((List<Map<String, Object>>) summary.get("requests")).stream()
                .filter(r -> r.get("name").equals("Typo")).findFirst().orElseThrow();
        String message = ((Map<String, Object>) typo.get("koMessages")).keySet().iterator().next();
        assertTrue(message.startsWith("step not built: cannot resolve"), message);
        assertTrue(message.contains("chatID"), message);
    }
}
