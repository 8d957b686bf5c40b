package io.gwsload.collector;

/**
 * Told once when an operation ends. Called on the thread that ended it (a CometD or HTTP client
 * thread, or the collector's timeout scan), never under a collector lock: keep it short and
 * non-blocking.
 */
@FunctionalInterface
public interface OperationListener {
    void onComplete(OperationOutcome outcome);
}
