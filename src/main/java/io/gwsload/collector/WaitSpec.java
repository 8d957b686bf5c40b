package io.gwsload.collector;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

import io.gwsload.api.Notification;

/**
 * A wait for a notification that carries no referenceId of the agent's own (a routed offer, a
 * customer message, a conference join), matched by predicate.
 *
 * @param name        the name its timing is recorded under
 * @param matches     which notification ends the wait
 * @param description how the predicate reads in a timeout message, e.g. "an Invited chat offer"
 * @param optional    nothing arriving in time is not a failure (an idle agent waiting for work): the
 *                    wait ends as a timeout but is counted apart and records no KO latency
 */
public record WaitSpec(String name, Predicate<Notification> matches, String description, Duration timeout,
        boolean optional) {
    public WaitSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(matches, "matches");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("wait timeout must be positive, got " + timeout);
        }
    }

    /** A wait whose timeout is a failure. */
    public WaitSpec(String name, Predicate<Notification> matches, String description, Duration timeout) {
        this(name, matches, description, timeout, false);
    }
}
