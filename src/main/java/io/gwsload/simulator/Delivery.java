package io.gwsload.simulator;

import java.util.Map;

/**
 * One notification for one user. {@code operation} is set when the notification carries that
 * operation's referenceId (it goes to the operation's caller): such notifications are what the
 * harness measures, so the notification faults and the ground truth apply to them.
 */
record Delivery(Agent to, String topic, Map<String, Object> data, OpContext operation) {
}
