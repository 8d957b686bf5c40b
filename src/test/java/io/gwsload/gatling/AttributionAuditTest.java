package io.gwsload.gatling;

import static io.gwsload.gatling.SummaryJson.map;
import static io.gwsload.gatling.SummaryJson.number;
import static io.gwsload.gatling.SummaryJson.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Every completion checked against the simulator's ground truth under hostile delivery: {@link
 * HostileDeliverySimulation} runs every documented kind of operation, thousands of them, while the simulator
 * delays every notification by a fixed D, re-delivers id-less ones, delivers some past the operation timeout,
 * reorders an operation's notifications, batches transcripts and fans PropertiesUpdated out to every participant.
 * No misattribution may go unflagged, no operation may show a Notified time below D, the books balance, and
 * gws-load's summary agrees with Gatling's {@code simulation.log} per request name.
 */
class AttributionAuditTest {
    private static final long D_MS = 100;

    @Test
    void everyHostileDeliveryTogetherNeverMakesAFigureBetterUnflagged() throws Exception {
        Map<String, Object> summary = run(Map.of("knob.deliveryDelayMs", String.valueOf(D_MS),
                "knob.duplicateRate", "0.1", "knob.duplicateDelay", "uniform:50:400",
                "knob.delayRate", "0.02", "knob.delayExtra", "fixed:2500",
                "knob.reorderRate", "0.2", "knob.batchMessageLogsMs", "30", "knob.propertiesFanOut", "true",
                // A compressed soak: the generator sampled every second (a minute in a real run).
                "gws.sampleEvery", "1s"));
        theGeneratorWasSampled(lastRun);
        Map<String, Object> audit = audit(summary, 1500);
        assertEquals(0L, number(audit.get("misattributedUnflagged")), () -> "every misattribution is flagged: " + audit);
        long timeouts = number(map(map(summary.get("accounting")).get("koByReason")).getOrDefault("timeout", 0));
        long delayed = number(counters(summary).get("notificationsDelayed"));
        assertTrue(timeouts <= delayed, "only operations whose own notification came past the timeout time out: "
                + timeouts + " timeouts, " + delayed + " notifications delayed by 2.5 s");
    }

    @Test
    void withoutDuplicatesAndLateCopiesNothingIsMisattributedAndNothingTimesOut() throws Exception {
        // Half the loops of the hostile run: with nothing repeated or late, a few hundred completions show it.
        Map<String, Object> summary = run(Map.of("knob.deliveryDelayMs", String.valueOf(D_MS),
                "knob.reorderRate", "0.2", "knob.batchMessageLogsMs", "30", "knob.propertiesFanOut", "true",
                "loops", "2"));
        Map<String, Object> audit = audit(summary, 600);
        assertEquals(0L, number(audit.get("misattributed")), () -> "nothing misattributed: " + audit);
        Map<String, Object> ko = map(map(summary.get("accounting")).get("koByReason"));
        assertEquals(Map.of(), ko, "every operation's own notification arrives within its timeout: " + ko);
    }

    @Test
    void anAnswerBehindItsNotificationsLetsNoOtherOperationsNotificationTakeItsPlace() throws Exception {
        // Every answer 150 ms behind its notifications: an SMS Accept's own StatusChange (an id its answer does not
        // give) waits for that answer, while the supervisor's barge-in, made meanwhile, shows the agent Chatting too.
        // Before the tracker matched a scope's notifications in arrival order, each of the 16 Accepts took the
        // barge-in's (the soak's one unflagged misattribution, made certain).
        Map<String, Object> summary = run(Map.of("knob.answerDelay", "fixed:150", "soloAgents", "2", "pairs", "8",
                "loops", "2"));
        Map<String, Object> audit = audit(summary, 300);
        assertEquals(0L, number(audit.get("misattributed")), () -> "nothing misattributed: " + audit);
        Map<String, Object> bargeIns = SummaryJson.byName(SummaryJson.requests(summary), "SwitchToBargeIn");
        assertTrue(number(bargeIns.get("ok")) >= 8, () -> "the barge-ins this is about took place: " + bargeIns);
    }

