package io.gwsload.simulator.truth;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import io.gwsload.api.OperationName;

/**
 * What really happened, for the harness's measurement error to be computed against: per operation
 * an HdrHistogram (µs, 3 significant digits) of request received → first notification published,
 * and counters. Recording is lock-free; {@link #reset()} swaps in fresh instruments.
 */
public final class GroundTruth {
    /** Highest trackable latency: one hour in µs (auto-resize keeps it from failing beyond). */
    private static final long HIGHEST_US = 3_600_000_000L;

    private final AtomicReference<Instruments> current = new AtomicReference<>(new Instruments());

    public void count(Counter counter) {
        current.get().counters[counter.ordinal()].increment();
    }

    public void add(Counter counter, long n) {
        current.get().counters[counter.ordinal()].add(n);
    }

    /** A CometD handshake accepted now: counted, and in the handshakes per second the busiest second saw. */
    public void handshake(long nowMillis) {
        Instruments in = current.get();
        in.counters[Counter.handshakes.ordinal()].increment();
        in.handshakeRate.record(nowMillis);
    }

    public void statusError(int code) {
        LongAdder[] byCode = current.get().statusErrors;
        if (code >= 0 && code < byCode.length) {
            byCode[code].increment();
        }
    }

    /** Records one operation's time from request received to its first notification published. */
    public void recordNotified(OperationName op, long nanos) {
        Histogram h = current.get().histogram(op);
        h.recordValue(Math.max(1, nanos / 1000));
    }

    public void reset() {
        current.set(new Instruments());
    }

    public Instruments snapshotSource() {
        return current.get();
    }

    /** One generation of counters and histograms. */
    public static final class Instruments {
        public final long startedMillis = System.currentTimeMillis();
        public final LongAdder[] counters = adders(Counter.values().length);
        public final LongAdder[] statusErrors = adders(21);
        public final HandshakeRate handshakeRate = new HandshakeRate();
        private final AtomicReferenceArray<Histogram> histograms =
                new AtomicReferenceArray<>(OperationName.values().length);

        Histogram histogram(OperationName op) {
            Histogram h = histograms.get(op.ordinal());
            if (h == null) {
                ConcurrentHistogram created = new ConcurrentHistogram(1, HIGHEST_US, 3);
                created.setAutoResize(true);
                h = histograms.compareAndSet(op.ordinal(), null, created) ? created : histograms.get(op.ordinal());
            }
            return h;
        }

        /** A copy of an operation's histogram, or null when it never recorded. */
        public Histogram copyOf(OperationName op) {
            Histogram h = histograms.get(op.ordinal());
            return h == null ? null : h.copy();
        }

        private static LongAdder[] adders(int n) {
            LongAdder[] a = new LongAdder[n];
            for (int i = 0; i < n; i++) {
                a[i] = new LongAdder();
            }
            return a;
        }
    }
}
