package io.gwsload.collector.books;

import io.gwsload.collector.Outcome;

import java.util.concurrent.atomic.LongAdder;

/**
 * The collector's books, updated from any thread without locks. {@link #snapshot()} gives a
 * consistent-enough view at any time; after the collector is closed the numbers are final and
 * {@code sent + unsent = ok + ko} with nothing pending.
 */
public final class Accounting {
    private final LongAdder sent = new LongAdder();
    private final LongAdder registered = new LongAdder();
    private final LongAdder[] ended = adders(Outcome.values().length);
    private final LongAdder waitsStarted = new LongAdder();
    private final LongAdder[] waitsEnded = adders(Outcome.values().length);
    private final LongAdder[] tallies = adders(Tally.values().length);

    public void count(Tally tally) {
        tallies[tally.ordinal()].increment();
    }

    /** The tally so far. */
    public long tally(Tally tally) {
        return tallies[tally.ordinal()].sum();
    }

    public void count(Tally tally, long n) {
        tallies[tally.ordinal()].add(n);
    }

    /** An operation was registered: it will end exactly once. */
    public void registered() {
        registered.increment();
    }

    /** Its POST was written. */
    public void sent() {
        sent.increment();
    }

    public void ended(Outcome outcome) {
        ended[outcome.ordinal()].increment();
    }

    public void waitStarted() {
        waitsStarted.increment();
    }

    public void waitEnded(Outcome outcome) {
        waitsEnded[outcome.ordinal()].increment();
    }

    public AccountingSnapshot snapshot() {
        long[] byOutcome = new long[ended.length];
        long[] waitsByOutcome = new long[waitsEnded.length];
        // Read the ends before what started so that a concurrent operation never shows as negative pending.
        for (int i = 0; i < ended.length; i++) {
            byOutcome[i] = ended[i].sum();
            waitsByOutcome[i] = waitsEnded[i].sum();
        }
        long[] counts = new long[tallies.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = tallies[i].sum();
        }
        return new AccountingSnapshot(registered.sum(), sent.sum(), byOutcome, waitsStarted.sum(), waitsByOutcome,
                counts);
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
