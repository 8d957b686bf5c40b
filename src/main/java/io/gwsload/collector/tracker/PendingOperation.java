package io.gwsload.collector.tracker;

import io.gwsload.collector.rules.ScopeState;

import io.gwsload.collector.NotificationCollector;
import io.gwsload.collector.OperationListener;
import io.gwsload.collector.OperationSpec;
import io.gwsload.collector.rules.Fingerprints;

import io.gwsload.api.AuditStamp;
import io.gwsload.api.Notification;
import io.gwsload.api.OperationResponse;
import io.gwsload.client.PostObserver;

/**
 * One registered operation. The client reports its progress here: {@link #posted} just before the
 * POST is written, then {@link #answered} or {@link #failed}. Everything else (matching, timeouts,
 * session loss) is the collector's; the listener hears of the end exactly once.
 */
public final class PendingOperation implements PostObserver {
    final AgentTracker tracker;
    public final OperationSpec spec;
    /** Who hears of the end; dropped once it has (a held completion stays referenced long after). */
    OperationListener listener;
    final long createdNanos;
    final long deadlineNanos;
    /** The agent's CometD session (its tracker's epoch) when the POST was written; guarded by the tracker. */
    int epoch;
    /** What the agent knew of the operation's scope when it was registered: its effect is a change from this. */
    public final ScopeState before;
    // guarded by tracker
    volatile long startNanos;
    private volatile boolean written;
    long httpEndNanos = OperationOutcome.NONE;
    int httpStatus;
    OperationResponse response;
    /** The simulator's id of the operation (from its answer), or {@link AuditStamp#NONE}. */
    long auditId = AuditStamp.NONE;
    /** The operation's referenceId, valid when {@link #hasId}: from the answer, or learnt from a notification. */
    long referenceId;
    boolean hasId;
    /**
     * The id it had before a notification with another id showed its effect ({@link Notification#NO_REFERENCE} if
     * none): it is known, and remembered once ended, by both.
     */
    long otherReferenceId = Notification.NO_REFERENCE;
    boolean answered;
    boolean ended;
    /** It ended as a timeout (what still comes for it is late). */
    boolean timedOut;
    /** Refused because the collector was closed: the caller must not send it. */
    boolean refused;
    /** The notification that decided the operation before its HTTP answer came; it ends when the answer does. */
    AgentTracker.Decision decided;
    NotificationCollector.Deadline deadline;
    final Fingerprints seen = new Fingerprints();
    /** A completion held for attribution until the deadline (see {@link AgentTracker}); null otherwise. */
    OperationOutcome held;
    /** The notification a held completion was made on. */
    AgentTracker.Received heldOn;
    /** A held completion already known ambiguous (an operation of its scope had timed out). */
    boolean heldAmbiguous;
    /** A held completion that a surplus copy has shown doubtful: re-timed since (see AgentTracker's retime). */
    boolean exposed;
    /**
     * Whether a later operation's hold lengthened this one's, and to when: its deadline, scheduled at its own hold's
     * end, then moves on to this when it fires (a lengthening costs a field write, not a re-scheduling).
     */
    boolean lengthened;
    long lengthenedTo;
    /** A held completion written unflagged: kept for a while, and when. */
    OperationOutcome heldOutcome;
    long releasedNanos;
    /** Its place in the collector's record watermark while held. */
    public Object heldMark;

    PendingOperation(AgentTracker tracker, OperationSpec spec, OperationListener listener, long nowNanos, int epoch,
            ScopeState before) {
        this.tracker = tracker;
        this.spec = spec;
        this.listener = listener;
        this.createdNanos = nowNanos;
        this.startNanos = nowNanos;
        this.deadlineNanos = nowNanos + spec.timeout().toNanos();
        this.epoch = epoch;
        this.before = before;
    }

    public OperationSpec spec() {
        return spec;
    }

    /**
     * Whether the POST must not be sent: the collector refused it (the run had ended), or it already ended (it
     * timed out while it waited for a login again).
     */
    @Override
    public boolean refused() {
        return refused || tracker.hasEnded(this);
    }

    /** When its timeout is due: from when its POST was written (from when it began while it is not). */
    long dueNanos() {
        return startNanos + spec.timeout().toNanos();
    }

    /** When its hold for attribution ends unless a later operation's lengthened it: twice its timeout after sending. */
    long ownHoldEndNanos() {
        return dueNanos() + spec.timeout().toNanos();
    }

    /** The latest its hold can be lengthened to: {@link AgentTracker#LONGEST_HOLD_TIMEOUTS} timeouts after sending. */
    long longestHoldEndNanos() {
        return startNanos + AgentTracker.LONGEST_HOLD_TIMEOUTS * spec.timeout().toNanos();
    }

    /** When its hold ends: its own hold's end, or later where a later operation's lengthened it. */
    long holdEndNanos() {
        return lengthened ? lengthenedTo : ownHoldEndNanos();
    }

    /** Whether its POST was written (its answer implies it): only then can a notification be its own. */
    boolean isWritten() {
        return written;
    }

    /** The POST is about to be written: the start of both timings. Called at most once. */
    @Override
    public void posted(long nanos) {
        startNanos = nanos;
        if (!written) {
            written = true;
            tracker.written(this);
        }
    }

    /** The HTTP answer was read. {@code response} may be null when the body was not GWS JSON. */
    @Override
    public void answered(int httpStatus, OperationResponse response, long auditId, long nanos) {
        tracker.onAnswer(this, httpStatus, response, auditId, nanos, null);
    }

    /** As {@link #answered(int, OperationResponse, long, long)} for an answer without the simulator's stamp. */
    public void answered(int httpStatus, OperationResponse response, long nanos) {
        answered(httpStatus, response, AuditStamp.NONE, nanos);
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
        tracker.onAnswer(this, 0, null, AuditStamp.NONE, nanos, reason);
    }
}
