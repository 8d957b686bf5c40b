package io.gwsload.simulator.model;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

import io.gwsload.api.Media;

/**
 * Routes one media's waiting contacts to Ready agents with free capacity, round-robin.
 *
 * <p>Agents wait in a pool (a queue): one that becomes eligible (Ready, or capacity freed) is
 * appended once; routing takes from the head, reserves one unit of its capacity, and puts it back
 * at the tail while it still has room. An agent found ineligible at the head is simply dropped
 * until it signals again. So routing one contact costs O(1) amortised, whatever the number of
 * agents. Contacts that named an agent wait on that agent alone.
 *
 * <p>The lock only guards the two queues; offers are made outside it, by one thread at a time
 * per media (whoever signalled first drains for everyone).
 */
public final class Router {
    /** Makes the offer; must release the agent's reserved capacity itself if it cannot. */
    interface OfferSink {
        void offer(Interaction interaction, Agent agent);
    }

    private final Media media;
    private final IntSupplier maxPerAgent;
    private final OfferSink sink;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Interaction> queue = new ArrayDeque<>();
    private final ArrayDeque<Agent> pool = new ArrayDeque<>();
    private final Set<Agent> withTargeted = new LinkedHashSet<>();
    private final AtomicInteger pending = new AtomicInteger();

    Router(Media media, IntSupplier maxPerAgent, OfferSink sink) {
        this.media = media;
        this.maxPerAgent = maxPerAgent;
        this.sink = sink;
    }

    /** Puts a contact in the queue (its agent's own queue when it names one) and routes. */
    void enqueue(Interaction interaction) {
        lock.lock();
        try {
            Agent target = interaction.targetAgent;
            if (target != null) {
                target.targetedOrNew(media).addLast(interaction);
                withTargeted.add(target);
            } else {
                queue.addLast(interaction);
            }
        } finally {
            lock.unlock();
        }
        drain();
    }

    /** The agent may take work on this media now (went Ready, or freed capacity); routes. */
    public void agentAvailable(Agent agent) {
        lock.lock();
        try {
            if (!agent.inPool[media.ordinal()] && eligible(agent, maxPerAgent.getAsInt())) {
                agent.inPool[media.ordinal()] = true;
                pool.addLast(agent);
            }
        } finally {
            lock.unlock();
        }
        drain();
    }

    /** Contacts waiting for an agent. */
    int queued() {
        lock.lock();
        try {
            int n = 0;
            for (Interaction i : queue) {
                if (i.status == InteractionStatus.QUEUED) {
                    n++;
                }
            }
            for (Agent a : withTargeted) {
                n += a.targeted(media).size();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Makes offers until no waiting contact can go to an available agent; one drainer at a time. */
    private void drain() {
        if (pending.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        for (;;) {
            Assignment next;
            while ((next = next()) != null) {
                sink.offer(next.interaction, next.agent);
            }
            missed = pending.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private record Assignment(Interaction interaction, Agent agent) {
    }

    private Assignment next() {
        int max = maxPerAgent.getAsInt();
        lock.lock();
        try {
            Assignment targeted = nextTargeted(max);
            if (targeted != null) {
                return targeted;
            }
            while (!queue.isEmpty()) {
                Interaction i = queue.peekFirst();
                if (i.status != InteractionStatus.QUEUED) {
                    queue.pollFirst(); // abandoned while waiting
                    continue;
                }
                Agent a = pick(i, max);
                if (a == null) {
                    return null;
                }
                queue.pollFirst();
                return new Assignment(i, a);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private Assignment nextTargeted(int max) {
        for (Iterator<Agent> it = withTargeted.iterator(); it.hasNext();) {
            Agent a = it.next();
            ArrayDeque<Interaction> q = a.targeted(media);
            while (!q.isEmpty() && q.peekFirst().status != InteractionStatus.QUEUED) {
                q.pollFirst();
            }
            if (q.isEmpty()) {
                it.remove();
                continue;
            }
            if (a.channel(media) == ChannelState.Ready && a.tryReserve(max)) {
                return new Assignment(q.pollFirst(), a);
            }
        }
        return null;
    }

    /**
     * Takes the next eligible agent from the pool with one unit of its capacity reserved, preferring
     * agents the contact has not been refused by; null when none is available.
     */
    private Agent pick(Interaction contact, int max) {
        Agent fallback = null;
        int scans = pool.size();
        while (scans-- > 0) {
            Agent a = pool.pollFirst();
            if (!eligible(a, max)) {
                a.inPool[media.ordinal()] = false;
                continue;
            }
            if (contact.excluded.contains(a.id())) {
                pool.addLast(a);
                if (fallback == null) {
                    fallback = a;
                }
                continue;
            }
            if (!a.tryReserve(max)) {
                a.inPool[media.ordinal()] = false;
                continue;
            }
            keepOrDrop(a, max);
            return a;
        }
        if (fallback != null && fallback.tryReserve(max)) {
            return fallback; // only agents who refused it are free: offer it again rather than wait
        }
        return null;
    }

    private void keepOrDrop(Agent a, int max) {
        if (a.load() < max) {
            pool.addLast(a);
        } else {
            a.inPool[media.ordinal()] = false;
        }
    }

    private boolean eligible(Agent a, int max) {
        return a.channel(media) == ChannelState.Ready && a.load() < max;
    }
}
