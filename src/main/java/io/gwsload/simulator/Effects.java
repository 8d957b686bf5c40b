package io.gwsload.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What handling an operation (or an event) produced: the notifications to publish, in order, and
 * work to run afterwards outside any interaction lock (routing, which takes other locks).
 */
final class Effects {
    final List<Delivery> deliveries = new ArrayList<>(4);
    final List<Runnable> afterwards = new ArrayList<>(1);
    /** Set for a partially successful operation (statusCode 7): the sentence for statusMessage. */
    String partialFailure;
    /** Whether the caller's HTTP session ends once the response is written (EndContactCenterSession). */
    boolean invalidateSession;

    void add(Agent to, String topic, Map<String, Object> data, OpContext operation) {
        deliveries.add(new Delivery(to, topic, data, operation));
    }

    /** Stamps every notification with the request that caused it (knob {@code audit}). */
    void causedBy(OpContext trigger) {
        deliveries.replaceAll(d -> d.causedBy(trigger));
    }

    void after(Runnable task) {
        afterwards.add(task);
    }

    void runAfterwards() {
        for (Runnable r : afterwards) {
            r.run();
        }
    }
}
