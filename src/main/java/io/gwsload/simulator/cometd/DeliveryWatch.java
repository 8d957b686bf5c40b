package io.gwsload.simulator.cometd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.cometd.bayeux.Message;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;

/**
 * Knows when given notifications have reached their client, for {@code notifyBeforeResponse}: the
 * HTTP answer waits until then, so a client sees the notification strictly before the answer.
 *
 * <p>"Reached" means: over WebSocket, the frame carrying it was written; over long-polling, the
 * response carrying it was sent <em>and</em> that session sent its next /meta/connect (a
 * long-polling client has one connect in flight at a time, and CometD clients process the messages
 * of a response before its connect reply, which is what triggers the next connect). A cap bounds
 * the wait when a client never acknowledges.
 * Costs nothing while nothing is watched.
 */
public final class DeliveryWatch {
    private final ScheduledExecutorService scheduler;
    private final Map<Object, Wait> byData = new IdentityHashMap<>();
    private final AtomicInteger watched = new AtomicInteger();

    public DeliveryWatch(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** A group of notifications to watch; {@code then} runs once when all reached their clients. */
    public Ticket ticket(Runnable then) {
        return new Ticket(then);
    }

    /**
     * Transport hook: these messages were written to a session's connection (WebSocket), or are
     * being written in a response that the session's next /meta/connect acknowledges
     * (long-polling, {@code needsAcknowledgement}).
     */
    void written(ServerSession session, List<ServerMessage> messages, boolean needsAcknowledgement) {
        if (watched.get() == 0) {
            return;
        }
        synchronized (byData) {
            for (ServerMessage m : messages) {
                Object data = m.get(Message.DATA_FIELD); // getData() of a frozen message is a copy
                Wait w = data == null ? null : byData.get(data);
                if (w == null) {
                    continue;
                }
                if (needsAcknowledgement && session != null) {
                    w.writtenTo = session;
                } else {
                    remove(data, w);
                }
            }
        }
    }

    /** Extension hook: a session sent /meta/connect, acknowledging what it was last sent. */
    void connectReceived(ServerSession session) {
        if (watched.get() == 0 || session == null) {
            return;
        }
        synchronized (byData) {
            for (Iterator<Wait> it = byData.values().iterator(); it.hasNext();) {
                Wait w = it.next(); // read before remove(): an IdentityHashMap entry dies with it
                if (w.writtenTo == session) {
                    it.remove();
                    watched.decrementAndGet();
                    w.ticket.arrived();
                }
            }
        }
    }

    private void remove(Object data, Wait w) {
        if (byData.remove(data) == w) {
            watched.decrementAndGet();
            w.ticket.arrived();
        }
    }

    private static final class Wait {
        final Ticket ticket;
        ServerSession writtenTo;

        Wait(Ticket ticket) {
            this.ticket = ticket;
        }
    }

    /** Notifications published together, waited for together. */
    public final class Ticket {
        private final Runnable then;
        private final AtomicInteger remaining = new AtomicInteger(1); // 1 until armed
        private final AtomicBoolean done = new AtomicBoolean();
        private final List<Object> data = new ArrayList<>(2);
        private volatile ScheduledFuture<?> cap;

        private Ticket(Runnable then) {
            this.then = then;
        }

        /** Watches this payload (call before handing it to CometD); false if it is watched already. */
        boolean expect(Object payload) {
            synchronized (byData) {
                if (byData.containsKey(payload)) {
                    return false;
                }
                byData.put(payload, new Wait(this));
                data.add(payload);
            }
            watched.incrementAndGet();
            remaining.incrementAndGet();
            return true;
        }

        /** The payload could not be handed to any session: stop waiting for it. */
        void abandon(Object payload) {
            synchronized (byData) {
                Wait w = byData.get(payload);
                if (w != null && w.ticket == this) {
                    remove(payload, w);
                }
            }
        }

        /** Everything is published: run {@code then} when all arrived, or after {@code capMillis}. */
        public void arm(long capMillis) {
            cap = scheduler.schedule(this::fire, capMillis, TimeUnit.MILLISECONDS);
            arrived();
        }

        private void arrived() {
            if (remaining.decrementAndGet() == 0) {
                fire();
            }
        }

        private void fire() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> c = cap;
            if (c != null) {
                c.cancel(false);
            }
            synchronized (byData) {
                for (Object payload : data) {
                    Wait w = byData.get(payload);
                    if (w != null && w.ticket == this) {
                        byData.remove(payload);
                        watched.decrementAndGet();
                    }
                }
            }
            scheduler.execute(then); // never on a transport callback thread
        }
    }
}
