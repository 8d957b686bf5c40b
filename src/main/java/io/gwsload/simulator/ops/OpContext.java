package io.gwsload.simulator.ops;

import io.gwsload.simulator.Knobs;
import io.gwsload.simulator.http.WebSession;
import io.gwsload.simulator.model.Agent;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import io.gwsload.api.OperationName;

/**
 * One operation request in flight: who sent it, when it was received, and once validated its
 * {@code referenceId}. The notifications the operation causes for its caller point here, so the
 * first one published can be timed against {@link #receivedNanos} (the ground truth).
 */
public final class OpContext {
    public static final long NO_REFERENCE = -1;

    public final OperationName op;
    public final long receivedNanos;
    final WebSession session;
    final Agent caller;
    public final Knobs knobs;
    /** The simulator's id of this operation, for the audit ({@link io.gwsload.api.AuditStamp}). */
    public final long auditId = NEXT_AUDIT_ID.incrementAndGet();
    private static final java.util.concurrent.atomic.AtomicLong NEXT_AUDIT_ID = new java.util.concurrent.atomic.AtomicLong();
    private long referenceId = NO_REFERENCE;
    private boolean injectError;
    private final AtomicBoolean published = new AtomicBoolean();

    public OpContext(OperationName op, long receivedNanos, WebSession session, Knobs knobs) {
        this.op = op;
        this.receivedNanos = receivedNanos;
        this.session = session;
        this.caller = session.agent();
        this.knobs = knobs;
    }

    /**
     * Marks the operation accepted (validation passed): takes the session's next referenceId and
     * decides whether the {@code errorRate} fault turns it into an Error notification.
     *
     * @return true when the operation must end with an Error notification and change nothing
     */
    boolean accept() {
        if (referenceId == NO_REFERENCE) {
            referenceId = session.nextReferenceId();
            double rate = knobs.errorRate();
            injectError = op.notifies() && rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
        }
        return injectError;
    }

    boolean isAccepted() {
        return referenceId != NO_REFERENCE;
    }

    public long referenceId() {
        return referenceId;
    }

    /** True exactly once: for the first notification of this operation that is published. */
    public boolean firstPublication() {
        return !published.get() && published.compareAndSet(false, true);
    }
}
