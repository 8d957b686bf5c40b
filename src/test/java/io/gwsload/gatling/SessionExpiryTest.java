package io.gwsload.gatling;

import static io.gwsload.gatling.SummaryJson.byName;
import static io.gwsload.gatling.SummaryJson.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gwsload.simulator.GwsSimulator;
import io.gwsload.simulator.SimulatorConfig;

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
        assertBalanced(books);
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

    @Test
    @SuppressWarnings("unchecked")
    void aRestartedTargetThatForgotEveryoneIsMetByLoggingInAndStartingTheSessionAgain() throws Exception {
        Path credentials = Files.createTempDirectory(Path.of("target"), "gws-restart-").resolve("credentials.csv");
        SimulatorConfig config = SimulatorConfig.defaults().withPort(0).withAgents(2).withSupervisors(0)
                .withCredentialsOut(credentials);
        GwsSimulator[] target = {GwsSimulator.start(config)};
        int port = target[0].port();
        try {
            TargetRestartSimulation.restart = () -> {
                target[0].close(); // sessions and logins are gone with it
                target[0] = GwsSimulator.start(config.withPort(port));
            };
            GatlingRuns.Run run = GatlingRuns.run(TargetRestartSimulation.class, Map.of("gws.url",
                    "http://127.0.0.1:" + port, "gws.credentials", credentials.toString()));
            assertNull(run.crash(), () -> "the run crashed: " + run.crash());
            Map<String, Object> summary = run.summary();
            Map<String, Object> books = (Map<String, Object>) summary.get("accounting");
            assertBalanced(books);
            assertEquals(Map.of("session expired", 2L, "status code", 2L),
                    longs((Map<String, Object>) books.get("koByReason")), "what each agent met, and nothing else");
            List<Map<String, Object>> requests = (List<Map<String, Object>>) summary.get("requests");
            assertEquals(2L, number(byName(requests, "Ready after restart HTTP").get("ko")));
            assertEquals(2L, number(byName(requests, "Ready when logged out HTTP").get("ko")));
            for (String after : List.of("Session again", "Ready again", "Logout HTTP")) {
                Map<String, Object> r = byName(requests, after);
                assertEquals(2L, number(r.get("ok")), r::toString);
                assertEquals(0L, number(r.get("ko")), r::toString);
            }
            assertTrue(target[0].stats().counter("operationsOk") >= 8, "the new target served both agents");
        } finally {
            TargetRestartSimulation.restart = () -> { };
            target[0].close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLogoutThatMeetsTheEndedSessionDoesNotLogTheAgentInAgain() throws Exception {
        Path credentials = Files.createTempDirectory(Path.of("target"), "gws-expiry-").resolve("credentials.csv");
        try (GwsSimulator target = GwsSimulator.start(SimulatorConfig.defaults().withPort(0).withAgents(2)
                .withSupervisors(0).withCredentialsOut(credentials))) {
            GatlingRuns.Run run = GatlingRuns.run(LogoutAfterExpirySimulation.class, Map.of("gws.url",
                    target.baseUrl(), "gws.credentials", credentials.toString()));
            assertNull(run.crash(), () -> "the run crashed: " + run.crash());
            Map<String, Object> books = (Map<String, Object>) run.summary().get("accounting");
            assertBalanced(books);
            // Refused as the dead session it met (HTTP 403), and nothing more: the agent is leaving.
            assertEquals(Map.of("http status", 2L), longs((Map<String, Object>) books.get("koByReason")));
            assertEquals(0L, number(books.get("httpSessionsRenewed")), "nobody logged in again to log out");
            // Logging in again would have left a new HTTP session and a new CometD session behind on the target.
            assertEquals(0L, target.stats().sessions().http(), "HTTP sessions left on the target");
            assertEquals(0L, target.stats().sessions().cometd(), "CometD sessions left on the target");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLoginAgainThatGetsNoCometdSessionFailsTheNextStepWithTheReasonAndTheStepAfterTriesAgain() throws Exception {
        GatlingRuns.Run run = GatlingRuns.run(CometdRefusedAfterExpirySimulation.class, Map.of());
        assertNull(run.crash(), () -> "the run crashed: " + run.crash());
        Map<String, Object> summary = run.summary();
        Map<String, Object> books = (Map<String, Object>) summary.get("accounting");
        assertBalanced(books);
        List<Map<String, Object>> requests = (List<Map<String, Object>>) summary.get("requests");
        Map<String, Object> without = byName(requests, "Ready without CometD HTTP");
        assertEquals(1L, number(without.get("ko")), without::toString);
        String message = String.valueOf(without.get("koMessages"));
        assertTrue(message.contains("could not log in again") && message.contains("CometD handshake"),
                "one sentence that says why: " + message);
        for (String after : List.of("NotReady again", "Ready again", "Accept again", "Complete again", "Logout HTTP")) {
            Map<String, Object> r = byName(requests, after);
            assertEquals(1L, number(r.get("ok")), r::toString);
            assertEquals(0L, number(r.get("ko")), r::toString);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRefusedReHandshakeIsNotSilentTheAgentLogsInAnewAtItsNextStep() throws Exception {
        GatlingRuns.Run run = GatlingRuns.run(CometdRefusedAfterDropSimulation.class, Map.of());
        assertNull(run.crash(), () -> "the run crashed: " + run.crash());
        Map<String, Object> summary = run.summary();
        assertBalanced((Map<String, Object>) summary.get("accounting"));
        List<Map<String, Object>> requests = (List<Map<String, Object>>) summary.get("requests");
        Map<String, Object> lost = byName(requests, "NotReady after drop");
        assertEquals(1L, number(lost.get("ko")), lost::toString);
        // Ended when the refusal came, not at its timeout: as "session lost" if it was already waiting, or with the
        // failed login again if the refusal came first.
        Map<String, Long> why = longs((Map<String, Object>) lost.get("koByReason"));
        assertTrue(why.equals(Map.of("session lost", 1L)) || why.equals(Map.of("http failure", 1L))
                && String.valueOf(lost.get("koMessages")).contains("could not log in again"), lost::toString);
        for (String after : List.of("Ready again", "NotReady again", "Logout HTTP")) {
            Map<String, Object> r = byName(requests, after);
            assertEquals(1L, number(r.get("ok")), r::toString);
            assertEquals(0L, number(r.get("ko")), r::toString);
        }
    }

    /** Every operation ended exactly once: sent + unsent = OK + KO, nothing pending. */
    private static void assertBalanced(Map<String, Object> books) {
        assertEquals(0L, number(books.get("pending")), books::toString);
        assertEquals(number(books.get("sent")) + number(books.get("unsent")),
                number(books.get("ok")) + number(books.get("ko")), "the books balance: " + books);
    }

    private static Map<String, Long> longs(Map<String, Object> counts) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((k, v) -> out.put(k, number(v)));
        return out;
    }
}
