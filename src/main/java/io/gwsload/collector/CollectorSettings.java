package io.gwsload.collector;

import java.time.Duration;

/**
 * The collector's knobs.
 *
 * @param scanInterval    how often one scan ends timed-out operations and waits; a timeout is
 *                        reported at most this much late
 * @param recentRetention how long an ended operation is remembered, to tell duplicates and late
 *                        notifications from unknown ones
 * @param inboxCapacity   unclaimed notifications kept per agent for later waits (oldest dropped first)
 * @param inboxTtl        how long an unclaimed notification stays in an agent's inbox
 */
public record CollectorSettings(Duration scanInterval, Duration recentRetention,
        int inboxCapacity, Duration inboxTtl) {

    public CollectorSettings {
        positive(scanInterval, "scanInterval");
        positive(recentRetention, "recentRetention");
        positive(inboxTtl, "inboxTtl");
        if (inboxCapacity < 0) {
            throw new IllegalArgumentException("inboxCapacity must be 0 or more, got " + inboxCapacity);
        }
    }

    public static CollectorSettings defaults() {
        return new CollectorSettings(Duration.ofMillis(20), Duration.ofSeconds(30), 32,
                Duration.ofSeconds(60));
    }

    public CollectorSettings withScanInterval(Duration d) {
        return new CollectorSettings(d, recentRetention, inboxCapacity, inboxTtl);
    }

    public CollectorSettings withRecentRetention(Duration d) {
        return new CollectorSettings(scanInterval, d, inboxCapacity, inboxTtl);
    }

    public CollectorSettings withInbox(int capacity, Duration ttl) {
        return new CollectorSettings(scanInterval, recentRetention, capacity, ttl);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
