package io.gwsload.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.gwsload.api.Media;

/**
 * Publishes notifications to users' CometD sessions, applying the notification fault knobs
 * (drop, duplicate, delay, reorder), the wire knobs ({@code referenceIds}, {@code smsSpelling}) and
 * recording the ground truth: the time from an operation's request received to the first of its
 * notifications handed to CometD.
 */
final class Notifier {
    private final CometdGateway gateway;
    private final GroundTruth truth;
    private final Supplier<Knobs> knobs;
    private final ScheduledExecutorService scheduler;

    Notifier(CometdGateway gateway, GroundTruth truth, Supplier<Knobs> knobs, ScheduledExecutorService scheduler) {
        this.gateway = gateway;
        this.truth = truth;
        this.knobs = knobs;
        this.scheduler = scheduler;
    }

    /** Publishes a batch (one operation's or event's notifications) in order, now, on this thread. */
    void publish(List<Delivery> batch) {
        publish(batch, null);
    }

    /**
     * As {@link #publish(List)}, watching the notifications caused by an operation for its caller with
     * {@code ticket} (may be null) until they reach their client; the ticket is not armed here.
     */
    void publish(List<Delivery> batch, DeliveryWatch.Ticket ticket) {
        publish(batch, ticket, knobs.get());
    }

    /**
     * As {@link #publish(List, DeliveryWatch.Ticket)} under the given knobs: an operation's
     * notifications suffer the faults in force when its request was received.
     */
    void publish(List<Delivery> batch, DeliveryWatch.Ticket ticket, Knobs k) {
        if (batch.isEmpty()) {
            return;
        }
        boolean all = k.faultScope() == Knobs.FaultScope.ALL;
        if (!k.anyNotificationFault()) {
            for (Delivery d : batch) {
                send(d, 1, k, ticket);
            }
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (k.reorderRate() > 0 && batch.size() > 1 && random.nextDouble() < k.reorderRate()) {
            batch = reversedInScope(batch, all);
        }
        for (Delivery d : batch) {
            boolean inScope = all || d.operation() != null;
            if (!inScope) {
                send(d, 1, k, ticket);
                continue;
            }
            if (k.dropRate() > 0 && random.nextDouble() < k.dropRate()) {
                truth.count(Counter.notificationsDropped);
                continue;
            }
            if (k.malformedRate() > 0 && random.nextDouble() < k.malformedRate()) {
                truth.count(Counter.notificationsMalformed);
                gateway.deliver(d.to(), d.topic(), malformed(d.data()));
                continue;
            }
            int copies = 1;
            if (k.duplicateRate() > 0 && random.nextDouble() < k.duplicateRate()) {
                truth.count(Counter.notificationsDuplicated);
                copies = 2;
            }
            if (k.delayRate() > 0 && random.nextDouble() < k.delayRate()) {
                truth.count(Counter.notificationsDelayed);
                long extra = k.delayExtra().sampleNanos();
                int n = copies;
                scheduler.schedule(() -> send(d, n, knobs.get(), null), extra, TimeUnit.NANOSECONDS);
                continue;
            }
            send(d, copies, k, ticket);
        }
    }

    /**
     * The payload as the knobs shape it on the wire: the referenceId only where
     * {@link ReferenceIdPolicy} puts it (under the knobs of the operation's request, like its answer),
     * and the SMS keys spelled per {@code smsSpelling}. A copy only when something changes; the built
     * payload is left as it is.
     */
    private static Map<String, Object> wireData(Delivery d, OpContext op, Knobs k) {
        Map<String, Object> data = d.data();
        boolean strip = false;
        if (data.containsKey("referenceId")) {
            Knobs.ReferenceIds mode = op != null ? op.knobs.referenceIds() : k.referenceIds();
            strip = op == null ? mode == Knobs.ReferenceIds.NONE
                    : !ReferenceIdPolicy.inNotification(mode, op.op, data);
        }
        boolean respell = k.smsSpelling() == Knobs.SmsSpelling.SMSESSION && Media.SMS.topic().equals(d.topic());
        if (!strip && !respell) {
            return data;
        }
        Map<String, Object> copy = new LinkedHashMap<>(data.size() + 2);
        for (Map.Entry<String, Object> e : data.entrySet()) {
            String key = e.getKey();
            if (strip && key.equals("referenceId")) {
                continue;
            }
            copy.put(respell ? smsessionSpelling(key) : key, e.getValue());
        }
        return copy;
    }

    private final java.util.concurrent.atomic.AtomicLong malformed = new java.util.concurrent.atomic.AtomicLong();

    /** The notification spoilt one of three ways, in turn (knob malformedRate). */
    private Map<String, Object> malformed(Map<String, Object> data) {
        Map<String, Object> copy = new LinkedHashMap<>(data);
        switch ((int) (malformed.getAndIncrement() % 3)) {
            case 0 -> copy.put("referenceId", "not-a-number");
            case 1 -> copy.remove("messageType");
            default -> {
                for (Map.Entry<String, Object> e : copy.entrySet()) {
                    if (e.getValue() instanceof Map) {
                        e.setValue("garbage"); // the interaction (or user) object as a string
                    }
                }
            }
        }
        return copy;
    }

    /** {@code smssession*} keys in the variant spelling of seeds/sms-invite.txt; others unchanged. */
    private static String smsessionSpelling(String key) {
        if (key.equals(Media.SMS.objectKey())) {
            return "smsession";
        }
        if (key.equals(Media.SMS.uriKey())) {
            return "smsessionUri";
        }
        if (key.equals(Media.SMS.pathKey())) {
            return "smsessionPath";
        }
        return key;
    }

    /** The in-scope notifications of the batch in reverse order, the others where they were. */
    private List<Delivery> reversedInScope(List<Delivery> batch, boolean all) {
        List<Integer> positions = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (all || batch.get(i).operation() != null) {
                positions.add(i);
            }
        }
        if (positions.size() < 2) {
            return batch;
        }
        List<Delivery> out = new ArrayList<>(batch);
        for (int i = 0; i < positions.size(); i++) {
            out.set(positions.get(i), batch.get(positions.get(positions.size() - 1 - i)));
        }
        truth.add(Counter.notificationsReordered, positions.size());
        return out;
    }

    private void send(Delivery d, int copies, Knobs k, DeliveryWatch.Ticket ticket) {
        OpContext op = d.operation();
        Map<String, Object> data = wireData(d, op, k);
        if (op != null && op.firstPublication()) {
            long now = System.nanoTime();
            truth.recordNotified(op.op, now - op.receivedNanos);
            if (k.groundTruthInNotifications()) {
                Map<String, Object> timing = new LinkedHashMap<>(4);
                timing.put("receivedNanos", op.receivedNanos);
                timing.put("publishedNanos", now);
                Map<String, Object> copy = new LinkedHashMap<>(data);
                copy.put("simTiming", timing);
                data = copy;
            }
        }
        boolean watched = ticket != null && op != null && ticket.expect(data); // before CometD may write it
        boolean delivered = false;
        for (int i = 0; i < copies; i++) {
            if (gateway.deliver(d.to(), d.topic(), data)) {
                delivered = true;
                truth.count(Counter.notificationsPublished);
            } else {
                truth.count(Counter.notificationsUndeliverable);
            }
        }
        if (watched && !delivered) {
            ticket.abandon(data);
        }
    }
}
