package io.gwsload.collector;

import io.gwsload.collector.tracker.OperationOutcome;

/**
 * Told once when an operation ends. Called on the thread that ended it (a CometD or HTTP client
 * thread, or the collector's timeout scan), never under a collector lock: keep it short and
 * non-blocking.
 */
@FunctionalInterface
public interface OperationListener {
    void onComplete(OperationOutcome outcome);

    /**
     * A listener that gives the verdict itself: it calls {@link OperationOutcome#record(String)} with the
     * result of its checks. The collector records the outcome as it is only if the listener did not (or
     * threw). A plain listener is told after the outcome is already in the books.
     */
    @FunctionalInterface
    interface Verdict extends OperationListener {
    }
}
