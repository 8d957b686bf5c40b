package io.gwsload.collector;

import io.gwsload.api.Notification;
import io.gwsload.api.OperationResponse;

/**
 * How one operation ended, with both timings. Times are {@link System#nanoTime()} values;
 * {@code httpEndNanos} is {@link #NONE} when no HTTP answer arrived.
 *
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
public record OperationOutcome(OperationSpec spec, Outcome outcome, long startNanos, long httpEndNanos,
        long endNanos, int httpStatus, OperationResponse response, Notification notification, String message,
        long referenceId, CompletedBy completedBy) {

    public static final long NONE = Long.MIN_VALUE;

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
}
