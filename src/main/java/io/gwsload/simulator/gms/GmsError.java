package io.gwsload.simulator.gms;

/**
 * A GMS Chat API call that fails: answered HTTP 200 (or {@code httpStatus}) with {@code statusCode} 1 (try again)
 * or 2 (will not succeed) and one {@code errors[]} entry. The codes are the simulator's own (the GMS pages do not
 * list theirs): see docs/customer-chat.md.
 */
final class GmsError extends Exception {
    static final int UNAVAILABLE = 101;
    static final int UNKNOWN_CHAT = 102;
    static final int INVALID_KEY = 103;
    static final int CHAT_ENDED = 104;
    static final int BAD_REQUEST = 105;
    /** An unknown service name: the code the Genesys widgets label "InvalidService". */
    static final int INVALID_SERVICE = 306;

    final int httpStatus;
    final int statusCode;
    final int code;
    final boolean chatEnded;

    GmsError(int httpStatus, int statusCode, int code, boolean chatEnded, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.statusCode = statusCode;
        this.code = code;
        this.chatEnded = chatEnded;
    }

    static GmsError badRequest(String message) {
        return new GmsError(200, 2, BAD_REQUEST, false, message);
    }
}
