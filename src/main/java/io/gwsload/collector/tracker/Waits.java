package io.gwsload.collector.tracker;

import io.gwsload.collector.WaitSpec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiPredicate;

import io.gwsload.api.Notification;

/**
 * One agent's waits by predicate (offers, joins) and its inbox of notifications no operation and no wait
 * claimed, for waits that start later: a wait sees what arrived before it (at most {@code inboxCapacity}, for
 * {@code inboxTtl}). Guarded by the tracker's lock.
 */
public final class Waits {
    private ArrayDeque<AgentTracker.Waiter> waiters;
    private ArrayDeque<AgentTracker.Received> inbox;

    /** The oldest notification in the inbox the spec matches, taken out; null when none. */
    AgentTracker.Received takeFromInbox(WaitSpec spec, BiPredicate<WaitSpec, Notification> matches) {
        if (inbox == null) {
            return null;
        }
        for (Iterator<AgentTracker.Received> it = inbox.iterator(); it.hasNext();) {
            AgentTracker.Received r = it.next();
            if (matches.test(spec, r.notification())) {
                it.remove();
                return r;
            }
        }
        return null;
    }

    void add(AgentTracker.Waiter w) {
        if (waiters == null) {
            waiters = new ArrayDeque<>(2);
        }
        waiters.add(w);
    }

    boolean remove(AgentTracker.Waiter w) {
        return waiters != null && waiters.remove(w);
    }

    /** The oldest wait the notification ends, taken out; null when none. */
    AgentTracker.Waiter claim(Notification n, BiPredicate<WaitSpec, Notification> matches) {
        if (waiters != null) {
            for (Iterator<AgentTracker.Waiter> it = waiters.iterator(); it.hasNext();) {
                AgentTracker.Waiter w = it.next();
                if (matches.test(w.spec, n)) {
                    it.remove();
                    return w;
                }
            }
        }
        return null;
    }

    /** Keeps an unclaimed notification; returns whether one had to go to make room (or none could be kept). */
    boolean store(AgentTracker.Received r, int capacity) {
        if (capacity == 0) {
            return true;
        }
        if (inbox == null) {
            inbox = new ArrayDeque<>(4);
        }
        boolean evicted = false;
        if (inbox.size() >= capacity) {
            inbox.pollFirst();
            evicted = true;
        }
        inbox.addLast(r);
        return evicted;
    }

    /**
     * An offer that was revoked (or otherwise ended) before anyone took it is no longer on offer: a later
     * wait for an offer must not be handed a stale one (its Accept would fail).
     */
    void dropWithdrawnOffers(Notification n) {
        if (inbox == null || inbox.isEmpty() || !n.isStateChange()) {
            return;
        }
        String state = n.state();
        String id = n.interactionId();
        if (id == null || state == null || "Invited".equals(state)) {
            return;
        }
        boolean over = "Revoked".equals(state) || "Completed".equals(state) || "LeftChat".equals(state);
        // An ended session's arrival (a supervisor's StatusChange Chatting) is no longer one either.
        inbox.removeIf(old -> id.equals(old.notification().interactionId()) && old.notification().isStateChange()
                && ("Invited".equals(old.notification().state()) || over && "Chatting".equals(old.notification().state())));
    }

    /** Drops what stayed in the inbox for {@code ttlNanos}; returns how many. */
    long expireInbox(long now, long ttlNanos) {
        long expired = 0;
        while (inbox != null && !inbox.isEmpty() && now - inbox.peekFirst().nanos() >= ttlNanos) {
            inbox.pollFirst();
            expired++;
        }
        return expired;
    }

    /** Every wait still open, taken out. */
    List<AgentTracker.Waiter> drain() {
        List<AgentTracker.Waiter> all = new ArrayList<>();
        if (waiters != null) {
            all.addAll(waiters);
            waiters.clear();
        }
        return all;
    }

    boolean isEmpty() {
        return (waiters == null || waiters.isEmpty()) && (inbox == null || inbox.isEmpty());
    }

    /** Notifications kept for a wait still to come. */
    int inboxSize() {
        return inbox == null ? 0 : inbox.size();
    }
}
