package io.gwsload.collector;

import io.gwsload.collector.rules.CompletionRules;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

import io.gwsload.api.Notification;

/**
 * What to expect of one operation: the names its two timings are recorded under, how long to wait,
 * whether a notification is awaited at all, and which notification completes it.
 *
 * <p>A notification carrying the operation's referenceId completes it when it satisfies
 * {@code completesOn} (by default the first one). Where GWS gives no referenceId (docs/gws-api.md §1), the
 * {@code expectation} (the operation's documented effect, {@link CompletionRules}) does.
 * {@code completion} can restrict that to one of the two. An {@code Error} notification with the
 * referenceId, or in the operation's scope without one, always ends the operation as KO.
 *
 * @param httpName     name of the POST → HTTP response timing
 * @param notifiedName name of the POST → notification timing (the headline figure)
 * @param timeout      from registration to completion, HTTP answer included
 * @param awaitNotification false for operations that only have an HTTP answer
 * @param completesOn  which notification carrying the referenceId completes the operation
 * @param completesOnDescription how the awaited notification reads in a timeout message
 * @param expectation  the effect that completes the operation without a referenceId, or null
 * @param completion   which of the two may complete it
 */
public record OperationSpec(String httpName, String notifiedName, Duration timeout, boolean awaitNotification,
        Predicate<Notification> completesOn, String completesOnDescription, Expectation expectation,
        Completion completion) {

    private static final Predicate<Notification> ANY = n -> true;

    public OperationSpec {
        Objects.requireNonNull(httpName, "httpName");
        Objects.requireNonNull(notifiedName, "notifiedName");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(completesOn, "completesOn");
        Objects.requireNonNull(completion, "completion");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("operation timeout must be positive, got " + timeout);
        }
    }

    /** Awaits the first notification with the operation's referenceId (no effect known). */
    public static OperationSpec awaiting(String name, Duration timeout) {
        return new OperationSpec(httpName(name), name, timeout, true, ANY, "notification", null, Completion.AUTO);
    }

    /** Only the HTTP answer is awaited. */
    public static OperationSpec httpOnly(String name, Duration timeout) {
        return new OperationSpec(httpName(name), name, timeout, false, ANY, "notification", null, Completion.AUTO);
    }

    /**
     * A copy completing on the first notification that also satisfies {@code predicate}: among those
     * carrying the referenceId, and, in the expectation's scope, as the effect.
     */
    public OperationSpec completingOn(Predicate<Notification> predicate, String description) {
        Expectation e = expectation == null ? null : new Expectation(expectation.scope(), predicate, description);
        return new OperationSpec(httpName, notifiedName, timeout, true, predicate, description, e, completion);
    }

    /** A copy that also completes on {@code expectation} (its effect) when no referenceId is at hand. */
    public OperationSpec expecting(Expectation expectation) {
        return new OperationSpec(httpName, notifiedName, timeout, awaitNotification, completesOn,
                completesOnDescription, expectation, completion);
    }

    /** A copy restricted to the given way of completing. */
    public OperationSpec completion(Completion how) {
        return new OperationSpec(httpName, notifiedName, timeout, awaitNotification, completesOn,
                completesOnDescription, expectation, how);
    }

    /** Whether the effect may complete the operation. */
    public boolean byEffect() {
        return expectation != null && completion != Completion.REFERENCE_ID;
    }

    /** Whether the referenceId may complete the operation. */
    public boolean byReferenceId() {
        return completion != Completion.EFFECT;
    }

    /** The name of the HTTP timing for an operation named {@code name}. */
    public static String httpName(String name) {
        return name + " HTTP";
    }
}
