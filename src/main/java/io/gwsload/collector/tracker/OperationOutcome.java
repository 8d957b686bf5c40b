package io.gwsload.collector.tracker;

import io.gwsload.collector.CompletedBy;
import io.gwsload.collector.NotificationCollector;
import io.gwsload.collector.OperationSpec;
import io.gwsload.collector.Outcome;
import io.gwsload.collector.books.Accounting;
import io.gwsload.collector.books.LatencyStats;
import io.gwsload.collector.books.Tally;

import io.gwsload.api.AuditStamp;
import io.gwsload.api.Notification;
import io.gwsload.api.OperationResponse;

/**
 * How one operation ended, with both timings, and its one record. Times are {@link System#nanoTime()}
 * values; {@code httpEndNanos} is {@link #NONE} when no HTTP answer arrived.
 *
 * <p>The outcome is the collector's; the verdict adds the caller's checks. {@link #record(String, Sink)} writes
 * the verdict once into the books, the histograms and (through the sink) Gatling's stats; a listener that
 * records nothing gets the outcome recorded as it is when it returns, so nothing is ever left out.
 *
 * <p>A completion the collector holds for attribution ({@link #held()}) is over for the virtual user at once,
 * but its figures are written only when the hold ends: with the time it completed, or with the latest
 * candidate's time ({@link #ambiguous()}), so that a notification that was another operation's can never make
 * a figure look better without being flagged.
 */
public final class OperationOutcome {
    public static final long NONE = Long.MIN_VALUE;

    /** Where the Gatling layer writes its records of an operation, once, with its final figures. */
    @FunctionalInterface
    public interface Sink {
        /** @param failure the verdict's failure message, or null when OK */
        void write(OperationOutcome outcome, String failure);
    }

    private final OperationSpec spec;
    private final Outcome outcome;
    private final long startNanos;
    private final long httpEndNanos;
    private final int httpStatus;
    private final OperationResponse response;
    private final String message;
    private final long referenceId;
    private final CompletedBy completedBy;
    private final long auditId;
    private final NotificationCollector collector;
    // guarded by this
    private long endNanos;
    private Notification notification;
    private boolean held;
    private boolean ambiguous;
    private boolean recorded;
    private boolean written;
    private boolean discarded;
    private boolean misattributedUnflagged;
    private boolean wasHeld;
    /** The listener has returned: a held completion's notification is needed only in summary from then on. */
    private boolean listenerReturned;
    /** Of a held completion, the summary of the notification it was made on. */
    private Notification summary;
    /** The hold ended on a later candidate's notification, not the one it was made on. */
    private boolean endedOnLater;
    private Outcome verdict;
    private String verdictMessage;
    private Sink sink;

    /**
     * @param startNanos   just before the POST was written (or registration time if it never was)
     * @param httpEndNanos when the HTTP answer was read
     * @param endNanos     when the operation ended: notification receipt on the receiving thread, the
     *                     HTTP answer for operations without a notification, or the failure
     * @param httpStatus   HTTP status, or 0 when there was none
     * @param response     the parsed answer, or null
     * @param notification the notification that completed (or failed) the operation, or null
     * @param message      why it failed, one sentence; null when OK
     * @param referenceId  the operation's referenceId (from the answer, or learnt from the notification that
     *                     showed its effect), or {@link Notification#NO_REFERENCE}
     * @param completedBy  how an OK operation was recognised; null when KO
     * @param auditId      the simulator's id of the operation, or {@link AuditStamp#NONE}
     */
    OperationOutcome(OperationSpec spec, Outcome outcome, long startNanos, long httpEndNanos, long endNanos,
            int httpStatus, OperationResponse response, Notification notification, String message, long referenceId,
            CompletedBy completedBy, long auditId, NotificationCollector collector) {
        this.spec = spec;
        this.outcome = outcome;
        this.startNanos = startNanos;
        this.httpEndNanos = httpEndNanos;
        this.endNanos = endNanos;
        this.httpStatus = httpStatus;
        this.response = response;
        this.notification = notification;
        this.message = message;
        this.referenceId = referenceId;
        this.completedBy = completedBy;
        this.auditId = auditId;
        this.collector = collector;
    }

