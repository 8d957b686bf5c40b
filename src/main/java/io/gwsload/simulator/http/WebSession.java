package io.gwsload.simulator.http;

import io.gwsload.simulator.model.Agent;
import io.gwsload.simulator.users.SimUser;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP session (JSESSIONID): its user, CSRF token and the per-session {@code referenceId}
 * counter. A few dozen bytes, so 10,000 of them are cheap.
 */
public final class WebSession {
    private final String id;
    private final Agent agent;
    private final String csrfToken = UUID.randomUUID().toString();
    private final AtomicLong referenceIds = new AtomicLong();
    private volatile long lastAccessNanos = System.nanoTime();

    WebSession(String id, Agent agent) {
        this.id = id;
        this.agent = agent;
    }

    public String id() {
        return id;
    }

    public Agent agent() {
        return agent;
    }

    public SimUser user() {
        return agent.user();
    }

    String csrfToken() {
        return csrfToken;
    }

    /** The next referenceId of this session: 1, 2, 3... */
    public long nextReferenceId() {
        return referenceIds.incrementAndGet();
    }

    public void touch() {
        lastAccessNanos = System.nanoTime();
    }

    long lastAccessNanos() {
        return lastAccessNanos;
    }
}
