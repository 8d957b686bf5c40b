package io.gwsload.simulator.model;

import io.gwsload.simulator.Knobs;
import io.gwsload.simulator.ops.Effects;
import io.gwsload.simulator.truth.Counter;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.gwsload.api.Media;

/**
 * The simulated customers: open (Poisson) arrivals at the configured rates, the initial join and
 * message, patience in the queue, messages while chatting and leaving. Timers run on the shared
 * scheduler, one per waiting or chatting customer at most, never one per agent.
 */
public final class Customers {
    private static final int MAX_ARRIVALS_PER_TICK = 10_000;

    private final ContactCentre centre;
    private final AtomicLong customerNumbers = new AtomicLong();
    private final long[] nextArrivalNanos = new long[Media.values().length];

    Customers(ContactCentre centre) {
        this.centre = centre;
    }

    /** A customer starts a contact: it joins, says hello and waits in the queue. */
    Interaction arrive(Media media, ContactOptions options, Agent target) {
        return arrive(media, options, target, null, true);
    }

    /**
     * A customer who came in through a customer API (GMS Chat): it joins, says its first words if it gave any, and
     * waits in the queue. Everything it says or does after that comes through the API: the simulator invents
     * nothing for it (no messages of its own, no leaving).
     */
    public Interaction arriveFromOutside(Media media, ContactOptions options, String firstText) {
        return arrive(media, options, null, firstText, false);
    }

    /** A new customer joins and waits in the queue; a simulated one says hello, one from outside its first words. */
    private Interaction arrive(Media media, ContactOptions options, Agent target, String firstText, boolean simulated) {
        long n = customerNumbers.incrementAndGet();
        String nickname = options.customerNickname() != null ? options.customerNickname() : "Customer " + n;
        Ids ids = centre.ids();
        Interaction i = new Interaction(ids.nextInteractionId(), media, centre.baseUrl(), ids.nextParticipantId(),
                nickname, options.userData());
        i.targetAgent = target;
        i.customerStarted = !simulated; // nothing simulated on behalf of a customer from outside
        String words = simulated ? "Hello, this is " + nickname + "." : firstText;
        i.lock.lock();
        try {
            i.append("ParticipantJoined", i.customerWire(), Visibility.All, null, null);
            if (words != null && !words.isEmpty()) {
                i.append("Text", i.customerWire(), Visibility.All, "text", words);
            }
            startPatience(i);
        } finally {
            i.lock.unlock();
        }
        centre.register(i);
        centre.truth().count(Counter.contactsArrived);
        centre.router(media).enqueue(i);
        return i;
    }

    /**
     * A customer who came through a customer API adds a transcript entry ({@code type} as GWS names it, with
     * its {@code field}); the agents chatting see it. Returns false when the customer is no longer in the chat.
     */
    public boolean say(Interaction i, String type, String field, String value) {
        Effects out = new Effects();
        i.lock.lock();
        try {
            if (i.status == InteractionStatus.ENDED || !i.customerPresent) {
                return false;
            }
            LogEntry e = i.append(type, i.customerWire(), Visibility.All, field, value);
            if (i.status == InteractionStatus.ACTIVE) {
                centre.broadcastLog(i, out, e);
            }
        } finally {
            i.lock.unlock();
        }
        centre.publish(out);
        return true;
    }

    /**
     * A customer who came through a customer API leaves (it disconnected, or stopped asking for too long). Returns
     * false when it had already left.
     */
    public boolean leaveFromOutside(Interaction i) {
        return leave(i);
    }

    /** Lock held. Starts the abandon timer of a queued contact (knob {@code customerPatienceMs}). */
    void startPatience(Interaction i) {
        long patience = centre.knobs().customerPatienceMs();
        if (patience > 0) {
            i.patienceTimer = centre.scheduler().schedule(() -> abandon(i), patience, TimeUnit.MILLISECONDS);
        }
    }