    /** As {@link #record(String, Sink)} with no Gatling sink (the collector's own books and histograms only). */
    public String record(String checkFailure) {
        return record(checkFailure, null);
    }

    /**
     * Records the verdict: this outcome, or KO "check failed" when {@code checkFailure} is given for an OK
     * operation. Only the first call counts; returns the verdict's failure message, or null when OK. The books
     * count it now; its latencies and {@code sink} are written now, or when a hold for attribution ends.
     */
    public String record(String checkFailure, Sink sink) {
        Outcome v;
        String why;
        boolean writeNow;
        synchronized (this) {
            if (recorded) {
                return verdict.isOk() ? null : verdictMessage;
            }
            recorded = true;
            boolean failedCheck = outcome.isOk() && checkFailure != null;
            v = failedCheck ? Outcome.CHECK_FAILED : outcome;
            why = failedCheck ? checkFailure : message;
            verdict = v;
            verdictMessage = why;
            this.sink = sink;
            writeNow = !held && !discarded;
        }
        if (!discarded) {
            collector.accounting().ended(v);
        }
        if (writeNow) {
            write();
        }
        return v.isOk() ? null : why;
    }

    /**
     * The collector holds this completion for attribution: figures are written when {@link #release} is called. Once
     * the listener returned, its notification is {@code summary} (the one the collector keeps for the hold).
     */
    synchronized void hold(Notification summary) {
        held = true;
        wasHeld = true;
        this.summary = summary;
    }

    /**
     * The hold ends: the operation ended at {@code endNanos} on {@code notification} (a later candidate, or the
     * one it completed on), flagged {@code ambiguous} when content could not decide between them.
     */
    void release(long endNanos, Notification notification, boolean ambiguous) {
        boolean writeNow;
        synchronized (this) {
            if (!held) {
                return;
            }
            held = false;
            this.endNanos = endNanos;
            // Ending on its own notification keeps the one here: whole while the listener may still read it.
            if (notification != summary) {
                this.notification = notification;
                endedOnLater = true;
            }
            this.ambiguous = ambiguous;
            writeNow = recorded;
            keepSummaryOnly();
        }
        if (writeNow) {
            write();
        }
    }

    /**
     * The listener, one that gives the verdict ({@link io.gwsload.collector.OperationListener.Verdict}), has
     * returned: its checks read the whole notification. A completion that was held keeps only the notification's
     * summary from now on: the audit and the log lines need no more, and it stays referenced for up to twice its
     * timeout, then while its scope remembers it.
     */
    synchronized void listenerReturned() {
        listenerReturned = true;
        keepSummaryOnly();
    }

    // guarded by this
    private void keepSummaryOnly() {
        if (!listenerReturned || !wasHeld) {
            return;
        }
        if (notification != null && notification != summary) {
            notification = endedOnLater ? notification.summary() : summary;
        }
    }

    /** Writes the figures once: the audit, the histograms, and the sink. */
    private void write() {
        Outcome v;
        String why;
        Sink s;
        long end;
        Notification n;
        boolean flagged;
        synchronized (this) {
            if (written) {
                return;
            }
            written = true;
            v = verdict;
            why = verdictMessage;
            s = sink;
            end = endNanos;
            n = notification;
            flagged = ambiguous;
        }
        audit(n, flagged);
        long endMillis = collector.epochMillis(end);
        LatencyStats http = collector.latencies().stats(spec.httpName());
        if (httpOk()) {
            http.recordOk((httpEndNanos - startNanos) / 1_000, null, collector.epochMillis(httpEndNanos));
        } else {
            http.recordKo(outcome, message, collector.epochMillis(httpEndNanos != NONE ? httpEndNanos : end));
        }
        if (spec.awaitNotification()) {
            LatencyStats notified = collector.latencies().stats(spec.notifiedName());
            if (v.isOk()) {
                notified.recordOk((end - startNanos) / 1_000, completedBy, endMillis);
                if (flagged) {
                    notified.ambiguous();
                }
            } else {
                notified.recordKo(v, why, endMillis);
            }
        }
        if (s != null) {
            try {
                s.write(this, v.isOk() ? null : why);
            } catch (RuntimeException | Error e) {
                NotificationCollector.LOG.error("Writing the Gatling record of {} failed", spec.notifiedName(), e);
            }
        }
    }

