package io.gwsload.simulator.cometd;

import io.gwsload.simulator.model.Agent;
import io.gwsload.simulator.ops.OpContext;

import java.util.Map;

/**
 * One notification for one user. {@code operation} is set when the notification is caused by that
 * operation and goes to its caller: such notifications are what the harness measures, so the
 * notification faults and the ground truth apply to them. {@code data} is built with the
 * operation's referenceId; {@link Notifier} leaves it out where {@link ReferenceIdPolicy} says so.
 * {@code causes} are the simulator's ids of the operations that caused it ({@link io.gwsload.api.AuditStamp}),
 * null for an event no operation caused (a routed offer, a customer's message).
 */
public record Delivery(Agent to, String topic, Map<String, Object> data, OpContext operation, long[] causes) {
    public Delivery(Agent to, String topic, Map<String, Object> data, OpContext operation) {
        this(to, topic, data, operation, null);
    }

    /**
     * This delivery stamped with the operations that caused it: its own {@code operation} (the one it is the
     * effect of, for its caller: an Invite for the inviter's join) and {@code trigger}, the request that made it.
     */
    public Delivery causedBy(OpContext trigger) {
        if (operation == null || operation == trigger) {
            return new Delivery(to, topic, data, operation, new long[] {trigger.auditId});
        }
        return new Delivery(to, topic, data, operation, new long[] {operation.auditId, trigger.auditId});
    }
}
