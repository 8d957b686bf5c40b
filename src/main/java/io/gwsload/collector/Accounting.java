package io.gwsload.collector;

import java.util.concurrent.atomic.LongAdder;

/**
 * The collector's books, updated from any thread without locks. {@link #snapshot()} gives a
 * consistent-enough view at any time; after the collector is closed the numbers are final and
 * {@code sent = ok + ko} with nothing pending.
 */
public final class Accounting {
    private final LongAdder sent = new LongAdder();
    private final LongAdder[] ended = adders(Outcome.values().length);
    private final LongAdder notifications = new LongAdder();
    private final LongAdder matchedEarly = new LongAdder();
    private final LongAdder followUps = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final LongAdder lateHttpAnswers = new LongAdder();
    private final LongAdder inboxEvicted = new LongAdder();
    private final LongAdder inboxExpired = new LongAdder();
    private final LongAdder waitsStarted = new LongAdder();
    private final LongAdder[] waitsEnded = adders(Outcome.values().length);
    private final LongAdder waitsUnfilled = new LongAdder();
    private final LongAdder sessionLosses = new LongAdder();
    private final LongAdder ambiguous = new LongAdder();
    private final LongAdder disagreements = new LongAdder();
    private final LongAdder invalidReferenceIds = new LongAdder();
    private final LongAdder predicateFailures = new LongAdder();

    void ambiguous() {
        ambiguous.increment();
    }

    void disagreement() {
        disagreements.increment();
    }

    void invalidReferenceId() {
        invalidReferenceIds.increment();
    }

    void predicateFailure() {
        predicateFailures.increment();
    }

    public void sent() {
        sent.increment();
    }

    public void ended(Outcome outcome) {
        ended[outcome.ordinal()].increment();
    }

    void notification() {
        notifications.increment();
    }

    void matchedEarly() {
        matchedEarly.increment();
    }

    void followUp() {
        followUps.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void late() {
        late.increment();
    }

    void unknown(long count) {
        unknown.add(count);
    }

    void lateHttpAnswer() {
        lateHttpAnswers.increment();
    }

    void inboxEvicted() {
        inboxEvicted.increment();
    }

    void inboxExpired(long count) {
        inboxExpired.add(count);
    }

    void waitStarted() {
        waitsStarted.increment();
    }

    void waitEnded(Outcome outcome) {
        waitsEnded[outcome.ordinal()].increment();
    }

    void waitUnfilled() {
        waitsUnfilled.increment();
    }

    void sessionLost() {
        sessionLosses.increment();
    }

    public AccountingSnapshot snapshot() {
        long[] byOutcome = new long[ended.length];
        long[] waitsByOutcome = new long[waitsEnded.length];
        // Read the ends before "sent" so that a concurrent operation never shows as negative pending.
        for (int i = 0; i < ended.length; i++) {
            byOutcome[i] = ended[i].sum();
            waitsByOutcome[i] = waitsEnded[i].sum();
        }
        return new AccountingSnapshot(sent.sum(), byOutcome, notifications.sum(), matchedEarly.sum(),
                followUps.sum(), duplicates.sum(), late.sum(), unknown.sum(), lateHttpAnswers.sum(),
                inboxEvicted.sum(), inboxExpired.sum(), waitsStarted.sum(), waitsByOutcome, waitsUnfilled.sum(),
                sessionLosses.sum(), ambiguous.sum(), disagreements.sum(), invalidReferenceIds.sum(),
                predicateFailures.sum());
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
