package io.gwsload.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.gwsload.report.run.RunData;

/**
 * {@code bench/shards.sh 2}'s run, in the build: two Gatling JVMs share one regression test against one
 * standalone simulator; the merge must count exactly the operations the simulator accepted, and its
 * percentiles must be those of one histogram fed every sample of both shards.
 */
class ShardsTest {

    /** Three JVMs (two generators and a simulator) for one check: part of the full set ({@code -Pfull}). */
    @Test
    @Tag("full")
    void twoShardsMergeIntoTheSimulatorsCountsAndExactPercentiles() throws Exception {
        Path out = Files.createTempDirectory(Path.of("target"), "gws-shards-");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Shards.Result r = Shards.run(2, "gwsload.RegressionSimulation", Map.of("agents", "4", "duration", "3s"), out,
                20, new PrintStream(console, true, StandardCharsets.UTF_8));

        assertEquals(List.of(0, 0), r.exitCodes(), () -> console.toString(StandardCharsets.UTF_8));
        assertTrue(r.postsOk() > 0);
        assertEquals(r.simulatorPostsOk(), r.postsOk(), "merged OK operations = the simulator's operationsOk");

        RunData merged = RunData.load(r.merged());
        Histogram everySample = new Histogram(3);
        for (int i = 0; i < 2; i++) {
            RunData d = RunData.load(r.shardFolders().get(i));
            assertEquals(i + "/2", ((Map<?, ?>) d.summary().get("configuration")).get("shard"),
                    "each shard's summary says which part of the test it ran");
            everySample.add(d.histograms().get("Accept"));
        }
        Histogram accept = merged.histograms().get("Accept");
        assertEquals(everySample.getTotalCount(), accept.getTotalCount());
        Map<String, Object> acceptSummary = merged.requests().get("Accept");
        assertEquals(everySample.getTotalCount(), ((Number) acceptSummary.get("ok")).longValue());
        assertEquals(everySample.getValueAtPercentile(50), ((Number) acceptSummary.get("p50Us")).longValue());
        assertEquals(everySample.getValueAtPercentile(99), ((Number) acceptSummary.get("p99Us")).longValue());
        assertEquals(everySample.getMaxValue(), ((Number) acceptSummary.get("maxUs")).longValue());
    }
}
