package io.gwsload.report.capacity;

import io.gwsload.report.run.HlogTags;
import io.gwsload.report.run.RunData;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * The shards of one stepped capacity run merged into one capacity verdict. Each shard offered its part
 * of every level on the same schedule; its one-second interval histograms are re-cut into levels from its
 * own injection start and added up, so the merged percentiles are those of one histogram fed every
 * sample; OK, KO and rates add up (rates over the shards' mean measured time, as each shard's summary
 * has it). Shards of different
 * schedules or objectives are refused with one sentence.
 */
public final class CapacityMerge {
    private CapacityMerge() {
    }

    /** The merged capacity, or null when no shard is a capacity run. */
    @SuppressWarnings("unchecked")
    public static CapacityResult merge(List<RunData> shards) throws IOException {
        long withCapacity = shards.stream().filter(d -> d.summary().get("capacity") instanceof Map).count();
        if (withCapacity == 0) {
            return null;
        }
        if (withCapacity < shards.size()) {
            throw new IllegalArgumentException("Only some of these runs are capacity runs: stepped and unstepped "
                    + "runs do not merge.");
        }
        Map<String, Object> first = (Map<String, Object>) shards.get(0).summary().get("capacity");
        Map<String, Object> firstPlan = plan(shards.get(0), first);
        double startRate = 0;
        double step = 0;
        for (RunData d : shards) {
            Map<String, Object> c = (Map<String, Object>) d.summary().get("capacity");
            Map<String, Object> p = plan(d, c);
            for (String key : List.of("levels", "levelSeconds", "rampSeconds", "warmupSeconds",
                    "loadWarmupSeconds")) {
                if (number(p.getOrDefault(key, 0)) != number(firstPlan.getOrDefault(key, 0))) {
                    throw new IllegalArgumentException(d.folder().getFileName() + " ran another schedule than "
                            + shards.get(0).folder().getFileName() + " (" + key + " " + p.get(key) + " vs "
                            + firstPlan.get(key) + "): only shards of one stepped run merge.");
                }
            }
            for (String key : List.of("headlineRequest", "sloP99Us", "sloMaxKoPercent")) {
                if (!Objects.equals(String.valueOf(c.get(key)), String.valueOf(first.get(key)))) {
                    throw new IllegalArgumentException(d.folder().getFileName() + " was judged on other objectives "
                            + "than " + shards.get(0).folder().getFileName() + " (" + key + " " + c.get(key) + " vs "
                            + first.get(key) + "): only shards of one stepped run merge.");
                }
            }
            startRate += number(p.get("startRate"));
            step += number(p.get("step"));
        }
        CapacityLevels levels = new CapacityLevels(startRate, step, (int) number(firstPlan.get("levels")),
                seconds(firstPlan.get("levelSeconds")), seconds(firstPlan.get("rampSeconds")),
                seconds(firstPlan.get("warmupSeconds")), seconds(firstPlan.getOrDefault("loadWarmupSeconds", 0)),
                (String) first.get("headlineRequest"),
                Duration.ofNanos((long) number(first.get("sloP99Us")) * 1_000), number(first.get("sloMaxKoPercent")));
        CapacityAnalysis merged = new CapacityAnalysis(levels);
        long earliestStart = Long.MAX_VALUE;
        int n = levels.levels();
        int[] samples = new int[n];
        double[] seconds = new double[n];
        long[] pendingGrowth = new long[n];
        for (RunData d : shards) {
            Map<String, Object> c = (Map<String, Object>) d.summary().get("capacity");
            long injectionStart = (long) number(plan(d, c).get("injectionStartMillis"));
            earliestStart = Math.min(earliestStart, injectionStart);
            addIntervals(merged, d.folder().resolve("latencies.hlog"), injectionStart);
            for (Map<String, Object> level : (List<Map<String, Object>>) c.get("levels")) {
                int index = (int) number(level.get("level")) - 1;
                // the shard's own cut of its time (its log leaves out seconds without an OK sample)
                samples[index] = Math.max(samples[index], (int) number(level.get("samples")));
                seconds[index] += number(level.get("measuredSeconds")) / shards.size();
                pendingGrowth[index] += level.get("pendingGrowth") instanceof Number g ? g.longValue() : 0;
                for (Map<String, Object> request : (List<Map<String, Object>>) level.get("requests")) {
                    merged.add(index, (String) request.get("name"), new Histogram(3), (long) number(request.get("ko")));
                }
            }
        }
        for (int i = 0; i < n; i++) {
            merged.measured(i, samples[i], Math.round(seconds[i] * 1000), pendingGrowth[i]);
        }
        return merged.result(earliestStart);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plan(RunData d, Map<String, Object> capacity) {
        if (!(capacity.get("plan") instanceof Map<?, ?> p) || !(capacity.get("levels") instanceof List<?> l)
                || l.stream().anyMatch(x -> !(x instanceof Map<?, ?> m) || !(m.get("requests") instanceof List))) {
            throw new IllegalArgumentException(d.folder().getFileName() + " is a capacity run of an earlier gws-load "
                    + "without its schedule and per-request levels: run it again to merge it.");
        }
        return (Map<String, Object>) p;
    }

    /** Each one-second interval of a shard's log goes to the level whose settled plateau holds it. */
    private static void addIntervals(CapacityAnalysis into, Path hlog, long injectionStart) throws IOException {
        if (!Files.isRegularFile(hlog)) {
            throw new IllegalArgumentException(hlog.getParent().getFileName() + " has no latencies.hlog: its levels "
                    + "cannot be merged exactly.");
        }
        try (FileInputStream in = new FileInputStream(hlog.toFile())) {
            HistogramLogReader reader = new HistogramLogReader(in);
            for (EncodableHistogram e = reader.nextIntervalHistogram(); e != null; e = reader.nextIntervalHistogram()) {
                if (!(e instanceof Histogram h)) {
                    continue;
                }
                long from = h.getStartTimeStamp() - injectionStart;
                long to = h.getEndTimeStamp() - injectionStart;
                int level = into.levelOf(from, to);
                if (level < 0) {
                    continue;
                }
                into.add(level, HlogTags.decode(h.getTag()), h, 0);
            }
        }
    }

    private static Duration seconds(Object value) {
        return Duration.ofMillis(Math.round(number(value) * 1000));
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
