package io.gwsload.collector;

/** How an operation or a wait ended. Every operation ends with exactly one of these. */
public enum Outcome {
    /** The matching notification arrived (or, for operations without one, the HTTP answer was a success). */
    OK("ok"),
    /** HTTP status other than 200. */
    HTTP_STATUS("http status"),
    /** The request could not be sent or its answer not read (connection refused, reset, unreadable body). */
    HTTP_FAILURE("http failure"),
    /** An SMPP request that failed: no SMS Server bound, a negative response, or none in time. */
    SMPP_FAILURE("smpp failure"),
    /** HTTP 200 with {@code statusCode} other than 0. */
    STATUS_CODE("status code"),
    /** An {@code Error} notification carrying the operation's referenceId. */
    ERROR_NOTIFICATION("error notification"),
    /** The HTTP answer carried no referenceId, and nothing else can complete the operation. */
    NO_REFERENCE_ID("no referenceId"),
    /** The HTTP answer carried a referenceId that is not a non-negative integer. */
    INVALID_REFERENCE_ID("invalid referenceId"),
    /** A later operation of the same agent was given the same referenceId (GWS restarted its ids). */
    REFERENCE_REUSED("referenceId reused"),
    /** Nothing arrived within the operation's timeout. */
    TIMEOUT("timeout"),
    /** The agent's CometD session was lost (server-side expiry, forced disconnect) while waiting. */
    SESSION_LOST("session lost"),
    /** The agent's GWS session expired (401/403 on its requests, or a new HTTP session) while waiting. */
    SESSION_EXPIRED("session expired"),
    /** A simulated customer's chat was over (the agent ended it, the customer left) before its step was met. */
    CHAT_ENDED("chat ended"),
    /** The operation's outcome was OK but a check on its notification failed (the verdict is KO). */
    CHECK_FAILED("check failed"),
    /** The step could not be built for this virtual user (an attribute that does not resolve, a bad value). */
    NOT_BUILT("step not built"),
    /** The collector was closed (end of run) while the operation was still pending. */
    STOPPED("stopped");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public boolean isOk() {
        return this == OK;
    }

    /** A short lower-case label for summaries and KO messages. */
    public String label() {
        return label;
    }
}
