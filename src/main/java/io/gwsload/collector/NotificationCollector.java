package io.gwsload.collector;

import java.util.ArrayList;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Correlates CometD notifications to the operations that caused them, per agent session, and keeps
 * the books: one {@link AgentTracker} per agent session, one {@link Accounting}, one
 * {@link LatencyRegistry} of HdrHistograms by request name.
 *
 * <p>Timeouts are found by one periodic scan over the agents that have something pending, not by a
 * timer per operation; a timeout is reported at most {@link CollectorSettings#scanInterval()} late.
 * Closing the collector ends whatever is still pending as {@link Outcome#STOPPED}, so that after
 * {@link #close()} every registered operation has ended exactly once: sent = OK + KO.
 */
public final class NotificationCollector implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger(NotificationCollector.class);

    private final CollectorSettings settings;
    private final Accounting accounting = new Accounting();
    private final LatencyRegistry latencies = new LatencyRegistry();
    private final Set<AgentTracker> active = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scanner;
    private volatile boolean closed;

    public NotificationCollector(CollectorSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gws-collector-scan");
            t.setDaemon(true);
            return t;
        });
        long period = settings.scanInterval().toNanos();
        scanner.scheduleAtFixedRate(this::scan, period, period, TimeUnit.NANOSECONDS);
    }

    /** A tracker for one agent session; {@code agent} names it in messages. */
    public AgentTracker newTracker(String agent) {
        return new AgentTracker(this, agent);
    }

    public Accounting accounting() {
        return accounting;
    }

    public LatencyRegistry latencies() {
        return latencies;
    }

    public CollectorSettings settings() {
        return settings;
    }

    void activate(AgentTracker tracker) {
        active.add(tracker);
    }

    private void scan() {
        try {
            long now = System.nanoTime();
            for (AgentTracker tracker : active) {
                if (!tracker.scan(now, settings)) {
                    // Re-checked under the tracker's lock: it re-adds itself if it became busy again.
                    active.remove(tracker);
                    tracker.reactivateIfBusy();
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("Collector scan failed; it will run again", e);
        }
    }

    /** Ends everything still pending as {@link Outcome#STOPPED} and stops the scan. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scanner.shutdownNow();
        try {
            scanner.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long now = System.nanoTime();
        for (AgentTracker tracker : new ArrayList<>(active)) {
            tracker.stop(now);
        }
        active.clear();
    }

    public boolean isClosed() {
        return closed;
    }
}
