package io.gwsload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gwsload.simulator.GwsSimulator;
import io.gwsload.simulator.SimulatorConfig;

/**
 * The fault matrix, each fault met mid-run by {@link FaultMatrixSimulation} against a simulator the test
 * owns: what the harness reports, that its books balance (sent = OK + KO, nothing pending), that the run
 * ends by itself (operation timeout 1 s), and that no gws-load thread outlives it.
 */
class FaultMatrixTest {
    private final ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
    private volatile GwsSimulator sim;
    private Path credentials;

    @AfterEach
    void stop() {
        faults.shutdownNow();
        FaultMatrixSimulation.fault = () -> { };
        FaultMatrixSimulation.faultEnd = () -> { };
        if (sim != null) {
            sim.close();
        }
    }

    private SimulatorConfig config(int port) throws Exception {
        credentials = Files.createTempDirectory(Path.of("target"), "gws-faults-").resolve("credentials.csv");
        return SimulatorConfig.defaults().withPort(port).withAgents(4).withSupervisors(0)
                .withCredentialsOut(credentials);
    }

    /** The simulation against {@code url}, with short timeouts; checks the books and the threads. */
    private Map<String, Object> run(String url, String... more) throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Map<String, String> p = new HashMap<>(Map.of("gws.url", url, "gws.credentials", credentials.toString(),
                "gws.operationTimeout", "1s", "gws.requestTimeout", "2s", "gws.awaitTimeout", "2s"));
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        long start = System.nanoTime();
        GatlingRuns.Run run = GatlingRuns.run(FaultMatrixSimulation.class, p);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertEquals(null, run.crash());
        assertTrue(seconds < 60, "the run ended by itself, in " + seconds + " s");
        Map<String, Object> summary = run.summary();
        Map<String, Object> books = map(summary.get("accounting"));
        assertEquals(number(books.get("sent")) + number(books.get("unsent")), number(books.get("ok")) + number(books.get("ko")),
                "sent + unsent = OK + KO");
        assertEquals(0L, number(books.get("pending")));
        // Every gws-load thread the run started has ended (joined, so none is merely on its way out).
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && t.getName().startsWith("gws-") && !t.getName().startsWith("gws-sim-")) {
                t.join(5_000);
                assertFalse(t.isAlive(), "thread left behind: " + t.getName());
            }
        }
        return summary;
    }

    /** A simulator fault knob at 1 for as many of the first agent's toggles, then 0; returns the summary. */
    private Map<String, Object> knobOnFor(String knob, int toggles) throws Exception {
        sim = GwsSimulator.start(config(0));
        FaultMatrixSimulation.fault = () -> sim.updateKnobs(Map.of(knob, 1.0));
        FaultMatrixSimulation.faultEnd = () -> sim.updateKnobs(Map.of(knob, 0.0));
        return run(sim.baseUrl(), "during", String.valueOf(toggles));
    }

    @Test
    void a503BurstIsKoWithItsStatusAndTheAgentsGoOn() throws Exception {
        Map<String, Object> summary = knobOnFor("http503Rate", 2);
        Map<String, Object> books = map(summary.get("accounting"));
        assertTrue(number(books.get("ko")) > 0, "the burst's operations are KO");
        assertEquals(Set.of("http status"), map(books.get("koByReason")).keySet());
        assertTrue(koMessages(summary).stream().allMatch(m -> m.startsWith("HTTP 503")), koMessages(summary)::toString);
        assertTrue(number(request(summary, "Ready").get("ok")) >= 3 + 6, "the first agent's Readys before and after "
                + "the burst are OK");
        assertEquals(2L, number(request(summary, "Logout HTTP").get("ok")), "both agents went on to the end");
    }

    @Test
    void malformedNotificationsAreCountedAndTheirOperationsTimeOut() throws Exception {
        Map<String, Object> summary = knobOnFor("malformedRate", 1);
        Map<String, Object> books = map(summary.get("accounting"));
        long malformed = sim.stats().counter("notificationsMalformed");
        assertTrue(malformed >= 1, "malformed notifications were sent: " + malformed); // their kinds: FaultKnobsTest
        // The real notification never came: the operation times out; the spoilt one is counted, never crashes.
        assertTrue(number(books.get("ko")) > 0);
        assertEquals(Set.of("timeout"), map(books.get("koByReason")).keySet());
        assertTrue(number(books.get("invalidReferenceIds")) > 0, "a referenceId that is text is counted: " + books);
        assertEquals(2L, number(request(summary, "Logout HTTP").get("ok")), "both agents went on to the end");
    }

    @Test
    void theTargetKilledAndStartedAgainOnTheSamePortIsSurvived() throws Exception {
        killAndRestart("long-polling");
    }

    @Test
    void theTargetKilledAndStartedAgainIsSurvivedOverWebSocket() throws Exception {
        killAndRestart("websocket");
    }

    private void killAndRestart(String transport) throws Exception {
        sim = GwsSimulator.start(config(0));
        int port = sim.port();
        SimulatorConfig again = SimulatorConfig.defaults().withPort(port).withAgents(4).withSupervisors(0);
        GwsSimulator[] restarted = new GwsSimulator[1];
        FaultMatrixSimulation.fault = () -> {
            sim.close(); // abrupt: sessions, CometD clients and the HTTP sessions are gone
            restarted[0] = GwsSimulator.start(again);
            sim = restarted[0];
        };
        Map<String, Object> summary = run("http://127.0.0.1:" + port, "gws.transport", transport);
        assertTrue(restarted[0] != null, "the fault ran");
        Map<String, Object> books = map(summary.get("accounting"));
        // The new target knows neither the HTTP sessions nor the agents' logins: the harness logs the HTTP
        // session in again (session expired), GWS refuses state changes of agents it has not logged in
        // (status code), and what was in flight when it died failed on the wire (http failure).
        assertTrue(number(books.get("ko")) > 0);
        // A re-handshake the new target refuses ends what waited as "session lost" (then the agent logs in anew).
        assertTrue(Set.of("session expired", "status code", "http failure", "timeout", "session lost").containsAll(
                map(books.get("koByReason")).keySet()), () -> "reasons " + books.get("koByReason"));
        // The second agent may reach its logout while the first is still restarting the target (refused).
        Map<String, Object> logout = request(summary, "Logout HTTP");
        assertEquals(2L, number(logout.get("ok")) + number(logout.get("ko")), "both agents tried to log out");
        assertTrue(restarted[0].stats().counter("operationsOk") >= 1, "the new target served the agents");
    }

    @Test
    void aStalledNetworkTimesOperationsOutAndTheyResumeAfterIt() throws Exception {
        sim = GwsSimulator.start(config(0));
        try (StallingProxy proxy = new StallingProxy(sim.port())) {
            FaultMatrixSimulation.fault = () -> {
                proxy.stall();
                faults.schedule(proxy::resume, 2_500, TimeUnit.MILLISECONDS);
            };
            Map<String, Object> summary = run("http://127.0.0.1:" + proxy.port());
            Map<String, Object> books = map(summary.get("accounting"));
            assertTrue(number(books.get("ko")) > 0, "operations in the stall time out");
            // no notification within 1 s (timeout), or no HTTP answer within 2 s (http failure)
            assertTrue(Set.of("timeout", "http failure").containsAll(map(books.get("koByReason")).keySet()),
                    () -> "reasons " + books.get("koByReason"));
            assertTrue(sim.stats().counter("operationsOk") > number(books.get("ko")), "operations went on after it");
        }
    }

    @Test
    void aSlowConsumerShowsInTheLatenciesNotInErrors() throws Exception {
        sim = GwsSimulator.start(config(0));
        try (StallingProxy proxy = new StallingProxy(sim.port())) {
            FaultMatrixSimulation.fault = () -> proxy.slowDownstream(40);
            Map<String, Object> summary = run("http://127.0.0.1:" + proxy.port());
            assertEquals(0L, number(map(summary.get("accounting")).get("ko")), () -> koMessages(summary).toString());
            long p50 = number(request(summary, "Ready").get("p50Us"));
            assertTrue(p50 >= 40_000, "most Ready operations crossed the slow link: p50 " + p50 + " µs");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static long number(Object o) {
        return ((Number) o).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> request(Map<String, Object> summary, String name) {
        return ((List<Map<String, Object>>) summary.get("requests")).stream().filter(r -> r.get("name").equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no request " + name));
    }

    @SuppressWarnings("unchecked")
    private static List<String> koMessages(Map<String, Object> summary) {
        return ((List<Map<String, Object>>) summary.get("requests")).stream()
                .flatMap(r -> ((Map<String, Object>) r.get("koMessages")).keySet().stream())
                .collect(Collectors.toList());
    }
}
