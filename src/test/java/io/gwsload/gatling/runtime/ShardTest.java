package io.gwsload.gatling.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Shards split credentials disjointly and populations and rates so that the parts add up to the whole. */
class ShardTest {

    @Test
    void slicesAreDisjointCoverEveryUserAndGiveEachShardAgentsAndSupervisors() {
        List<String> users = new ArrayList<>();
        IntStream.range(0, 10).forEach(i -> users.add("agent" + i));
        IntStream.range(0, 4).forEach(i -> users.add("supervisor" + i));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            List<String> slice = new Shard(i, 3).slice(users, u -> u.startsWith("supervisor"));
            for (String u : slice) {
                assertEquals(true, seen.add(u), u + " is in two slices");
            }
            assertEquals(true, slice.stream().anyMatch(u -> u.startsWith("supervisor")), "shard " + i + ": " + slice);
            assertEquals(true, slice.stream().anyMatch(u -> u.startsWith("agent")), "shard " + i + ": " + slice);
        }
        assertEquals(new HashSet<>(users), seen);
    }

    @Test
    void sharesAddUpToTheWhole() {
        for (int total : new int[] {0, 1, 2, 7, 300}) {
            int t = total;
            assertEquals(total, IntStream.range(0, 3).map(i -> new Shard(i, 3).share(t)).sum());
        }
        assertEquals(10.0, new Shard(2, 3).share(30.0));
        assertEquals(7, Shard.WHOLE.share(7));
    }

    @Test
    void badValuesAreRefusedWithOneSentence() {
        assertEquals(new Shard(1, 3), Shard.parse(" 1/3 "));
        java.util.Properties bad = new java.util.Properties();
        bad.setProperty("gws.shard", "3/3");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GwsConfig.from(bad));
        assertEquals("-Dgws.shard must be INDEX/COUNT with 0 <= INDEX < COUNT (e.g. 0/3), got 3/3", e.getMessage());
        bad.setProperty("gws.shard", "first");
        e = assertThrows(IllegalArgumentException.class, () -> GwsConfig.from(bad));
        assertEquals("-Dgws.shard must be INDEX/COUNT with 0 <= INDEX < COUNT (e.g. 0/3), got 'first'", e.getMessage());
    }
}
