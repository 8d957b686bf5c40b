package io.gwsload.client;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Spaces events at a steady rate: each caller gets the next free slot, {@code 1/rate} after the one before (or now,
 * if the gate was idle), and is told how long to wait for it. Lock-free; a rate of 0 lets everything through at once.
 */
final class RateGate {
    /** The slowest rate: one every 1,000 s (slower, the intervals' sums would overflow nanoseconds). */
    static final double MIN_RATE = 0.001;
    private final long intervalNanos;
    private final AtomicLong nextFreeNanos;

    RateGate(double perSecond) {
        if (Double.isNaN(perSecond) || perSecond < 0 || perSecond > 0 && perSecond < MIN_RATE) {
            throw new IllegalArgumentException("a rate must be 0 (no limit) or at least " + MIN_RATE
                    + " per second, got " + perSecond);
        }
        this.intervalNanos = perSecond == 0 ? 0 : Math.max(1, (long) (1e9 / perSecond));
        this.nextFreeNanos = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    /** How long, from {@code nowNanos}, the caller waits for its slot (0: go now); the slot is taken. */
    long delayNanos(long nowNanos) {
        if (intervalNanos == 0) {
            return 0;
        }
        long slotEnd = nextFreeNanos.updateAndGet(free -> (free - nowNanos > 0 ? free : nowNanos) + intervalNanos);
        return Math.max(0, slotEnd - intervalNanos - nowNanos);
    }
}