    /** Lock held. The first agent accepted: the customer starts writing and, some day, leaves. */
    public void startChatting(Interaction i) {
        if (i.customerStarted || !i.customerPresent) {
            return;
        }
        i.customerStarted = true;
        scheduleMessage(i);
        long leaveMean = centre.knobs().customerLeaveAfterMs();
        if (leaveMean > 0) {
            i.leaveTimer = centre.scheduler().schedule(() -> leave(i), exponential(leaveMean), TimeUnit.MICROSECONDS);
        }
    }

    private void scheduleMessage(Interaction i) {
        long mean = centre.knobs().customerMessageIntervalMs();
        if (mean > 0) {
            i.messageTimer = centre.scheduler().schedule(() -> message(i), exponential(mean), TimeUnit.MICROSECONDS);
        }
    }

    private void message(Interaction i) {
        Effects out = new Effects();
        i.lock.lock();
        try {
            i.messageTimer = null; // this very task
            if (i.status == InteractionStatus.ENDED || !i.customerPresent) {
                return;
            }
            if (i.status == InteractionStatus.ACTIVE) { // back in the queue (transfer), the customer waits
                int n = ++i.customerMessages;
                LogEntry e = i.append("Text", i.customerWire(), Visibility.All, "text", "Customer message " + n);
                centre.broadcastLog(i, out, e);
            }
            scheduleMessage(i);
        } finally {
            i.lock.unlock();
        }
        centre.publish(out);
    }

    /** The customer leaves; false when it had already left or the interaction had ended. */
    private boolean leave(Interaction i) {
        Effects out = new Effects();
        i.lock.lock();
        try {
            i.leaveTimer = null; // this very task
            if (!i.customerPresent || i.status == InteractionStatus.ENDED) {
                return false;
            }
            if (i.status == InteractionStatus.QUEUED) {
                abandonLocked(i);
                return true;
            }
            i.customerPresent = false;
            i.cancelCustomerTimers();
            LogEntry left = i.append("ParticipantLeft", i.customerWire(), Visibility.All, null, null);
            centre.broadcast(i, out, null, null, List.of(left), true);
        } finally {
            i.lock.unlock();
        }
        centre.publish(out);
        return true;
    }

    private void abandon(Interaction i) {
        i.lock.lock();
        try {
            i.patienceTimer = null; // this very task: cancelling it would mark it cancelled
            if (i.status == InteractionStatus.QUEUED) {
                abandonLocked(i);
            }
        } finally {
            i.lock.unlock();
        }
    }

    private void abandonLocked(Interaction i) {
        i.customerPresent = false;
        i.status = InteractionStatus.ENDED;
        i.changed();
        i.cancelCustomerTimers();
        centre.truth().count(Counter.contactsAbandoned);
        centre.forgetIfDone(i);
    }

    /** Called every few ms: creates the contacts due under the arrival-rate knobs. */
    public void tick(long nowNanos) {
        Knobs k = centre.knobs();
        for (Media m : Media.values()) {
            double rate = m == Media.CHAT ? k.chatArrivalsPerSec() : k.smsArrivalsPerSec();
            int slot = m.ordinal();
            if (rate <= 0) {
                nextArrivalNanos[slot] = 0;
                continue;
            }
            if (nextArrivalNanos[slot] == 0) {
                nextArrivalNanos[slot] = nowNanos + interArrivalNanos(rate);
            }
            int created = 0;
            while (nowNanos - nextArrivalNanos[slot] >= 0 && created++ < MAX_ARRIVALS_PER_TICK) {
                arrive(m, ContactOptions.defaults(), null);
                nextArrivalNanos[slot] += interArrivalNanos(rate);
            }
            if (created >= MAX_ARRIVALS_PER_TICK) {
                nextArrivalNanos[slot] = nowNanos; // far behind (e.g. after a pause): do not burst forever
            }
        }
    }

    private static long interArrivalNanos(double perSecond) {
        return Math.max(1, (long) (-Math.log(1 - ThreadLocalRandom.current().nextDouble()) / perSecond * 1e9));
    }

    /** An exponential sample with the given mean in ms, in µs. */
    private static long exponential(long meanMs) {
        return Math.max(1, (long) (-Math.log(1 - ThreadLocalRandom.current().nextDouble()) * meanMs * 1000));
    }
}
