package io.gwsload.report.capacity;

import io.gwsload.report.run.HlogTags;
import io.gwsload.report.run.RunData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;

/**
 * Two shards of one stepped run (100 and 200 operations/s each, 5 s levels, 1 s ramps) merge into one
 * capacity verdict: offered and achieved rates add up, KOs add up, and each level's percentiles are those
 * of one histogram fed every sample of that level from both shards.
 */
class CapacityMergeTest {
    private static final long T0 = 1_800_000_000_000L;

    @Test
    void levelsOfShardsMergeExactly() throws Exception {
        Path root = Files.createTempDirectory(Path.of("target"), "gws-capmerge-");
        SplittableRandom random = new SplittableRandom(11);
        Histogram[] everySample = {new Histogram(3), new Histogram(3)};
        RunData a = shard(root.resolve("a"), T0, 5, random, everySample, 10);
        RunData b = shard(root.resolve("b"), T0 + 300, 5, random, everySample, 20);

        CapacityResult merged = CapacityMerge.merge(List.of(a, b));

        assertEquals(2, merged.levels().size());
        for (int i = 0; i < 2; i++) {
            CapacityResult.LevelResult level = merged.levels().get(i);
            assertEquals(200.0 * (i + 1), level.offeredRate(), "each shard offered its part");
            assertEquals(everySample[i].getTotalCount(), level.ok());
            assertEquals(200.0 * (i + 1), level.achievedRate(), "OK per second over the shards' mean measured time");
            assertEquals(everySample[i].getValueAtPercentile(50), level.p50Us());
            assertEquals(everySample[i].getValueAtPercentile(99), level.p99Us());
            assertEquals(everySample[i].getMaxValue(), level.maxUs());
        }
        assertEquals(30, merged.levels().get(1).ko(), "10 + 20 KO at level 2");
        assertEquals(everySample[0].getTotalCount(), merged.levels().get(0).requests().stream()
                .filter(r -> r.name().equals("Op HTTP")).findFirst().orElseThrow().ok(),
                "every request name is merged; '*' counts each operation once");
    }

    @Test
    void shardsOfAnotherScheduleAreRefusedWithOneSentence() throws Exception {
        Path root = Files.createTempDirectory(Path.of("target"), "gws-capmerge-");
        SplittableRandom random = new SplittableRandom(3);
        Histogram[] ignored = {new Histogram(3), new Histogram(3)};
        RunData a = shard(root.resolve("a"), T0, 5, random, ignored, 0);
        RunData b = shard(root.resolve("b"), T0, 6, random, ignored, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CapacityMerge.merge(List.of(a, b)));
        assertEquals("b ran another schedule than a (levelSeconds 6.0 vs 5.0): only shards of one stepped run merge.",
                e.getMessage());
    }

    /**
     * A shard's folder: an hlog of one-second intervals ("Op" and "Op HTTP", 100 then 200 a second from
     * {@code start}) and the capacity section its recorder would have written (schedule, KO per level).
     */
    private static RunData shard(Path folder, long start, int levelSeconds, SplittableRandom random,
            Histogram[] everySample, long koAtLevel2) throws Exception {
        Files.createDirectories(folder);
        HistogramLogWriter log = new HistogramLogWriter(folder.resolve("latencies.hlog").toFile());
        log.outputStartTime(start);
        log.setBaseTime(start);
        log.outputLogFormatVersion();
        log.outputLegend();
        int period = levelSeconds + 1;
        for (int second = 0; second < 2 * period; second++) {
            int level = second < levelSeconds ? 0 : second >= period && second < period + levelSeconds ? 1 : -1;
            int perSecond = level < 0 ? 150 : 100 * (level + 1);
            for (String name : List.of("Op", "Op HTTP")) {
                Histogram h = new Histogram(3);
                for (int n = 0; n < perSecond; n++) {
                    long micros = 500 + (long) (-Math.log(1 - random.nextDouble()) * 2_000 * (level + 2));
                    h.recordValue(micros);
                    // the level's settled plateau: its first second is left out
                    boolean settled = level == 0 ? second >= 1 : level == 1 && second >= period + 1;
                    if (name.equals("Op") && settled) {
                        everySample[level].recordValue(micros);
                    }
                }
                h.setTag(HlogTags.encode(name));
                h.setStartTimeStamp(start + second * 1000L);
                h.setEndTimeStamp(start + (second + 1) * 1000L);
                log.outputIntervalHistogram(h);
            }
        }
        log.close();
        List<Map<String, Object>> levels = new ArrayList<>();
        for (int level = 1; level <= 2; level++) {
            long ko = level == 2 ? koAtLevel2 : 0;
            // as the shard's recorder cut it: four settled one-second samples per level
            levels.add(Map.of("level", level, "samples", 4, "measuredSeconds", 4.0, "pendingGrowth", 0,
                    "requests", List.of(Map.of("name", "Op", "ko", ko), Map.of("name", "Op HTTP", "ko", ko))));
        }
        Map<String, Object> capacity = new LinkedHashMap<>();
        capacity.put("headlineRequest", "*");
        capacity.put("sloP99Us", 100_000);
        capacity.put("sloMaxKoPercent", 1.0);
        capacity.put("levels", levels);
        capacity.put("plan", Map.of("startRate", 100.0, "step", 100.0, "levels", 2, "levelSeconds",
                (double) levelSeconds, "rampSeconds", 1.0, "warmupSeconds", 0.0, "injectionStartMillis", start));
        return new RunData(folder, Map.of("capacity", capacity), Map.of());
    }
}
