package io.gwsload.gatling.runtime;

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

    /**
     * Prints the sentence on stderr, on lines of its own, so that it stands out above whatever Gatling
     * prints about the failed run, and returns the exception to throw.
     */
    public static GwsSetupException reported(String message, Throwable cause) {
        System.err.println();
        System.err.println("gws-load cannot start: " + message);
        System.err.println();
        if (cause == null || debug()) {
            return new GwsSetupException(message, cause); // the whole chain, for a diagnosis
        }
        // The sentence says it all: no stack trace under it (Gatling prints the cause chain of what it gets).
        return new GwsSetupException(message + " (-Dgws.debug=true shows where it came from)");
    }

    private static boolean debug() {
        try {
            return HarnessSettings.fromSystem(HarnessSettings.DEBUG);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
