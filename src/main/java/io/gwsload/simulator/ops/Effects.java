package io.gwsload.simulator.ops;

import io.gwsload.simulator.cometd.Delivery;
import io.gwsload.simulator.model.Agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What handling an operation (or an event) produced: the notifications to publish, in order, and
 * work to run afterwards outside any interaction lock (routing, which takes other locks).
 */
public final class Effects {
    public final List<Delivery> deliveries = new ArrayList<>(4);
    final List<Runnable> afterwards = new ArrayList<>(1);
    /** Set for a partially successful operation (statusCode 7): the sentence for statusMessage. */
    public String partialFailure;
    /** Whether the caller's HTTP session ends with the operation, before its answer (EndContactCenterSession). */
    public boolean invalidateSession;

    public void add(Agent to, String topic, Map<String, Object> data, OpContext operation) {
        deliveries.add(new Delivery(to, topic, data, operation));
    }

    /** Stamps every notification with the request that caused it (knob {@code audit}). */
    public void causedBy(OpContext trigger) {
        deliveries.replaceAll(d -> d.causedBy(trigger));
    }

    public void after(Runnable task) {
        afterwards.add(task);
    }

    public void runAfterwards() {
        for (Runnable r : afterwards) {
            r.run();
        }
    }
}
