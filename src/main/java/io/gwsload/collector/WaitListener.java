package io.gwsload.collector;

/** Told once when a wait ends; same threading rules as {@link OperationListener}. */
@FunctionalInterface
public interface WaitListener {
    void onComplete(WaitOutcome outcome);

    /** A wait listener that records the verdict itself (see {@link OperationListener.Verdict}). */
    @FunctionalInterface
    interface Verdict extends WaitListener {
    }
}
