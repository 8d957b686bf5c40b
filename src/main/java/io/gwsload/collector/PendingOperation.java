package io.gwsload.collector;

import io.gwsload.api.OperationResponse;
import io.gwsload.client.PostObserver;

/**
 * One registered operation. The client reports its progress here: {@link #posted} just before the
 * POST is written, then {@link #answered} or {@link #failed}. Everything else (matching, timeouts,
 * session loss) is the collector's; the listener hears of the end exactly once.
 */
public final class PendingOperation implements PostObserver {
    final AgentTracker tracker;
    final OperationSpec spec;
    final OperationListener listener;
    final long createdNanos;
    final long deadlineNanos;
    final int epoch;
    // guarded by tracker
    volatile long startNanos;
    long httpEndNanos = OperationOutcome.NONE;
    int httpStatus;
    OperationResponse response;
    /** The operation's referenceId, valid when {@link #hasId}: from the answer, or learnt from a notification. */
    long referenceId;
    boolean hasId;
    boolean answered;
    boolean ended;
    /** Refused because the collector was closed: the caller must not send it. */
    boolean refused;
    /** The notification that decided the operation before its HTTP answer came; it ends when the answer does. */
    AgentTracker.Decision decided;
    NotificationCollector.Deadline deadline;
    final Fingerprints seen = new Fingerprints();

    PendingOperation(AgentTracker tracker, OperationSpec spec, OperationListener listener, long nowNanos, int epoch) {
        this.tracker = tracker;
        this.spec = spec;
        this.listener = listener;
        this.createdNanos = nowNanos;
        this.startNanos = nowNanos;
        this.deadlineNanos = nowNanos + spec.timeout().toNanos();
        this.epoch = epoch;
    }

    public OperationSpec spec() {
        return spec;
    }

    /** Whether the collector refused it (the run had ended): the caller must not send the POST. */
    @Override
    public boolean refused() {
        return refused;
    }

    /** The POST is about to be written: the start of both timings. Called at most once. */
    @Override
    public void posted(long nanos) {
        startNanos = nanos;
    }

    /** The HTTP answer was read. {@code response} may be null when the body was not GWS JSON. */
    @Override
    public void answered(int httpStatus, OperationResponse response, long nanos) {
        tracker.onAnswer(this, httpStatus, response, nanos, null);
    }

    /**
     * GWS answered 401 or 403: the agent's HTTP session expired (or its CSRF token is gone). The operation
     * ends as "session expired"; the client logs the agent in again.
     */
    @Override
    public void sessionExpired(int httpStatus, String text, long nanos) {
        tracker.onSessionExpired(this, httpStatus, text, nanos);
    }

    /** The request failed without an HTTP answer (or its body could not be read). */
    @Override
    public void failed(String reason, long nanos) {
        tracker.onAnswer(this, 0, null, nanos, reason);
    }
}
