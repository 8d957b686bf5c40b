package io.gwsload.collector;

import java.util.concurrent.atomic.AtomicBoolean;

import io.gwsload.api.Notification;
import io.gwsload.api.OperationResponse;

/**
 * How one operation ended, with both timings, and its one record. Times are {@link System#nanoTime()}
 * values; {@code httpEndNanos} is {@link #NONE} when no HTTP answer arrived.
 *
 * <p>The outcome is the collector's; the verdict adds the caller's checks. {@link #record(String)} writes
 * the verdict once into the books and the histograms (the Gatling layer writes the same verdict into
 * Gatling's stats at the same moment); a listener that records nothing gets the outcome recorded as it is
 * when it returns, so nothing is ever left out of the books.
 */
public final class OperationOutcome {
    public static final long NONE = Long.MIN_VALUE;

    private final OperationSpec spec;
    private final Outcome outcome;
    private final long startNanos;
    private final long httpEndNanos;
    private final long endNanos;
    private final int httpStatus;
    private final OperationResponse response;
    private final Notification notification;
    private final String message;
    private final long referenceId;
    private final CompletedBy completedBy;
    private final NotificationCollector collector;
    private final AtomicBoolean recorded = new AtomicBoolean();

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
     */
    OperationOutcome(OperationSpec spec, Outcome outcome, long startNanos, long httpEndNanos, long endNanos,
            int httpStatus, OperationResponse response, Notification notification, String message, long referenceId,
            CompletedBy completedBy, NotificationCollector collector) {
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
        this.collector = collector;
    }

    /**
     * Records the verdict: this outcome, or KO "check failed" when {@code checkFailure} is given for an OK
     * operation. Only the first call counts; returns the verdict's failure message, or null when OK.
     */
    public String record(String checkFailure) {
        boolean failedCheck = outcome.isOk() && checkFailure != null;
        Outcome verdict = failedCheck ? Outcome.CHECK_FAILED : outcome;
        String why = failedCheck ? checkFailure : message;
        if (recorded.compareAndSet(false, true)) {
            collector.accounting().ended(verdict);
            LatencyStats http = collector.latencies().stats(spec.httpName());
            if (httpOk()) {
                http.recordOk((httpEndNanos - startNanos) / 1_000, null);
            } else {
                http.recordKo(outcome, message);
            }
            if (spec.awaitNotification()) {
                LatencyStats notified = collector.latencies().stats(spec.notifiedName());
                if (verdict.isOk()) {
                    notified.recordOk(notifiedMicros(), completedBy);
                } else {
                    notified.recordKo(verdict, why);
                }
            }
        }
        return verdict.isOk() ? null : why;
    }

    private volatile boolean discarded;

    /** Never to be recorded (an operation refused once the books were closed). */
    void discard() {
        discarded = true;
        recorded.set(true);
    }

    /** Refused because the run had ended: recorded nowhere, Gatling's stats included. */
    public boolean discarded() {
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

    public long endNanos() {
        return endNanos;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public OperationResponse response() {
        return response;
    }

    public Notification notification() {
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

    public boolean isOk() {
        return outcome.isOk();
    }

    /** Whether the HTTP part succeeded (HTTP 200 and statusCode 0). */
    public boolean httpOk() {
        return httpEndNanos != NONE && httpStatus == 200 && response != null && response.isSuccess();
    }

    public long notifiedMicros() {
        return (endNanos - startNanos) / 1_000;
    }

    public long httpMicros() {
        return httpEndNanos == NONE ? -1 : (httpEndNanos - startNanos) / 1_000;
    }

    @Override
    public String toString() {
        return "OperationOutcome[" + spec.notifiedName() + " " + outcome + (message != null ? ": " + message : "") + "]";
    }
}
