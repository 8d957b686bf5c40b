package io.gwsload.collector.tracker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Notifications carrying a referenceId no operation knows yet, held while an operation still awaits its
 * HTTP answer (which may bring that id): no fast notification is lost to the race, and none is matched by
 * effect before the answers say whose it is. An id-less notification of a scope that has one held waits
 * behind it (a <em>follower</em>): matched first, it could take the operation the held one shows (an Accept's
 * own StatusChange held, a supervisor's barge-in right after showing the agent Chatting too). Guarded by the
 * tracker's lock.
 */
final class EarlyArrivals {
    private Map<Long, List<AgentTracker.Received>> held;
    /** Id-less notifications waiting behind a held one of their scope, in arrival order. */
    private List<AgentTracker.Received> followers;

    void hold(long ref, AgentTracker.Received r) {
        if (held == null) {
            held = new HashMap<>(4);
        }
        held.computeIfAbsent(ref, k -> new ArrayList<>(3)).add(r);
    }

    /** The notifications held for {@code ref}, taken out (null when none). */
    List<AgentTracker.Received> take(long ref) {
        return held == null ? null : held.remove(ref);
    }

    /** Everything held, taken out, in arrival order. */
    List<AgentTracker.Received> takeAll() {
        List<AgentTracker.Received> all = new ArrayList<>();
        if (held != null) {
            held.values().forEach(all::addAll);
            held.clear();
        }
        all.sort((a, b) -> Long.compare(a.nanos() - b.nanos(), 0));
        return all;
    }

    /**
     * Held notifications that arrived before {@code oldestUnanswered} (null: every one): only an operation
     * registered before a notification arrived can claim it, so once those have their answers nothing can.
     */
    List<AgentTracker.Received> takeUnclaimable(Long oldestUnanswered) {
        List<AgentTracker.Received> out = null;
        if (held == null) {
            return List.of();
        }
        for (Iterator<List<AgentTracker.Received>> it = held.values().iterator(); it.hasNext();) {
            List<AgentTracker.Received> list = it.next();
            if (oldestUnanswered == null || list.get(list.size() - 1).nanos() - oldestUnanswered < 0) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.addAll(list);
                it.remove();
            }
        }
        return out == null ? List.of() : out;
    }

    /** Whether a notification of {@code scope} is held: one of that scope arriving now must wait behind it. */
    boolean holdsScope(String scope) {
        if (scope == null || held == null) {
            return false;
        }
        for (List<AgentTracker.Received> list : held.values()) {
            for (AgentTracker.Received r : list) {
                if (scope.equals(r.scope())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An id-less notification waits behind the held one(s) of its scope. */
    void follow(AgentTracker.Received r) {
        if (followers == null) {
            followers = new ArrayList<>(2);
        }
        followers.add(r);
    }

    boolean hasFollowers() {
        return followers != null && !followers.isEmpty();
    }

    /**
     * The followers nothing held precedes any more, taken out in arrival order; one behind a notification of its
     * scope still held stays, and so do the later ones of that scope.
     */
    List<AgentTracker.Received> takeFreeFollowers() {
        if (!hasFollowers()) {
            return List.of();
        }
        List<AgentTracker.Received> free = null;
        for (Iterator<AgentTracker.Received> it = followers.iterator(); it.hasNext();) {
            AgentTracker.Received f = it.next();
            if (!heldBefore(f.scope(), f.nanos())) {
                if (free == null) {
                    free = new ArrayList<>(2);
                }
                free.add(f);
                it.remove();
            }
        }
        return free == null ? List.of() : free;
    }

    private boolean heldBefore(String scope, long nanos) {
        if (held == null) {
            return false;
        }
        for (List<AgentTracker.Received> list : held.values()) {
            for (AgentTracker.Received r : list) {
                if (scope.equals(r.scope()) && r.nanos() - nanos <= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Held notifications with an id (followers are not counted: they are matched, only later). */
    long count() {
        long n = 0;
        if (held != null) {
            for (List<AgentTracker.Received> l : held.values()) {
                n += l.size();
            }
        }
        return n;
    }

    /** Whether no notification with an id is held (followers may still wait: see {@link #takeFreeFollowers}). */
    boolean isEmpty() {
        return held == null || held.isEmpty();
    }

    /** Drops what is held with an id; followers stay, to be matched once nothing precedes them. */
    void clear() {
        if (held != null) {
            held.clear();
        }
    }

    /** Everything waiting, held and followers: a size for the run's trend. */
    long size() {
        return count() + (followers == null ? 0 : followers.size());
    }
}
