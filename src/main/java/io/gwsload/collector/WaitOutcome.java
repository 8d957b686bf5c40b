package io.gwsload.collector;

import io.gwsload.api.Notification;

/**
 * How a wait ended. {@code notification} is the one that matched (null unless OK);
 * {@code receivedNanos} is when it was received, which can be before the wait began when it was
 * taken from the agent's inbox.
 */
public record WaitOutcome(WaitSpec spec, Outcome outcome, long startNanos, long endNanos, long receivedNanos,
        Notification notification, String message) {

    public boolean isOk() {
        return outcome.isOk();
    }
}
