package io.gwsload.client;

import io.gwsload.api.OperationResponse;

/**
 * What happens to one operation POST, told to whoever sent it: {@link #posted} just before the request
 * is written, then exactly one of {@link #answered}, {@link #failed} or {@link #sessionExpired}.
 * Called on HTTP client threads: implementations must not block.
 */
public interface PostObserver {
    /** Whether the POST must not be sent at all (the run has ended, or the operation already timed out). */
    default boolean refused() {
        return false;
    }

    /** The POST is about to be written: the start of both timings. */
    void posted(long nanos);

    /**
     * The HTTP answer was read; {@code response} is null when the body was not GWS JSON. {@code auditId} is the
     * simulator's id of the operation ({@link io.gwsload.api.AuditStamp#HEADER}), or
     * {@link io.gwsload.api.AuditStamp#NONE} (a real GWS).
     */
    void answered(int httpStatus, OperationResponse response, long auditId, long nanos);

    /** The request failed without an HTTP answer (or its body could not be read). */
    void failed(String reason, long nanos);

    /** GWS answered 401 or 403: the agent's session expired; the connection logs in again. */
    void sessionExpired(int httpStatus, String text, long nanos);
}