    /** The completion checked against the simulator's stamp of who caused the notification, where both have one. */
    private void audit(Notification n, boolean flagged) {
        if (n == null || auditId == AuditStamp.NONE || n.causes() == null) {
            return;
        }
        Accounting books = collector.accounting();
        books.count(Tally.AUDIT_CHECKED);
        if (!AuditStamp.names(n.causes(), auditId)) {
            books.count(Tally.MISATTRIBUTED);
            if (flagged) {
                books.count(Tally.MISATTRIBUTED_FLAGGED);
            } else {
                synchronized (this) {
                    misattributedUnflagged = true;
                }
            }
            collector.misattributed(spec.notifiedName() + (flagged ? " (flagged)" : "") + " (simulator operation "
                    + auditId + ", " + (wasHeld ? "" : "not ") + "held, " + (endNanos - startNanos) / 1_000 + " µs) ended on "
                    + n + " caused by " + java.util.Arrays.toString(n.causes()), flagged);
        }
    }

    /**
     * A copy of its own notification came after its hold ended: the completion is flagged ambiguous in the books
     * (its recorded time stays; it was written already).
     */
    void flagAfterRelease() {
        boolean misattributed;
        synchronized (this) {
            if (ambiguous) {
                return;
            }
            ambiguous = true;
            misattributed = misattributedUnflagged;
            misattributedUnflagged = false;
        }
        if (misattributed) {
            collector.accounting().count(Tally.MISATTRIBUTED_FLAGGED);
        }
        if (spec.awaitNotification()) {
            collector.latencies().stats(spec.notifiedName()).ambiguous();
        }
    }

    /** Never to be recorded (an operation refused once the books were closed). */
    synchronized void discard() {
        discarded = true;
        recorded = true;
        written = true;
        verdict = outcome;
        verdictMessage = message;
    }

    /** Refused because the run had ended: recorded nowhere, Gatling's stats included. */
    public synchronized boolean discarded() {
        return discarded;
    }

    public OperationSpec spec() {
        return spec;
    }

    public Outcome outcome() {
        return outcome;
    }

    public long startNanos() {
        return startNanos;
    }

    public long httpEndNanos() {
        return httpEndNanos;
    }

    /** When the operation ended; for a held completion, its final time once the hold ended. */
    public synchronized long endNanos() {
        return endNanos;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public OperationResponse response() {
        return response;
    }

    /**
     * The notification that completed (or failed) the operation, or null. Of a completion held for attribution, once
     * its verdict-giving listener returned, only {@linkplain Notification#summary() its summary}.
     */
    public synchronized Notification notification() {
        return notification;
    }

    public String message() {
        return message;
    }

    public long referenceId() {
        return referenceId;
    }

    public CompletedBy completedBy() {
        return completedBy;
    }

    /** Whether the collector holds this completion for attribution (its figures not yet written). */
    public synchronized boolean held() {
        return held;
    }

    /** Whether content could not tell this completion's notification from another operation's (flagged). */
    public synchronized boolean ambiguous() {
        return ambiguous;
    }

    public boolean isOk() {
        return outcome.isOk();
    }

    /** Whether the HTTP part succeeded (HTTP 200 and statusCode 0). */
    public boolean httpOk() {
        return httpEndNanos != NONE && httpStatus == 200 && response != null && response.isSuccess();
    }

    public long notifiedMicros() {
        return (endNanos() - startNanos) / 1_000;
    }

    public long httpMicros() {
        return httpEndNanos == NONE ? -1 : (httpEndNanos - startNanos) / 1_000;
    }

    @Override
    public String toString() {
        return "OperationOutcome[" + spec.notifiedName() + " " + outcome + (message != null ? ": " + message : "") + "]";
    }
}
