package io.gwsload.gatling.runtime;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Named pools of logged-in usernames, so that one population can find partners in another: responders
 * publish themselves, inviters take one to invite; agents publish themselves, supervisors take one to
 * monitor. Taking never blocks a Gatling thread: the taker is called back when a name is there, or with
 * null when its time is up.
 */
public final class Rendezvous implements AutoCloseable {
    private final Map<String, ArrayDeque<String>> names = new HashMap<>();
    private final Map<String, ArrayDeque<Taker>> takers = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gws-rendezvous");
        t.setDaemon(true);
        return t;
    });

    private record Taker(Consumer<String> callback, long deadlineNanos) {
    }

    Rendezvous() {
        timer.scheduleAtFixedRate(this::expire, 100, 100, TimeUnit.MILLISECONDS);
    }

    public void publish(String pool, String username) {
        Consumer<String> callback = null;
        synchronized (this) {
            ArrayDeque<Taker> waiting = takers.get(pool);
            Taker taker = waiting == null ? null : waiting.pollFirst();
            if (taker != null) {
                callback = taker.callback();
            } else {
                ArrayDeque<String> available = names.computeIfAbsent(pool, k -> new ArrayDeque<>());
                if (!available.contains(username)) { // publishing twice must not hand the agent out twice
                    available.addLast(username);
                }
            }
        }
        if (callback != null) {
            callback.accept(username);
        }
    }

    /** Calls back with a published name (taking it out of the pool), or with null after {@code timeoutNanos}. */
    public void take(String pool, long timeoutNanos, Consumer<String> callback) {
        String name;
        synchronized (this) {
            ArrayDeque<String> available = names.get(pool);
            name = available == null ? null : available.pollFirst();
            if (name == null) {
                takers.computeIfAbsent(pool, k -> new ArrayDeque<>())
                        .addLast(new Taker(callback, System.nanoTime() + timeoutNanos));
                return;
            }
        }
        callback.accept(name);
    }

    /** Forgets a name (its user logged out). */
    synchronized void withdraw(String username) {
        for (ArrayDeque<String> pool : names.values()) {
            pool.remove(username);
        }
    }

    private void expire() {
        long now = System.nanoTime();
        ArrayDeque<Consumer<String>> expired = new ArrayDeque<>();
        synchronized (this) {
            for (ArrayDeque<Taker> waiting : takers.values()) {
                for (Iterator<Taker> it = waiting.iterator(); it.hasNext(); ) {
                    Taker t = it.next();
                    if (now - t.deadlineNanos() >= 0) {
                        it.remove();
                        expired.add(t.callback());
                    }
                }
            }
        }
        expired.forEach(c -> c.accept(null));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        ArrayDeque<Consumer<String>> left = new ArrayDeque<>();
        synchronized (this) {
            takers.values().forEach(q -> q.forEach(t -> left.add(t.callback())));
            takers.clear();
        }
        left.forEach(c -> c.accept(null));
    }
}
