package io.gwsload.simulator.model;

import io.gwsload.api.StatusCode;

/** An operation refused with a GWS {@code statusCode} and {@code statusMessage}; nothing changed. */
public final class ApiException extends RuntimeException {
    private final StatusCode code;

    public ApiException(StatusCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public StatusCode code() {
        return code;
    }
}
