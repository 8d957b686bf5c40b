package io.gwsload.collector;

import io.gwsload.collector.tracker.EffectMatcher;

import io.gwsload.collector.tracker.OperationOutcome;

import io.gwsload.collector.tracker.PendingOperation;

import io.gwsload.collector.tracker.Waits;

import io.gwsload.collector.tracker.AgentTracker;

import io.gwsload.collector.books.Tally;

import io.gwsload.collector.books.LatencyStats;

import io.gwsload.collector.books.LatencyRegistry;

import io.gwsload.collector.books.Accounting;

import java.util.ArrayList;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Correlates CometD notifications to the operations that caused them, per agent session, and keeps
 * the books: one {@link AgentTracker} per agent session, one {@link Accounting}, one
 * {@link LatencyRegistry} of HdrHistograms by request name.
 *
 * <p>Timeouts are found by one periodic scan of a queue of deadlines ordered by time, not by a timer per
 * operation: each scan looks only at what is due, whatever the number of agents; a timeout is reported
 * at most {@link CollectorSettings#scanInterval()} late. Forgetting what is old (ended operations,
 * unclaimed notifications) is a slower housekeeping pass over the agents that hold anything.
 * Closing the collector ends whatever is still pending as {@link Outcome#STOPPED}, so that after
 * {@link #close()} every registered operation has ended exactly once: sent = OK + KO.
 */
public final class NotificationCollector implements AutoCloseable {
    public static final Logger LOG = LoggerFactory.getLogger(NotificationCollector.class);

    private final CollectorSettings settings;
    private final Accounting accounting = new Accounting();
    private final LatencyRegistry latencies = new LatencyRegistry();
    /** Waits for events the target does not cause (offers to come): apart from the target's figures. */
    private final LatencyRegistry waits = new LatencyRegistry();
    private final Set<AgentTracker> active = ConcurrentHashMap.newKeySet();
    private final ConcurrentSkipListSet<Deadline> deadlines = new ConcurrentSkipListSet<>();
    private final AtomicLong sequence = new AtomicLong();
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
        scanner.scheduleAtFixedRate(this::expireDue, period, period, TimeUnit.NANOSECONDS);
        long housekeeping = Math.max(period, HOUSEKEEPING_PERIOD_NANOS);
        scanner.scheduleAtFixedRate(this::housekeep, housekeeping, housekeeping, TimeUnit.NANOSECONDS);
    }

    private static final long HOUSEKEEPING_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** When an operation or a wait of a tracker falls due; ordered by time, then by registration. */
    public record Deadline(long nanos, long seq, AgentTracker tracker, Object subject) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline o) {
            int c = Long.compare(nanos - o.nanos, 0); // nanoTime values compare by difference
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** Epoch ms of nanoTime 0, so that nanosecond ends become wall-clock ones for the interval logs. */
    private final long epochBaseMillis = System.currentTimeMillis() - System.nanoTime() / 1_000_000;

    /** The epoch milliseconds of a {@link System#nanoTime()} value. */
    public long epochMillis(long nanos) {
        return epochBaseMillis + Math.floorDiv(nanos, 1_000_000);
    }

    /** Completions held for attribution, by when they were made: their records are still to come. */
    private final ConcurrentSkipListSet<HeldMark> held = new ConcurrentSkipListSet<>();

    private record HeldMark(long endNanos, long seq) implements Comparable<HeldMark> {
        @Override
        public int compareTo(HeldMark o) {
            int c = Long.compare(endNanos - o.endNanos, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    public void holding(PendingOperation op, long endNanos) {
        HeldMark mark = new HeldMark(endNanos, sequence.incrementAndGet());
        op.heldMark = mark;
        held.add(mark);
    }

    public void released(PendingOperation op) {
        if (op.heldMark instanceof HeldMark mark) {
            held.remove(mark);
            op.heldMark = null;
        }
    }

    /**
     * Epoch ms before which every operation that ended has its record written: the earliest completion still
     * held for attribution, or {@code Long.MAX_VALUE} when none is. Interval logs wait for it.
     */
    public long recordedUntilMillis() {
        HeldMark first = held.isEmpty() ? null : held.first();
        return first == null ? Long.MAX_VALUE : epochMillis(first.endNanos());
    }

    /** Completions held for attribution now, across every agent. */
    public int heldCompletions() {
        return held.size();
    }

    /** The first misattributed completions, in words, for the summary and a diagnosis. */
    private final java.util.List<String> misattributions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final int MISATTRIBUTION_EXAMPLES = 10;

    private final java.util.List<String> flaggedMisattributions = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void misattributed(String what, boolean flagged) {
        if (!flagged) {
            LOG.warn("Misattributed: {}", what);
        }
        java.util.List<String> list = flagged ? flaggedMisattributions : misattributions;
        if (list.size() < MISATTRIBUTION_EXAMPLES) {
            list.add(what);
        }
    }

    /** Up to ten misattributed completions, each in one line: the unflagged ones first. */
    public java.util.List<String> misattributionExamples() {
        java.util.List<String> all = new java.util.ArrayList<>(misattributions);
        for (String f : flaggedMisattributions) {
            if (all.size() < MISATTRIBUTION_EXAMPLES) {
                all.add(f);
            }
        }
        return all;
    }

    /**
     * Loads (and initialises) what ending an operation or a wait needs, once, while file descriptors are free: at
     * a descriptor ceiling a class can no longer be read from its jar, and the timeout scan would fail on it.
     */
    public static void preloadEndingPath() {
        KoMessages.grouped("referenceId 1");
        for (Class<?> c : new Class<?>[] {OperationOutcome.class, WaitOutcome.class, CompletedBy.class, Outcome.class,
            Tally.class, LatencyStats.Interval.class, EffectMatcher.class, EffectMatcher.Result.class}) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        AgentTracker.preload();
    }

    /** A tracker for one agent session; {@code agent} names it in messages. */
    public AgentTracker newTracker(String agent) {
        return new AgentTracker(this, agent);
    }

    /** Sees every agent notification first, on the thread that received it (simulated customers' timings). */
    public interface Tap {
        void seen(io.gwsload.api.Notification n, long nanos);
    }

    private volatile Tap tap;

    /** Sets the one tap (null: none). */
    public void tap(Tap t) {
        tap = t;
    }

    /** Hands a notification to the tap, if any; a tap that fails is logged, never the notification's loss. */
    public void tapped(io.gwsload.api.Notification n, long nanos) {
        Tap t = tap;
        if (t != null) {
            try {
                t.seen(n, nanos);
            } catch (RuntimeException e) {
                LOG.warn("A notification tap failed", e);
            }
        }
    }

    public Accounting accounting() {
        return accounting;
    }

    public LatencyRegistry latencies() {
        return latencies;
    }

    /** The figures of waits (offers, joins, customers' messages), by name. */
    public LatencyRegistry waits() {
        return waits;
    }

    public CollectorSettings settings() {
        return settings;
    }

    public void activate(AgentTracker tracker) {
        active.add(tracker);
    }

    /** A deadline for {@code subject} (an operation or a wait): it is ended, whatever maps still hold it. */
    public Deadline schedule(AgentTracker tracker, Object subject, long nanos) {
        Deadline d = new Deadline(nanos, sequence.incrementAndGet(), tracker, subject);
        deadlines.add(d);
        return d;
    }

    public void cancel(Deadline deadline) {
        if (deadline != null) {
            deadlines.remove(deadline);
        }
    }

    /** Ends what is overdue: only the trackers with a deadline now due are looked at. */
    private void expireDue() {
        try {
            long now = System.nanoTime();
            for (Deadline d = deadlines.pollFirst(); d != null; d = deadlines.pollFirst()) {
                if (d.nanos() - now > 0) {
                    deadlines.add(d); // not yet: put it back and stop
                    break;
                }
                d.tracker().expire(d.subject(), now);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("Collector timeout scan failed; it will run again", e);
        }
    }

    /** Forgets what is old, and drops trackers that hold nothing from the housekeeping set. */
    private void housekeep() {
        try {
            long now = System.nanoTime();
            for (AgentTracker tracker : active) {
                if (!tracker.housekeep(now, settings)) {
                    // Re-checked under the tracker's lock: it re-adds itself if it became busy again.
                    active.remove(tracker);
                    tracker.reactivateIfBusy();
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("Collector housekeeping failed; it will run again", e);
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
