package io.gwsload.simulator.http;

import io.gwsload.simulator.model.Agent;

import java.security.SecureRandom;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/** The live HTTP sessions by JSESSIONID; idle ones are expired by a periodic scan, not a timer each. */
public final class WebSessions {
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private final ConcurrentHashMap<String, WebSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public WebSession create(Agent agent) {
        for (;;) {
            WebSession s = new WebSession(newId(), agent);
            if (sessions.putIfAbsent(s.id(), s) == null) {
                return s;
            }
        }
    }

    /** The live session with this id, or null. */
    public WebSession get(String id) {
        return id == null ? null : sessions.get(id);
    }

    void invalidate(WebSession session) {
        sessions.remove(session.id(), session);
    }

    /** Removes sessions idle for longer than {@code idleNanos}; returns how many. */
    public int expire(long idleNanos) {
        long now = System.nanoTime();
        int removed = 0;
        for (Iterator<WebSession> it = sessions.values().iterator(); it.hasNext();) {
            if (now - it.next().lastAccessNanos() > idleNanos) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    /** Removes the sessions of these agents (all, when {@code agents} is null); returns how many. */
    public int expire(java.util.Set<Agent> agents) {
        int removed = 0;
        for (Iterator<WebSession> it = sessions.values().iterator(); it.hasNext();) {
            WebSession s = it.next();
            if (agents == null || agents.contains(s.agent())) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    public int size() {
        return sessions.size();
    }

    public void clear() {
        sessions.clear();
    }

    private String newId() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        char[] c = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            c[i] = ALPHABET[(bytes[i] & 0xFF) % ALPHABET.length];
        }
        return "node0" + new String(c);
    }
}
