package io.gwsload.collector.books;

import io.gwsload.collector.CompletedBy;
import io.gwsload.collector.KoMessages;
import io.gwsload.collector.Outcome;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The figures of one request name: an HdrHistogram of OK latencies in microseconds (3 significant
 * digits, auto-resizing so an unused name costs little) and the OK/KO counts by reason.
 *
 * <p>Besides the total, every record goes to the one-second interval in which its operation <em>ended</em>
 * (epoch seconds), so that interval logs and capacity levels place an operation by when it ended even when
 * its record comes later (a completion held for attribution, see {@link AgentTracker}). The recorder takes
 * the intervals once nothing can still be recorded into them ({@link #takeIntervalsBefore}).
 */
public final class LatencyStats {
    private final String name;
    private final Recorder recorder = new Recorder(3);
    private final LongAdder ok = new LongAdder();
    private final LongAdder[] completedBy = new LongAdder[CompletedBy.values().length];
    private final LongAdder[] ko = new LongAdder[Outcome.values().length];
    private final LongAdder ambiguous = new LongAdder();
    /** KO messages with their counts, at most {@link #MAX_MESSAGES} distinct ones; guarded by itself. */
    private final java.util.Map<String, Long> messages = new java.util.LinkedHashMap<>();
    static final int MAX_MESSAGES = 20;
    // guarded by this
    private Histogram recycled;
    private final Histogram total = new Histogram(3);
    /** Intervals by the epoch second their operations ended in. */
    private final ConcurrentSkipListMap<Long, Interval> intervals = new ConcurrentSkipListMap<>();

    LatencyStats(String name) {
        this.name = name;
        for (int i = 0; i < ko.length; i++) {
            ko[i] = new LongAdder();
        }
        for (int i = 0; i < completedBy.length; i++) {
            completedBy[i] = new LongAdder();
        }
    }

    public String name() {
        return name;
    }

    /** An OK latency that ended now; {@code by} says how the operation was recognised (null for waits). */
    public void recordOk(long micros, CompletedBy by) {
        recordOk(micros, by, System.currentTimeMillis());
    }

    /** An OK latency of an operation that ended at {@code endMillis} (epoch ms). */
    public void recordOk(long micros, CompletedBy by, long endMillis) {
        long value = Math.max(0, micros);
        recorder.recordValue(value);
        ok.increment();
        if (by != null) {
            completedBy[by.ordinal()].increment();
        }
        interval(endMillis).addOk(value);
    }

    /** OK operations recognised this way (referenceId, effect, both, or the HTTP answer alone). */
    public long completedBy(CompletedBy by) {
        return completedBy[by.ordinal()].sum();
    }

    // guarded by this; null until a polled timing is recorded
    private Histogram polledLower;
    private long pollIntervalMicros;

    /**
     * Of an OK timing read by polling (a customer's transcript): the earliest it can have been, its event having
     * happened after the poll before the one that read it started; {@code intervalMicros} is the poll interval.
     */
    public synchronized void recordPolledLower(long micros, long intervalMicros) {
        if (polledLower == null) {
            polledLower = new Histogram(3);
        }
        polledLower.recordValue(Math.max(0, micros));
        pollIntervalMicros = intervalMicros;
    }

    /** A copy of the polled timings' lower bounds, or null when none of this name was polled. */
    public synchronized Histogram polledLower() {
        return polledLower == null ? null : polledLower.copy();
    }

    public synchronized long pollIntervalMicros() {
        return pollIntervalMicros;
    }

    // guarded by this; null until the simulator's ground truth of a polled timing is recorded
    private Histogram polledTruth;
    private long outsideBounds;

    /**
     * Of a polled timing on the embedded simulator: what it truly was (to when the simulator appended the entry),
     * and whether that lay outside the bounds the harness reported (never, if the bounds are right).
     */
    public synchronized void recordPolledTruth(long micros, boolean outside) {
        if (polledTruth == null) {
            polledTruth = new Histogram(3);
        }
        polledTruth.recordValue(Math.max(0, micros));
        if (outside) {
            outsideBounds++;
        }
    }

    /** A copy of the polled timings' ground truth, or null when there is none. */
    public synchronized Histogram polledTruth() {
        return polledTruth == null ? null : polledTruth.copy();
    }

    public synchronized long polledOutsideBounds() {
        return outsideBounds;
    }

    /** An OK completion the collector could not tell from another operation's notification: flagged ambiguous. */
    public void ambiguous() {
        ambiguous.increment();
    }

    /**
     * OK operations whose completion was ambiguous (recorded at the latest candidate's time, or when its hold was
     * cut short).
     */
    public long ambiguousCount() {
        return ambiguous.sum();
    }

    public void recordKo(Outcome outcome, String message) {
        recordKo(outcome, message, System.currentTimeMillis());
    }

    /** A KO of an operation that ended at {@code endMillis} (epoch ms). */
    public void recordKo(Outcome outcome, String message, long endMillis) {
        ko[outcome.ordinal()].increment();
        interval(endMillis).addKo();
        if (message != null) {
            String grouped = KoMessages.grouped(message);
            synchronized (messages) {
                if (messages.containsKey(grouped) || messages.size() < MAX_MESSAGES) {
                    messages.merge(grouped, 1L, Long::sum);
                }
            }
        }
    }

    private Interval interval(long endMillis) {
        long second = Math.floorDiv(endMillis, 1000);
        Interval i = intervals.get(second);
        return i != null ? i : intervals.computeIfAbsent(second, Interval::new);
    }

    /** KO messages (with ids replaced by N, so that alike failures group) and how often each came. */
    public java.util.Map<String, Long> koMessages() {
        synchronized (messages) {
            return new java.util.LinkedHashMap<>(messages);
        }
    }

    public long okCount() {
        return ok.sum();
    }

    public long koCount() {
        long sum = 0;
        for (LongAdder a : ko) {
            sum += a.sum();
        }
        return sum;
    }

    public long koCount(Outcome outcome) {
        return ko[outcome.ordinal()].sum();
    }

    /**
     * The one-second intervals of operations that ended before {@code epochSecond}, oldest first, taken out:
     * each with its OK latencies (µs, tagged with this name) and its KO count.
     */
    public List<Interval> takeIntervalsBefore(long epochSecond) {
        List<Interval> out = new ArrayList<>();
        for (Iterator<Map.Entry<Long, Interval>> it = intervals.headMap(epochSecond).entrySet().iterator();
                it.hasNext();) {
            Interval i = it.next().getValue();
            it.remove();
            out.add(i);
        }
        return out;
    }

    /** All OK latencies recorded so far (µs). */
    public synchronized Histogram total() {
        recycled = recorder.getIntervalHistogram(recycled);
        total.add(recycled);
        Histogram out = total.copy();
        out.setTag(name);
        return out;
    }

    /** The operations of one name that ended within one epoch second. */
    public final class Interval {
        private final long second;
        private final Histogram okMicros = new Histogram(3);
        private long koCount;

        Interval(long second) {
            this.second = second;
        }

        synchronized void addOk(long micros) {
            okMicros.recordValue(micros);
        }

        synchronized void addKo() {
            koCount++;
        }

        /** The epoch second. */
        public long second() {
            return second;
        }

        /** A copy of its OK latencies (µs), tagged with the request name, stamped with the second's bounds. */
        public synchronized Histogram ok() {
            Histogram h = okMicros.copy();
            h.setTag(name);
            h.setStartTimeStamp(second * 1000);
            h.setEndTimeStamp(second * 1000 + 1000);
            return h;
        }

        public synchronized long koCount() {
            return koCount;
        }

        public String name() {
            return name;
        }
    }
}
