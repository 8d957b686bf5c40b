package io.gwsload.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.gwsload.api.Notification;
import io.gwsload.collector.tracker.AgentTracker;
import io.gwsload.collector.NotificationCollector;
import io.gwsload.collector.Outcome;
import io.gwsload.collector.WaitOutcome;
import io.gwsload.collector.WaitSpec;

/** For the client tests: agents whose events go to a tracker of the test's collector, as a run wires them. */
final class TrackedAgents {
    private final Supplier<NotificationCollector> collector;
    private final Map<AgentConnection, AgentTracker> trackers = new ConcurrentHashMap<>();

    TrackedAgents(Supplier<NotificationCollector> collector) {
        this.collector = collector;
    }

    AgentConnection newAgent(ClientRuntime runtime, Credentials credentials) {
        AgentTracker tracker = collector.get().newTracker(credentials.username());
        AgentConnection agent = runtime.newAgent(credentials, tracker);
        trackers.put(agent, tracker);
        return agent;
    }

    AgentTracker of(AgentConnection agent) {
        return trackers.get(agent);
    }

    /** The next notification of {@code agent} that matches (from its inbox or to come), which must come in time. */
    WaitOutcome awaitOk(AgentConnection agent, java.util.function.Predicate<Notification> matches, Duration timeout)
            throws Exception {
        CompletableFuture<WaitOutcome> f = new CompletableFuture<>();
        of(agent).await(new WaitSpec("await", matches, "notification", timeout), f::complete);
        WaitOutcome w = f.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        assertEquals(Outcome.OK, w.outcome(), w.message());
        return w;
    }
}
