package io.gwsload.collector.tracker;

import io.gwsload.collector.rules.Fingerprints;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Operations that ended, by referenceId, for a while: what still arrives with their id is a follow-up,
 * a duplicate or late, never "unknown". Guarded by the tracker's lock.
 */
final class EndedOperations {
    /** What is remembered of an ended operation. */
    record Ended(Fingerprints seen, boolean timedOut, long endedNanos) {
    }

    private LinkedHashMap<Long, Ended> recent;

    void remember(long ref, Fingerprints seen, boolean timedOut, long endedNanos) {
        if (recent == null) {
            recent = new LinkedHashMap<>(8);
        }
        recent.remove(ref); // re-inserted: insertion order stays end order
        recent.put(ref, new Ended(seen, timedOut, endedNanos));
    }

    Ended get(long ref) {
        return recent == null ? null : recent.get(ref);
    }

    void forget(long ref) {
        if (recent != null) {
            recent.remove(ref);
        }
    }

    void clear() {
        if (recent != null) {
            recent.clear();
        }
    }

    /** Forgets what ended more than {@code retentionNanos} ago. */
    void expire(long now, long retentionNanos) {
        if (recent == null) {
            return;
        }
        for (Iterator<Ended> it = recent.values().iterator(); it.hasNext();) {
            if (now - it.next().endedNanos() < retentionNanos) {
                break; // insertion order is end order
            }
            it.remove();
        }
    }

    boolean isEmpty() {
        return recent == null || recent.isEmpty();
    }

    int size() {
        return recent == null ? 0 : recent.size();
    }
}
