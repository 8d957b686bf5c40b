package io.gwsload.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.gwsload.collector.AgentTracker;
import io.gwsload.collector.NotificationCollector;

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
}
