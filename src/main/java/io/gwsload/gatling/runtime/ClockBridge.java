package io.gwsload.gatling.runtime;

import io.gatling.commons.util.Clock;

/**
 * Turns {@link System#nanoTime()} values, which every timing in gws-load is taken with, into the
 * epoch milliseconds of Gatling's own clock, so that our records line up with Gatling's in the report.
 * Gatling's clock is itself wall time at start plus the {@code nanoTime} delta, so one anchor suffices.
 */
public final class ClockBridge {
    private final long anchorMillis;
    private final long anchorNanos;

    ClockBridge(Clock clock) {
        this.anchorNanos = System.nanoTime();
        this.anchorMillis = clock.nowMillis();
    }

    public long toMillis(long nanos) {
        return anchorMillis + Math.floorDiv(nanos - anchorNanos, 1_000_000L);
    }
}
