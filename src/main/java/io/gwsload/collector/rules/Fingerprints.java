package io.gwsload.collector.rules;

import java.util.Arrays;

/**
 * Content fingerprints of the notifications seen for one referenceId, to tell a duplicate (the same
 * notification again) from a further, different notification of the same operation. Bounded: past
 * 64 distinct notifications it stops remembering and never reports a duplicate it cannot prove.
 */
public final class Fingerprints {
    private static final int LIMIT = 64;
    private long[] values = new long[4];
    private int count;

    /** Remembers a fingerprint; false if it was seen before. */
    public boolean firstSight(long fingerprint) {
        for (int i = 0; i < count; i++) {
            if (values[i] == fingerprint) {
                return false;
            }
        }
        if (count == values.length) {
            if (count >= LIMIT) {
                return true;
            }
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = fingerprint;
        return true;
    }
}
