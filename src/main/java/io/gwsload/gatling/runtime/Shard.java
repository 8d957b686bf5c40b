package io.gwsload.gatling.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * This generator's part of a test run on several generators at once ({@code -Dgws.shard=INDEX/COUNT},
 * INDEX from 0, e.g. a Kubernetes Indexed Job's {@code JOB_COMPLETION_INDEX}). Each shard takes a disjoint
 * slice of the credentials (so no user logs in twice across generators), its share of every closed
 * population and its share of every open rate; {@code Merge} puts the shards' results back together.
 *
 * @param index from 0 to count - 1
 * @param count how many generators run the test
 */
public record Shard(int index, int count) {
    /** The whole test on one generator. */
    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard must be INDEX/COUNT with 0 <= INDEX < COUNT (e.g. 0/3), got "
                    + index + "/" + count);
        }
    }

    /** Parses {@code INDEX/COUNT}; a bad value throws with one sentence. */
    public static Shard parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("/");
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // the sentence below
        }
        throw new IllegalArgumentException("shard must be INDEX/COUNT with 0 <= INDEX < COUNT (e.g. 0/3), got '" + text
                + "'");
    }

    /** This JVM's shard: {@code -Dgws.shard}, else the whole test. */
    public static Shard current() {
        return HarnessSettings.fromSystem(HarnessSettings.SHARD);
    }

    public boolean isWhole() {
        return count == 1;
    }

    /** This shard's part of a population of {@code total}: the parts of all shards add up to it exactly. */
    public int share(int total) {
        return total / count + (index < total % count ? 1 : 0);
    }

    /** This shard's part of an open rate (per second). */
    public double share(double rate) {
        return rate / count;
    }

    /**
     * This shard's slice of a list: every {@code count}-th element from {@code index}, taken separately among
     * the elements that match {@code group} and those that do not (agents and supervisors), so every shard
     * gets its part of both.
     */
    public <T> List<T> slice(List<T> all, Predicate<T> group) {
        List<T> slice = new ArrayList<>();
        int inGroup = 0;
        int outGroup = 0;
        for (T t : all) {
            int position = group.test(t) ? inGroup++ : outGroup++;
            if (position % count == index) {
                slice.add(t);
            }
        }
        return slice;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
