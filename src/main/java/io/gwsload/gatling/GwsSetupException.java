package io.gwsload.gatling;

/**
 * The run cannot start because of something the user can fix; the message is one sentence. Thrown
 * before load starts. Carries no stack trace of its own so that what is printed is that sentence.
 */
public final class GwsSetupException extends RuntimeException {
    public GwsSetupException(String message) {
        super(message, null, false, false);
    }

    public GwsSetupException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
