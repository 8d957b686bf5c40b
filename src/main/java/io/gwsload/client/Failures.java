package io.gwsload.client;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

/** Turns transport exceptions into the short phrase users read in KO messages and setup errors. */
public final class Failures {
    private Failures() {
    }

    public static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ConnectException) {
            return "connection refused";
        }
        if (root instanceof TimeoutException) {
            return "timed out" + (root.getMessage() != null ? " (" + root.getMessage() + ")" : "");
        }
        if (root instanceof UnresolvedAddressException || root instanceof UnknownHostException) {
            return "unknown host";
        }
        if (root instanceof SSLException) {
            return "TLS failure (" + root.getMessage() + "); for a private CA give a trust store";
        }
        String message = root.getMessage();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains("Too many open files")) {
                return "too many open files (raise ulimit -n)";
            }
            if (c.getCause() == null) {
                break;
            }
        }
        if (message != null && message.contains("Authentication challenge without WWW-Authenticate")) {
            // Jetty's client will not hand over a 401 that names no scheme; an API gateway may send one.
            return "HTTP 401 without a WWW-Authenticate header (the target, or a gateway in front of it, refused "
                    + "who is calling)";
        }
        if (root instanceof java.nio.channels.AsynchronousCloseException) {
            return "connection closed by the harness (the agent or the run was stopping)";
        }
        if (root instanceof java.io.EOFException || root instanceof java.nio.channels.ClosedChannelException) {
            // Jetty's message is the connection's own description (object ids, ports): alike failures would
            // not group in Gatling's error table.
            return "connection closed by the target before the answer";
        }
        return root.getClass().getSimpleName() + (message != null ? ": " + message : "");
    }
}