    private static GatlingRuns.Run lastRun;

    /**
     * The generator is sampled into {@code generator.jsonl} (a second apart here, a minute by default): heap,
     * threads, open files and the harness's structures summed over the agents logged in, of which no more
     * operations are pending than agents (one at a time each); the summary gives each figure's slope per hour.
     * Whether the structures stay flat over a long run is the soak benchmark's (results/benchmarks/soak.md): this
     * run's 15 s are shorter than the time they take to fill.
     */
    private static void theGeneratorWasSampled(GatlingRuns.Run run) throws Exception {
        List<Map<String, Object>> samples = new ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(run.runFolder().resolve("generator.jsonl"))) {
            samples.add(io.gwsload.api.Json.readMap(line));
        }
        List<Map<String, Object>> loaded = samples.stream().filter(s -> number(s.get("agents")) > 0).toList();
        assertTrue(loaded.size() >= 6, "a sample a second while agents were logged in: " + samples);
        for (Map<String, Object> s : loaded) {
            assertTrue(s.keySet().containsAll(List.of("liveHeapBytes", "threads", "openFiles", "endedOperations",
                    "scopeMemory", "inbox", "heldCompletions")), "every figure: " + s);
            assertTrue(number(s.get("pendingOperations")) <= number(s.get("agents")), "one operation at a time: " + s);
        }
        Map<String, Object> trend = map(map(run.summary().get("generator")).get("trend"));
        assertTrue(trend.get("slopesPerHour") instanceof Map<?, ?> slopes && slopes.containsKey("endedOperations")
                && slopes.containsKey("threads") && slopes.containsKey("openFiles"),
                "the summary gives each figure's slope: " + trend);
    }

    /** One run: the books, the floor D (where notifications are delayed), and Gatling's log agreeing with the summary; returns the summary. */
    private static Map<String, Object> run(Map<String, String> knobs) throws Exception {
        Map<String, String> properties = new HashMap<>(knobs);
        long floorMs = Long.parseLong(knobs.getOrDefault("knob.deliveryDelayMs", "0"));
        GatlingRuns.Run run = GatlingRuns.run(HostileDeliverySimulation.class, properties);
        lastRun = run;
        assertNull(run.crash(), () -> "the run crashed: " + run.crash());
        Map<String, Object> summary = run.summary();
        Map<String, Object> books = map(summary.get("accounting"));
        assertEquals(0L, number(books.get("pending")), books::toString);
        assertEquals(number(books.get("sent")) + number(books.get("unsent")),
                number(books.get("ok")) + number(books.get("ko")), "the books balance: " + books);
        List<String> belowFloor = new ArrayList<>();
        Map<String, long[]> gatling = GatlingResults.counts(run.gatlingResults());
        for (Map<String, Object> r : requests(summary)) {
            String name = (String) r.get("name");
            boolean notified = r.get("completedBy") instanceof Map<?, ?> by && !by.isEmpty();
            if (notified && number(r.get("ok")) > 0 && number(r.get("minUs")) < floorMs * 1000) {
                belowFloor.add(name + " min " + r.get("minUs") + " µs");
            }
            long[] g = gatling.get(name);
            assertTrue(g != null, "Gatling's log has " + name);
            assertEquals(number(r.get("ok")), g[0], name + " OK in summary.json and simulation.log");
            assertEquals(number(r.get("ko")), g[1], name + " KO in summary.json and simulation.log");
        }
        assertEquals(List.of(), belowFloor, "no operation takes effect sooner than the delivery delay D");
        return summary;
    }

    private static Map<String, Object> audit(Map<String, Object> summary, long atLeast) {
        Map<String, Object> audit = map(map(summary.get("accounting")).get("audit"));
        // About 2,000 per run of 4 loops (it varies with what the hostile delivery times out): enough to mean something.
        assertTrue(number(audit.get("checked")) >= atLeast, () -> "enough completions checked: " + audit);
        return audit;
    }

    private static Map<String, Object> counters(Map<String, Object> summary) {
        return map(map(summary.get("simulatorGroundTruth")).get("counters"));
    }
}
