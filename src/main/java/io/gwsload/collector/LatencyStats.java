package io.gwsload.collector;

import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The figures of one request name: an HdrHistogram of OK latencies in microseconds (3 significant
 * digits, auto-resizing so an unused name costs little) and the OK/KO counts by reason.
 * Recording is wait-free ({@link Recorder}); reading takes the recorder's interval and folds it
 * into the total, so interval logs and totals never disagree.
 */
public final class LatencyStats {
    private final String name;
    private final Recorder recorder = new Recorder(3);
    private final LongAdder ok = new LongAdder();
    private final LongAdder[] completedBy = new LongAdder[CompletedBy.values().length];
    private final LongAdder[] ko = new LongAdder[Outcome.values().length];
    /** KO messages with their counts, at most {@link #MAX_MESSAGES} distinct ones; guarded by itself. */
    private final java.util.Map<String, Long> messages = new java.util.LinkedHashMap<>();
    static final int MAX_MESSAGES = 20;
    // guarded by this
    private Histogram recycled;
    private final Histogram total = new Histogram(3);
    private final Histogram unsampled = new Histogram(3);

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

    /** An OK latency; {@code by} says how the operation was recognised (null for waits). */
    public void recordOk(long micros, CompletedBy by) {
        recorder.recordValue(Math.max(0, micros));
        ok.increment();
        if (by != null) {
            completedBy[by.ordinal()].increment();
        }
    }

    /** OK operations recognised this way (referenceId, effect, both, or the HTTP answer alone). */
    public long completedBy(CompletedBy by) {
        return completedBy[by.ordinal()].sum();
    }

    public void recordKo(Outcome outcome, String message) {
        ko[outcome.ordinal()].increment();
        if (message != null) {
            String grouped = KoMessages.grouped(message);
            synchronized (messages) {
                if (messages.containsKey(grouped) || messages.size() < MAX_MESSAGES) {
                    messages.merge(grouped, 1L, Long::sum);
                }
            }
        }
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

    /** The OK latencies recorded since the previous call (µs); for interval logs. */
    public synchronized Histogram sampleInterval() {
        drain();
        Histogram out = unsampled.copy();
        unsampled.reset();
        out.setTag(name);
        return out;
    }

    /** All OK latencies recorded so far (µs). */
    public synchronized Histogram total() {
        drain();
        Histogram out = total.copy();
        out.setTag(name);
        return out;
    }

    private void drain() {
        recycled = recorder.getIntervalHistogram(recycled);
        total.add(recycled);
        unsampled.add(recycled);
    }
}
