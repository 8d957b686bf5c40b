package io.gwsload.collector.tracker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.gwsload.api.Notification;

/**
 * One agent's operations still running, in registration order, and by referenceId once known. Not
 * thread-safe: the tracker's lock guards it. Created empty and kept small: most agents are idle.
 */
final class OperationTable {
    private final List<PendingOperation> pending = new ArrayList<>(2);
    private Map<Long, PendingOperation> byReference;

    void add(PendingOperation op) {
        pending.add(op);
    }

    /** Takes an ended operation out, with its id. */
    void remove(PendingOperation op) {
        pending.remove(op);
        if (op.hasId && byReference != null && byReference.get(op.referenceId) == op) {
            byReference.remove(op.referenceId);
        }
        if (op.otherReferenceId != Notification.NO_REFERENCE && byReference != null
                && byReference.get(op.otherReferenceId) == op) {
            byReference.remove(op.otherReferenceId);
        }
    }

    /** The operation known by this id, or null. */
    PendingOperation byId(long ref) {
        return byReference == null ? null : byReference.get(ref);
    }

    /** Indexes the operation under its id; returns an operation that had the id before, or null. */
    PendingOperation index(PendingOperation op, long ref) {
        if (byReference == null) {
            byReference = new HashMap<>(4);
        }
        if (op.hasId && op.referenceId != ref) {
            op.otherReferenceId = op.referenceId;
        }
        op.referenceId = ref;
        op.hasId = true;
        PendingOperation before = byReference.put(ref, op);
        return before == op ? null : before;
    }

    /** Forgets every id (a new HTTP session restarts them). */
    void forgetIds() {
        if (byReference != null) {
            byReference.clear();
        }
    }

    List<PendingOperation> inOrder() {
        return pending;
    }

    /** A copy, to end operations while iterating. */
    List<PendingOperation> snapshot() {
        return new ArrayList<>(pending);
    }

    boolean anyUnanswered() {
        for (PendingOperation op : pending) {
            if (!op.answered) {
                return true;
            }
        }
        return false;
    }

    /** The registration time of the oldest operation still awaiting its answer, or null when none does. */
    Long oldestUnanswered() {
        Long oldest = null;
        for (PendingOperation op : pending) {
            if (!op.answered && (oldest == null || op.createdNanos - oldest < 0)) {
                oldest = op.createdNanos;
            }
        }
        return oldest;
    }

    int size() {
        return pending.size();
    }

    boolean isEmpty() {
        return pending.isEmpty() && (byReference == null || byReference.isEmpty());
    }
}
