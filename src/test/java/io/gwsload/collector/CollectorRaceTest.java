package io.gwsload.collector;

import io.gwsload.collector.tracker.AgentTrackerTest;

import io.gwsload.collector.tracker.PendingOperation;

import io.gwsload.collector.tracker.AgentTracker;

import io.gwsload.collector.books.AccountingSnapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

import io.gwsload.api.OperationResponse;

/**
 * The notification-before-answer race under concurrency: answers, notifications and duplicates for
 * thousands of operations delivered from several threads in random order. Every operation must end
 * exactly once and OK; none may be lost to the race.
 */
class CollectorRaceTest {
    private static final int AGENTS = 40;
    private static final int OPS_PER_AGENT = 500;

    @Test
    void noOperationIsLostOrEndedTwiceWhateverTheOrder() throws Exception {
        AtomicIntegerArray endings = new AtomicIntegerArray(AGENTS * OPS_PER_AGENT);
        AtomicIntegerArray oks = new AtomicIntegerArray(AGENTS * OPS_PER_AGENT);
        CountDownLatch allEnded = new CountDownLatch(AGENTS * OPS_PER_AGENT);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (NotificationCollector collector = new NotificationCollector(CollectorSettings.defaults())) {
            List<AgentTracker> trackers = new ArrayList<>();
            for (int a = 0; a < AGENTS; a++) {
                trackers.add(collector.newTracker("agent" + a));
            }
            for (int i = 0; i < OPS_PER_AGENT; i++) {
                for (int a = 0; a < AGENTS; a++) {
                    int index = a * OPS_PER_AGENT + i;
                    long ref = i + 1;
                    AgentTracker tracker = trackers.get(a);
                    PendingOperation op = tracker.begin(OperationSpec.awaiting("Accept", Duration.ofMinutes(1)),
                            outcome -> {
                                endings.incrementAndGet(index);
                                if (outcome.isOk()) {
                                    oks.incrementAndGet(index);
                                }
                                allEnded.countDown();
                            });
                    Runnable answer = () -> op.answered(200, OperationResponse.ok(ref), System.nanoTime());
                    Runnable notify = () -> tracker.onNotification(
                            AgentTrackerTest.stateChange(ref, "Chatting"), System.nanoTime());
                    boolean notificationFirst = ThreadLocalRandom.current().nextBoolean();
                    pool.execute(notificationFirst ? notify : answer);
                    pool.execute(notificationFirst ? answer : notify);
                    if (ThreadLocalRandom.current().nextInt(10) == 0) {
                        pool.execute(notify); // a duplicate, at any point
                    }
                }
            }
            assertTrue(allEnded.await(60, TimeUnit.SECONDS), "all operations end");
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            for (int i = 0; i < endings.length(); i++) {
                assertEquals(1, endings.get(i), "operation " + i + " ended exactly once");
                assertEquals(1, oks.get(i), "operation " + i + " ended OK");
            }
            AccountingSnapshot books = collector.accounting().snapshot();
            assertEquals(AGENTS * OPS_PER_AGENT, books.registered());
            assertEquals(books.registered(), books.ok());
            assertEquals(0, books.pending());
            assertEquals(0, books.unknown(), books.toString());
            assertTrue(books.matchedEarly() > 0, "the race actually happened: " + books);
        } finally {
            pool.shutdownNow();
        }
    }
}
