package io.gwsload.collector.tracker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Notifications carrying a referenceId no operation knows yet, held while an operation still awaits its
 * HTTP answer (which may bring that id): no fast notification is lost to the race, and none is matched by
 * effect before the answers say whose it is. Guarded by the tracker's lock.
 */
final class EarlyArrivals {
    private Map<Long, List<AgentTracker.Received>> held;

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

    long count() {
        long n = 0;
        if (held != null) {
            for (List<AgentTracker.Received> l : held.values()) {
                n += l.size();
            }
        }
        return n;
    }

    boolean isEmpty() {
        return held == null || held.isEmpty();
    }

    void clear() {
        if (held != null) {
            held.clear();
        }
    }
}
