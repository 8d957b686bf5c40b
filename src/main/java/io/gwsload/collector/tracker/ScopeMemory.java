package io.gwsload.collector.tracker;

import io.gwsload.collector.rules.ScopeState;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.gwsload.api.Notification;

/**
 * What one agent remembers of each scope (an interaction, or its channels), to tell an operation's own
 * notification from another's: the scope's state as its notifications showed it ({@link ScopeState}), the
 * effect notifications consumed lately (by content, so that a repeat is recognised), and the operations that
 * timed out waiting for an effect (their notification may still come, late). Guarded by the tracker's lock;
 * bounded in scopes, entries and time.
 */
final class ScopeMemory {
    /** Scopes remembered at once per agent; the least recently used goes first. */
    private static final int MAX_SCOPES = 64;
    /** Consumed notifications remembered per scope. */
    private static final int MAX_CONSUMED = 32;

    /** A notification that completed an operation (or a wait), by content. */
    record Consumed(long fingerprint, long nanos) {
    }

    /** An operation that timed out waiting for its effect: its notification may still arrive. */
    record Debt(PendingOperation op, long nanos) {
    }

    private static final class Scope {
        final ScopeState state = new ScopeState();
        ArrayDeque<Consumed> consumed;
        ArrayDeque<Debt> debts;
        long touched;
    }

    private final LinkedHashMap<String, Scope> scopes = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Scope> eldest) {
            return size() > MAX_SCOPES;
        }
    };

    private Scope scope(String key, long now) {
        Scope s = scopes.computeIfAbsent(key, k -> new Scope());
        s.touched = now;
        return s;
    }

    /** A copy of what is known of the scope now: an operation registered now changes it. */
    ScopeState baseline(String key) {
        Scope s = key == null ? null : scopes.get(key);
        return s == null ? ScopeState.UNKNOWN : s.state.copy();
    }

    /**
     * What the scope shows now, itself, not a copy ({@link #baseline} copies): read under the tracker's lock only, and
     * not kept.
     */
    ScopeState current(String key) {
        Scope s = key == null ? null : scopes.get(key);
        return s == null ? ScopeState.UNKNOWN : s.state;
    }

    /** Takes in what a notification of the scope shows. */
    void apply(String key, Notification n, long now) {
        if (key != null) {
            scope(key, now).state.apply(n);
        }
    }

    /** Whether the scope consumed a notification of this content within {@code retentionNanos}. */
    boolean repeats(String key, long fingerprint, long now, long retentionNanos) {
        Scope s = key == null ? null : scopes.get(key);
        if (s == null || s.consumed == null) {
            return false;
        }
        for (Consumed c : s.consumed) {
            if (c.fingerprint() == fingerprint && now - c.nanos() < retentionNanos) {
                return true;
            }
        }
        return false;
    }

    void consumed(String key, long fingerprint, long now) {
        if (key == null) {
            return;
        }
        Scope s = scope(key, now);
        if (s.consumed == null) {
            s.consumed = new ArrayDeque<>(4);
        }
        if (s.consumed.size() >= MAX_CONSUMED) {
            s.consumed.pollFirst();
        }
        s.consumed.addLast(new Consumed(fingerprint, now));
    }

    void addDebt(String key, PendingOperation op, long now) {
        Scope s = scope(key, now);
        if (s.debts == null) {
            s.debts = new ArrayDeque<>(2);
        }
        s.debts.addLast(new Debt(op, now));
    }

    /** The oldest debt of the scope whose effect the notification shows (relative to its operation's baseline). */
    Debt debtShownBy(String key, Notification n, java.util.function.BiPredicate<PendingOperation, Notification> shows) {
        Scope s = key == null ? null : scopes.get(key);
        if (s == null || s.debts == null) {
            return null;
        }
        for (Debt d : s.debts) {
            if (shows.test(d.op(), n)) {
                return d;
            }
        }
        return null;
    }

    /** The debt's notification arrived (late): it is owed no more. */
    void pay(String key, Debt debt) {
        Scope s = scopes.get(key);
        if (s != null && s.debts != null) {
            s.debts.remove(debt);
        }
    }

    boolean hasDebts(String key) {
        Scope s = key == null ? null : scopes.get(key);
        return s != null && s.debts != null && !s.debts.isEmpty();
    }

    /**
     * Forgets consumed notifications and debts older than {@code retentionNanos}, then the scopes of interactions
     * that are over for the agent (Completed, Revoked) with nothing left to remember: otherwise each agent would keep
     * the participants and user data of its last 64 chats for the whole run.
     */
    void expire(long now, long retentionNanos) {
        for (Iterator<Scope> it = scopes.values().iterator(); it.hasNext();) {
            Scope s = it.next();
            if (s.consumed != null) {
                while (!s.consumed.isEmpty() && now - s.consumed.peekFirst().nanos() >= retentionNanos) {
                    s.consumed.pollFirst();
                }
            }
            if (s.debts != null) {
                while (!s.debts.isEmpty() && now - s.debts.peekFirst().nanos() >= retentionNanos) {
                    s.debts.pollFirst();
                }
            }
            if (isOver(s.state.state()) && (s.consumed == null || s.consumed.isEmpty())
                    && (s.debts == null || s.debts.isEmpty())) {
                it.remove();
            }
        }
    }

    private static boolean isOver(String state) {
        return "Completed".equals(state) || "Revoked".equals(state);
    }

    /** The scopes remembered (interactions and the channels): bounded by {@link #MAX_SCOPES}. */
    int scopes() {
        return scopes.size();
    }

    /** Whether anything is remembered that time will drop (consumed notifications, debts). */
    boolean holdsAnything() {
        for (Scope s : scopes.values()) {
            if (s.consumed != null && !s.consumed.isEmpty() || s.debts != null && !s.debts.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The number of consumed notifications and debts remembered (for soak checks). */
    int size() {
        int n = 0;
        for (Scope s : scopes.values()) {
            n += (s.consumed == null ? 0 : s.consumed.size()) + (s.debts == null ? 0 : s.debts.size());
        }
        return n;
    }
}
