package io.gwsload.simulator;

import io.gwsload.simulator.truth.SimulatorStats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.Media;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;

/** The simulated server capacity: workers, service time, queue limit and the overload answer. */
class ServerCapacityTest extends SimulatorTestBase {
    /** Long enough that four POSTs released together all arrive while the first is in service. */
    private static final int SERVICE_MS = 1_000;
    /** How far apart the four posting threads may start. */
    private static final int SKEW_MS = 100;

    private record Timed(HttpAnswer answer, long millis) {
    }

    /** Four Ready agents (logged in before a test limits the capacity). */
    private List<TestAgent> fourAgents() {
        return List.of(readyAgent(Media.CHAT), readyAgent(Media.CHAT), readyAgent(Media.CHAT), readyAgent(Media.CHAT));
    }

    /** The agents post NotReady at once; returns the answers with their round-trip times, in posting order. */
    private static List<Timed> atOnce(List<TestAgent> agents) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(agents.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Timed>> futures = new ArrayList<>();
            for (TestAgent a : agents) {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    long start = System.nanoTime();
                    HttpAnswer answer = a.post(ApiPaths.channel(Media.CHAT), Operation.of(OperationName.NotReady).body());
                    return new Timed(answer, (System.nanoTime() - start) / 1_000_000);
                }, pool));
            }
            go.countDown();
            List<Timed> answers = new ArrayList<>();
            for (CompletableFuture<Timed> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneWorkerServesOneQueuesOneAndRefusesTheRestWith503() throws Exception {
        List<TestAgent> agents = fourAgents();
        sim.updateKnobs(Map.of("workers", 1, "serviceTime", "fixed:" + SERVICE_MS, "queueLimit", 1));
        sim.resetStats();
        List<Timed> answers = atOnce(agents);

        List<Long> served = answers.stream().filter(t -> t.answer().status() == 200).map(Timed::millis).sorted().toList();
        List<Timed> refused = answers.stream().filter(t -> t.answer().status() != 200).toList();
        assertEquals(2, served.size(), () -> "answers: " + answers);
        assertEquals(2, refused.size());
        for (Timed t : refused) {
            assertEquals(503, t.answer().status());
            assertEquals(4, t.answer().statusCode());
            assertTrue(t.millis() < SERVICE_MS, () -> "a refusal is immediate, took " + t.millis() + " ms");
        }
        // each time is taken from its own thread's start, a few ms after the first one arrived: a small allowance
        assertTrue(served.get(0) >= SERVICE_MS - SKEW_MS, () -> "the first one is served in " + served.get(0) + " ms");
        assertTrue(served.get(1) >= 2 * SERVICE_MS - SKEW_MS, () -> "the queued one waits its turn: " + served.get(1)
                + " ms");

        SimulatorStats stats = sim.stats();
        SimulatorStats.Capacity c = stats.capacity();
        assertNotNull(c);
        assertEquals(1.0, c.configuredPerSecond());
        assertEquals(1.0, c.atThisMixPerSecond());
        assertEquals(2, c.admitted());
        assertEquals(1, c.waited());
        assertEquals(2, c.rejected());
        assertEquals(1, c.peakWaiting());
        assertEquals(2, stats.counter("capacityRejected"));
        assertEquals(0, stats.counter("http503"), "the http503Rate fault's counter stays its own");
    }

    @Test
    void overloadErrorAnswersStatusCode4OnHttp200() throws Exception {
        List<TestAgent> agents = fourAgents();
        sim.updateKnobs(Map.of("workers", 1, "serviceTime", "fixed:" + SERVICE_MS, "queueLimit", 0,
                "overload", "error"));
        List<Timed> answers = atOnce(agents);
        long refused = answers.stream().filter(t -> t.answer().statusCode() == 4).count();
        assertEquals(3, refused, () -> "answers: " + answers);
        assertTrue(answers.stream().allMatch(t -> t.answer().status() == 200));
        assertEquals(3, sim.stats().statusErrors(4));
    }

    @Test
    void perOperationServiceTimesOverrideTheDefaultAndBadValuesAreRefusedWithOneSentence() {
        TestAgent agent = readyAgent(Media.CHAT);
        sim.updateKnobs(Map.of("workers", 2, "serviceTime", "fixed:1", "serviceTimes", "NotReady=fixed:300"));
        long start = System.nanoTime();
        HttpAnswer answer = agent.post(ApiPaths.channel(Media.CHAT), Operation.of(OperationName.NotReady).body());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, answer.statusCode());
        assertTrue(millis >= 300, () -> "NotReady took " + millis + " ms");
        assertEquals("NotReady=fixed:300", sim.stats().knobs().get("serviceTimes"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sim.updateKnobs(Map.of("serviceTimes", "Acept=fixed:3")));
        assertTrue(e.getMessage().contains("'Acept' is not a GWS operation name"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sim.updateKnobs(Map.of("overload", "502")));
        assertEquals("overload must be '503' or 'error', got '502'", e.getMessage());
    }

    @Test
    void noCapacitySectionWithoutWorkers() {
        assertNull(sim.stats().capacity());
        assertEquals(0, sim.stats().counter("capacityAdmitted"));
    }
}
