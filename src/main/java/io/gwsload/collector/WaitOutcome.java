package io.gwsload.collector;

import io.gwsload.collector.tracker.OperationOutcome;

import io.gwsload.collector.books.Tally;

import io.gwsload.collector.books.LatencyStats;

import java.util.concurrent.atomic.AtomicBoolean;

import io.gwsload.api.Notification;

/**
 * How a wait ended, and its one record (see {@link OperationOutcome}). {@code notification} is the one
 * that matched (null unless OK); {@code receivedNanos} is when it was received, which can be before the
 * wait began when it was taken from the agent's inbox.
 */
public final class WaitOutcome {
    private final WaitSpec spec;
    private final Outcome outcome;
    private final long startNanos;
    private final long endNanos;
    private final long receivedNanos;
    private final Notification notification;
    private final String message;
    private final NotificationCollector collector;
    private final AtomicBoolean recorded = new AtomicBoolean();

    public WaitOutcome(WaitSpec spec, Outcome outcome, long startNanos, long endNanos, long receivedNanos,
            Notification notification, String message, NotificationCollector collector) {
        this.spec = spec;
        this.outcome = outcome;
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.receivedNanos = receivedNanos;
        this.notification = notification;
        this.message = message;
        this.collector = collector;
    }

    /**
     * Records the verdict once: this outcome, or KO "check failed"; an optional wait that timed out is
     * counted as idle and recorded nowhere else. Returns the failure message, or null when OK (or idle).
     */
    public String record(String checkFailure) {
        boolean failedCheck = outcome.isOk() && checkFailure != null;
        Outcome verdict = failedCheck ? Outcome.CHECK_FAILED : outcome;
        String why = failedCheck ? checkFailure : message;
        boolean idle = outcome == Outcome.TIMEOUT && spec.optional();
        if (recorded.compareAndSet(false, true)) {
            if (idle) {
                collector.accounting().count(Tally.WAITS_UNFILLED);
            } else {
                collector.accounting().waitEnded(verdict);
                LatencyStats stats = collector.waits().stats(spec.name());
                if (verdict.isOk()) {
                    stats.recordOk((endNanos - startNanos) / 1_000, null);
                } else {
                    stats.recordKo(verdict, why);
                }
            }
        }
        return verdict.isOk() || idle ? null : why;
    }

    /** Whether this was an optional wait that nothing filled. */
    public boolean idle() {
        return outcome == Outcome.TIMEOUT && spec.optional();
    }

    public WaitSpec spec() {
        return spec;
    }

    public Outcome outcome() {
        return outcome;
    }

    public long startNanos() {
        return startNanos;
    }

    public long endNanos() {
        return endNanos;
    }

    public long receivedNanos() {
        return receivedNanos;
    }

    public Notification notification() {
        return notification;
    }

    public String message() {
        return message;
    }

    public boolean isOk() {
        return outcome.isOk();
    }
}
