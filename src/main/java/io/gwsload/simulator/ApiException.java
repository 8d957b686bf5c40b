package io.gwsload.simulator;

import io.gwsload.api.StatusCode;

/** An operation refused with a GWS {@code statusCode} and {@code statusMessage}; nothing changed. */
final class ApiException extends RuntimeException {
    private final StatusCode code;

    ApiException(StatusCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    StatusCode code() {
        return code;
    }
}
