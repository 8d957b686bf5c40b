package io.gwsload.client;

/** Something a user can fix went wrong talking to GWS; the message is one sentence saying what. */
public class GwsClientException extends RuntimeException {
    public GwsClientException(String message) {
        super(message);
    }

    public GwsClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
