package io.gwsload.collector;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

import io.gwsload.api.Notification;

/**
 * What to expect of one operation: the names its two timings are recorded under, how long to wait,
 * whether a notification is awaited at all, and which notification with the operation's
 * referenceId completes it (the first one by default). An {@code Error} notification with the
 * referenceId always ends the operation as KO, whatever the predicate.
 *
 * @param httpName     name of the POST → HTTP response timing
 * @param notifiedName name of the POST → notification timing (the headline figure)
 * @param timeout      from registration to completion, HTTP answer included
 * @param awaitNotification false for operations that only have an HTTP answer
 * @param completesOn  which notification carrying the referenceId completes the operation
 * @param completesOnDescription how {@code completesOn} reads in a timeout message
 */
public record OperationSpec(String httpName, String notifiedName, Duration timeout, boolean awaitNotification,
        Predicate<Notification> completesOn, String completesOnDescription) {

    public OperationSpec {
        Objects.requireNonNull(httpName, "httpName");
        Objects.requireNonNull(notifiedName, "notifiedName");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(completesOn, "completesOn");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("operation timeout must be positive, got " + timeout);
        }
    }

    /** Awaits the first notification with the operation's referenceId. */
    public static OperationSpec awaiting(String name, Duration timeout) {
        return new OperationSpec(httpName(name), name, timeout, true, n -> true, "notification");
    }

    /** Only the HTTP answer is awaited. */
    public static OperationSpec httpOnly(String name, Duration timeout) {
        return new OperationSpec(httpName(name), name, timeout, false, n -> true, "notification");
    }

    /** A copy completing on the first notification that also satisfies {@code predicate}. */
    public OperationSpec completingOn(Predicate<Notification> predicate, String description) {
        return new OperationSpec(httpName, notifiedName, timeout, true, predicate, description);
    }

    /** The name of the HTTP timing for an operation named {@code name}. */
    public static String httpName(String name) {
        return name + " HTTP";
    }
}
