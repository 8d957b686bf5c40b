package io.gwsload.report.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import io.gwsload.collector.CollectorSettings;
import io.gwsload.collector.NotificationCollector;
import io.gwsload.collector.Outcome;

/**
 * Shards merged exactly: three runs written by the real recorder, merged; every percentile equals that of
 * one histogram fed every sample of the three, and counts, KO reasons and books add up.
 */
class MergeTest {

    @Test
    void mergedPercentilesAreThoseOfOneHistogramFedEverySample() throws Exception {
        Path root = Files.createTempDirectory(Path.of("target"), "gws-merge-");
        Histogram everySample = new Histogram(3);
        SplittableRandom random = new SplittableRandom(42);
        List<Path> shards = new java.util.ArrayList<>();
        for (int shard = 0; shard < 3; shard++) {
            shards.add(shard(root.resolve("shard" + shard), "ShardedSimulation", random, everySample, shard + 1));
        }
        Map<String, Object> merged = Merge.merge(shards, root.resolve("merged"));
        @SuppressWarnings("unchecked")
        Map<String, Object> accept = ((List<Map<String, Object>>) merged.get("requests")).stream()
                .filter(r -> r.get("name").equals("Accept")).findFirst().orElseThrow();
        assertEquals(everySample.getTotalCount(), ((Number) accept.get("ok")).longValue());
        for (double p : new double[] {50, 75, 90, 95, 99, 99.9}) {
            String key = p == 99.9 ? "p999Us" : "p" + (int) p + "Us";
            assertEquals(everySample.getValueAtPercentile(p), ((Number) accept.get(key)).longValue(), key);
        }
        assertEquals(everySample.getMaxValue(), ((Number) accept.get("maxUs")).longValue());
        assertEquals(6L, ((Number) accept.get("ko")).longValue(), "1 + 2 + 3 KO");
        assertEquals(Map.of("timeout", 6), accept.get("koByReason"));
        RunFolderContract.assertHolds(root.resolve("merged"));
        RunData back = RunData.load(root.resolve("merged"));
        assertEquals(everySample.getTotalCount(), back.histograms().get("Accept").getTotalCount(),
                "the merged hlog holds every interval of every shard");
    }

    @Test
    void runsOfDifferentSimulationsAreRefusedWithOneSentence() throws Exception {
        Path root = Files.createTempDirectory(Path.of("target"), "gws-merge-");
        SplittableRandom random = new SplittableRandom(7);
        Path a = shard(root.resolve("a"), "OneSimulation", random, new Histogram(3), 0);
        Path b = shard(root.resolve("b"), "OtherSimulation", random, new Histogram(3), 0);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Merge.merge(List.of(a, b), root.resolve("merged")));
        assertTrue(refused.getMessage().endsWith("only shards of one simulation merge."), refused.getMessage());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, Merge.run(new String[] {root.resolve("m").toString(), a.toString(), b.toString()},
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("gws-load merge: "));
    }

    /** One run folder from the real recorder, with random Accept latencies (also fed to {@code all}). */
    private static Path shard(Path results, String simulation, SplittableRandom random, Histogram all, int ko)
            throws Exception {
        NotificationCollector collector = new NotificationCollector(CollectorSettings.defaults());
        RunRecorder recorder = new RunRecorder(collector, results, simulation, Map.of(), null, 0,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        for (int i = 0; i < 5_000; i++) {
            long micros = 200 + (long) (-Math.log(1 - random.nextDouble()) * 3_000);
            collector.latencies().stats("Accept").recordOk(micros, null);
            all.recordValue(micros);
        }
        for (int i = 0; i < ko; i++) {
            collector.latencies().stats("Accept").recordKo(Outcome.TIMEOUT, "no notification for referenceId 1");
        }
        recorder.close();
        collector.close();
        try (var runs = Files.list(results)) {
            return runs.filter(p -> Files.isDirectory(p) && !Files.isSymbolicLink(p)).findFirst().orElseThrow();
        }
    }
}
