package io.gwsload.simulator.cometd;

import io.gwsload.simulator.Knobs;
import io.gwsload.simulator.model.Agent;
import io.gwsload.simulator.ops.OpContext;
import io.gwsload.simulator.ops.ReferenceIdPolicy;
import io.gwsload.simulator.truth.Counter;
import io.gwsload.simulator.truth.GroundTruth;

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
 * (drop, duplicate, delay, reorder, malformed), hostile delivery ({@code deliveryDelayMs},
 * {@code duplicateDelay}, {@code batchMessageLogsMs}), the wire knobs ({@code referenceIds},
 * {@code smsSpelling}), the audit stamp ({@code audit}: the operations that caused each notification, in
 * the CometD message's ext) and recording the ground truth: the time from an operation's request received
 * to the first of its notifications handed to CometD.
 */
public final class Notifier {
    private final CometdGateway gateway;
    private final GroundTruth truth;
    private final Supplier<Knobs> knobs;
    private final ScheduledExecutorService scheduler;
    /** One thread: delayed notifications ({@code deliveryDelayMs}) keep their order. */
    private final ScheduledExecutorService delivery;

    public Notifier(CometdGateway gateway, GroundTruth truth, Supplier<Knobs> knobs, ScheduledExecutorService scheduler,
            ScheduledExecutorService delivery) {
        this.gateway = gateway;
        this.truth = truth;
        this.knobs = knobs;
        this.scheduler = scheduler;
        this.delivery = delivery;
    }

    /** Publishes a batch (one operation's or event's notifications) in order, now, on this thread. */
    public void publish(List<Delivery> batch) {
        publish(batch, null);
    }

    /**
     * As {@link #publish(List)}, watching the notifications caused by an operation for its caller with
     * {@code ticket} (may be null) until they reach their client; the ticket is not armed here.
     */
    public void publish(List<Delivery> batch, DeliveryWatch.Ticket ticket) {
        publish(batch, ticket, knobs.get());
    }

    /**
     * As {@link #publish(List, DeliveryWatch.Ticket)} under the given knobs: an operation's
     * notifications suffer the faults in force when its request was received.
     */
    public void publish(List<Delivery> batch, DeliveryWatch.Ticket ticket, Knobs k) {
        if (batch.isEmpty()) {
            return;
        }
        long delay = TimeUnit.MILLISECONDS.toNanos(k.deliveryDelayMs());
        boolean all = k.faultScope() == Knobs.FaultScope.ALL;
        if (!k.anyNotificationFault()) {
            for (Delivery d : batch) {
                send(d, k, ticket, delay);
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
                send(d, k, ticket, delay);
                continue;
            }
            if (k.dropRate() > 0 && random.nextDouble() < k.dropRate()) {
                truth.count(Counter.notificationsDropped);
                continue;
            }
            if (k.malformedRate() > 0 && random.nextDouble() < k.malformedRate()) {
                truth.count(Counter.notificationsMalformed);
                gateway.deliver(d.to(), d.topic(), malformed(d.data()), k.audit() ? causes(d) : null);
                continue;
            }
            long at = delay;
            if (k.delayRate() > 0 && random.nextDouble() < k.delayRate()) {
                truth.count(Counter.notificationsDelayed);
                at += k.delayExtra().sampleNanos();
                send(d, k, null, at);
            } else {
                send(d, k, ticket, at);
            }
            if (k.duplicateRate() > 0 && random.nextDouble() < k.duplicateRate()) {
                truth.count(Counter.notificationsDuplicated);
                send(d, k, null, at + k.duplicateDelay().sampleNanos());
            }
        }
    }

    private static final long[] NO_CAUSE = new long[0];

    /** The stamp of a delivery: the operations that caused it, none for an event. */
    private static long[] causes(Delivery d) {
        return d.causes() == null ? NO_CAUSE : d.causes();
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

    /** {@code smssession*} keys in the variant spelling of the SMS Invite page's sample (docs/gws-api.md §6); others unchanged. */
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

    /** One copy of a delivery, shaped for the wire, handed over after {@code delayNanos} (0: now, this thread). */
    private void send(Delivery d, Knobs k, DeliveryWatch.Ticket ticket, long delayNanos) {
        Map<String, Object> data = wireData(d, d.operation(), k);
        long[] causes = k.audit() ? causes(d) : null;
        if (k.batchMessageLogsMs() > 0 && MESSAGE_LOG.equals(data.get("messageType"))) {
            batcher.add(d, data, causes, k, delayNanos);
            return;
        }
        handOver(d.to(), d.topic(), data, causes, d.operation() == null ? List.of() : List.of(d.operation()), k, ticket,
                delayNanos);
    }

    private static final String MESSAGE_LOG = io.gwsload.api.MessageTypes.MESSAGE_LOG_UPDATED;

    private void handOver(Agent to, String topic, Map<String, Object> data, long[] causes, List<OpContext> ops,
            Knobs k, DeliveryWatch.Ticket ticket, long delayNanos) {
        if (delayNanos <= 0) {
            deliverNow(to, topic, data, causes, ops, k, ticket);
        } else {
            // one thread, so that notifications delayed alike keep their order
            delivery.schedule(() -> deliverNow(to, topic, data, causes, ops, knobs.get(), null), delayNanos,
                    TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Hands one notification to CometD: the ground truth (request received → first notification handed
     * over) is taken here, after any delivery delay.
     */
    private void deliverNow(Agent to, String topic, Map<String, Object> data, long[] causes, List<OpContext> ops,
            Knobs k, DeliveryWatch.Ticket ticket) {
        for (OpContext op : ops) {
            if (op.firstPublication()) {
                long now = System.nanoTime();
                truth.recordNotified(op.op, now - op.receivedNanos);
                if (k.groundTruthInNotifications() && ops.size() == 1) {
                    Map<String, Object> timing = new LinkedHashMap<>(4);
                    timing.put("receivedNanos", op.receivedNanos);
                    timing.put("publishedNanos", now);
                    Map<String, Object> copy = new LinkedHashMap<>(data);
                    copy.put("simTiming", timing);
                    data = copy;
                }
            }
        }
        boolean watched = ticket != null && !ops.isEmpty() && ticket.expect(data); // before CometD may write it
        if (gateway.deliver(to, topic, data, causes)) {
            truth.count(Counter.notificationsPublished);
        } else {
            truth.count(Counter.notificationsUndeliverable);
            if (watched) {
                ticket.abandon(data);
            }
        }
    }

    /**
     * MessageLogUpdated notifications to one user about one interaction within {@code batchMessageLogsMs}
     * become one, carrying every entry and every cause (as a server that coalesces its pushes would send them).
     */
    private final class Batcher {
        private final Map<String, Pending> open = new java.util.HashMap<>();

        private final class Pending {
            final Delivery first;
            final Map<String, Object> data;
            final List<Object> messages = new ArrayList<>();
            final java.util.LinkedHashSet<Long> causes = new java.util.LinkedHashSet<>();
            final List<OpContext> ops = new ArrayList<>(2);
            boolean stamped;
            int parts;

            Pending(Delivery first, Map<String, Object> data) {
                this.first = first;
                this.data = new LinkedHashMap<>(data);
            }
        }

        synchronized void add(Delivery d, Map<String, Object> data, long[] causes, Knobs k, long delayNanos) {
            String key = System.identityHashCode(d.to()) + "|" + d.to().user().id() + "|" + d.topic() + "|"
                    + data.get("chatUri") + data.get("smssessionUri") + data.get("smsessionUri");
            Pending p = open.get(key);
            if (p == null) {
                p = new Pending(d, data);
                open.put(key, p);
                Pending flushing = p;
                scheduler.schedule(() -> flush(key, flushing, k, delayNanos), k.batchMessageLogsMs(),
                        TimeUnit.MILLISECONDS);
            } else {
                truth.count(Counter.notificationsBatched);
            }
            if (data.get("messages") instanceof List<?> list) {
                p.messages.addAll(list);
            }
            if (causes != null) {
                p.stamped = true;
                for (long c : causes) {
                    p.causes.add(c);
                }
            }
            if (d.operation() != null) {
                p.ops.add(d.operation());
            }
            p.parts++;
        }

        private void flush(String key, Pending p, Knobs k, long delayNanos) {
            synchronized (this) {
                open.remove(key, p);
            }
            Map<String, Object> data = p.data;
            data.put("messages", p.messages);
            if (p.parts > 1) {
                data.remove("referenceId"); // entries of several operations: no one referenceId is theirs
            }
            long[] causes = null;
            if (p.stamped) {
                causes = p.causes.stream().mapToLong(Long::longValue).toArray();
            }
            handOver(p.first.to(), p.first.topic(), data, causes, p.ops, k, null, delayNanos);
        }
    }

    private final Batcher batcher = new Batcher();
}
