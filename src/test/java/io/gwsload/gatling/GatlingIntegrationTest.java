package io.gwsload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The DSL end to end in a real Gatling run on the embedded simulator: faults become KO requests with
 * readable reasons and fail the assertions; a bad setup stops the run with one sentence before load.
 */
class GatlingIntegrationTest {

    @Test
    void aCleanRunPassesAndBalancesItsBooks() throws Exception {
        GatlingRuns.Run run = GatlingRuns.run(ReadyToggleSimulation.class, Map.of());
        assertEquals(0, run.exitCode(), run.stderr());
        Map<String, Object> accounting = map(run.summary().get("accounting"));
        assertEquals(number(accounting.get("sent")), number(accounting.get("ok")));
        assertEquals(0L, number(accounting.get("pending")));
        assertEquals(0L, number(accounting.get("ko")));
        Map<String, Object> ready = request(run.summary(), "Ready");
        assertEquals(10L, number(ready.get("ok")), "2 agents x 5 Ready, each with its notified timing");
        assertNotNull(request(run.summary(), "Ready HTTP"));
    }

    @Test
    void droppedAndErrorNotificationsAreKoWithReasonsAndFailTheAssertions() throws Exception {
        GatlingRuns.Run run = GatlingRuns.run(FaultPhasesSimulation.class, Map.of());
        assertEquals(2, run.exitCode(), "Gatling's exit code for failed assertions");
        Map<String, Object> summary = run.summary();
        Map<String, Object> accounting = map(summary.get("accounting"));
        assertEquals(number(accounting.get("sent")) + number(accounting.get("unsent")),
                number(accounting.get("ok")) + number(accounting.get("ko")));
        assertEquals(0L, number(accounting.get("pending")));
        assertEquals(Map.of("timeout", 1, "error notification", 1), map(accounting.get("koByReason")));
        // The simulator answers as GWS documents Ready: no referenceId, so the effect was awaited.
        assertEquals(Map.of("no notification showing the chat channel in state Ready within 300 ms", 1),
                map(request(summary, "Ready").get("koMessages")));
        Object error = map(request(summary, "NotReady").get("koMessages")).keySet().iterator().next();
        assertTrue(error.toString().startsWith("Error notification for referenceId N: "), error.toString());
        assertEquals(1L, number(request(summary, "Ready HTTP").get("ok")), "the POST itself was fine");
    }

    @Test
    void gatlingsOwnChecksRunOnNotifications() throws Exception {
        GatlingRuns.Run run = GatlingRuns.run(GatlingChecksSimulation.class, Map.of());
        assertEquals(0, run.exitCode(), "every check held and the saved values were right: " + run.stderr());
        Map<String, Object> accounting = map(run.summary().get("accounting"));
        assertEquals(0L, number(accounting.get("ko")), accounting.toString());
        assertEquals(1L, number(request(run.summary(), "Saved values held").get("ok")),
                "the step after the comparison of saved values ran");
    }

    @Test
    void groupsExitBlockOnFailTryMaxAndThrottleKeepWorking() throws Exception {
        GatlingRuns.Run run = GatlingRuns.run(GatlingFeaturesSimulation.class, Map.of());
        assertEquals(0, run.exitCode(), "the simulation's assertions held: " + run.stderr());
        Map<String, Object> badAccept = request(run.summary(), "Bad accept");
        assertEquals(Map.of("statusCode 6 (resource not found): Chat '0000NoSuchChat00' not found", 2),
                map(badAccept.get("koMessages")));
        assertTrue(((List<?>) run.summary().get("requests")).stream().noneMatch(r -> "Never".equals(map(r).get("name"))),
                "exitBlockOnFail left the block before the step after the KO");
        // One results folder (summary() insists on one) holding both populations' requests: one run, not two.
        assertEquals(1L, ((Number) request(run.summary(), "Second population login session").get("ok")).longValue());
        assertEquals(2L, ((Number) request(run.summary(), "Ready again").get("ok")).longValue());
    }

    @Test
    void anUnreachableUrlStopsTheRunWithOneSentence() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        java.nio.file.Path credentials = java.nio.file.Files.createTempFile(java.nio.file.Path.of("target"), "agents",
                ".csv");
        java.nio.file.Files.writeString(credentials, "username,password\nagent0001,secret\n");
        GatlingRuns.Run run = GatlingRuns.run(ReadyToggleSimulation.class, Map.of("gws.url",
                "http://127.0.0.1:" + closedPort, "gws.credentials", credentials.toString()));
        assertTrue(run.exitCode() != 0, "the run must not pass");
        assertTrue(run.stderr().contains("gws-load cannot start: Cannot reach GWS at http://127.0.0.1:" + closedPort
                + ": connection refused."), run.stderr());
    }

    @Test
    void anUnknownParameterStopsTheRunWithOneSentence() throws Exception {
        GatlingRuns.Run run = GatlingRuns.run(ReadyToggleSimulation.class, Map.of("gws.operationTimout", "5s"));
        assertTrue(run.exitCode() != 0);
        assertTrue(run.stderr().contains("gws-load cannot start: Unknown parameter -Dgws.operationTimout;"),
                run.stderr());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static long number(Object o) {
        return ((Number) o).longValue();
    }

    private static Map<String, Object> request(Map<String, Object> summary, String name) {
        for (Object r : (List<?>) summary.get("requests")) {
            if (name.equals(map(r).get("name"))) {
                return map(r);
            }
        }
        throw new AssertionError("no request named " + name + " in the summary");
    }

    @Test
    void aBurstOfWebSocketLoginsLargerThanTheClientsThreadsGetsThrough() throws Exception {
        // Jakarta's WebSocket connect blocks until the upgrade is answered, and the client's own threads read
        // that answer: with connects on those threads, 24 logins at once on 4 threads all waited for nothing.
        GatlingRuns.Run run = GatlingRuns.run(LoginBurstSimulation.class, Map.of("gws.transport", "websocket",
                "gws.clientThreads", "4", "agents", "24"));
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(24L, number(request(run.summary(), "Ready").get("ok")));
    }
}
