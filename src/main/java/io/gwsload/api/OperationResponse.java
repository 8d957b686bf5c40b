package io.gwsload.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The synchronous answer to an operation: {@code {"statusCode":0,"referenceId":35}}, or
 * {@code statusCode} plus {@code statusMessage} on error (docs/gws-api.md §1, §8).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperationResponse(Integer statusCode, String statusMessage, Long referenceId) {

    public static OperationResponse ok(long referenceId) {
        return new OperationResponse(0, null, referenceId);
    }

    public static OperationResponse error(StatusCode code, String message) {
        return new OperationResponse(code.code(), message, null);
    }

    /** A missing statusCode is read as success, as older deployments omit it. */
    public boolean isSuccess() {
        return statusCode == null || statusCode == 0;
    }

    public int code() {
        return statusCode == null ? 0 : statusCode;
    }
}
