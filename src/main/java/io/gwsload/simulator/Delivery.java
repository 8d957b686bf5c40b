package io.gwsload.simulator;

import java.util.Map;

/**
 * One notification for one user. {@code operation} is set when the notification is caused by that
 * operation and goes to its caller: such notifications are what the harness measures, so the
 * notification faults and the ground truth apply to them. {@code data} is built with the
 * operation's referenceId; {@link Notifier} leaves it out where {@link ReferenceIdPolicy} says so.
 */
record Delivery(Agent to, String topic, Map<String, Object> data, OpContext operation) {
}
