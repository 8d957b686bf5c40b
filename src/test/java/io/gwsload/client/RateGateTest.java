package io.gwsload.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The gate that paces logins again: slots 1/rate apart, a free gate lets the next one go at once. */
class RateGateTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void callersAtOnceGetSlotsOneIntervalApartAndAnIdleGateLetsTheNextGoAtOnce() {
        RateGate gate = new RateGate(10); // 100 ms apart
        long now = System.nanoTime();
        assertEquals(0, gate.delayNanos(now));
        assertEquals(100 * MS, gate.delayNanos(now));
        assertEquals(200 * MS, gate.delayNanos(now));
        assertEquals(150 * MS, gate.delayNanos(now + 150 * MS), "the fourth slot, 300 ms after the first");
        assertEquals(0, gate.delayNanos(now + 10_000 * MS), "idle since: at once");
        assertEquals(100 * MS, gate.delayNanos(now + 10_000 * MS));
    }

    @Test
    void noLimitLetsEverythingThroughAndANegativeRateIsRefused() {
        RateGate gate = new RateGate(0);
        long now = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertEquals(0, gate.delayNanos(now));
        }
        assertThrows(IllegalArgumentException.class, () -> new RateGate(-1));
    }
}
