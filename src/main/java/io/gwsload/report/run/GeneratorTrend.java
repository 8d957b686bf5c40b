package io.gwsload.report.run;

import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.gwsload.api.Json;

/**
 * What a long run must show flat: every {@code everyMillis} one line of {@code generator.jsonl} in the run folder
 * (the seconds since the start, the heap still in use after the last collection, threads, open files, and the
 * harness's own bounded structures: operations pending, early arrivals held, ended operations remembered, scope
 * memory, completions held for attribution, chats and SMS conversations in progress), and at the end each one's
 * least-squares slope per hour for {@code summary.json}: a leak shows as a slope that is not about 0.
 */
final class GeneratorTrend {
    /** Samples kept for the slopes: a week at one a minute. */
    private static final int MAX_SAMPLES = 10_080;

    private final Path file;
    private final long everyMillis;
    private final Supplier<Map<String, Long>> structures;
    private final List<Map<String, Object>> samples = new ArrayList<>();
    /** Every figure any sample had, in the order first seen (a figure a sample lacks was 0 then: no agent). */
    private final java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
    private long nextMillis;

    GeneratorTrend(Path file, long everyMillis, long startMillis, Supplier<Map<String, Long>> structures) {
        this.file = file;
        this.everyMillis = everyMillis;
        this.structures = structures;
        this.nextMillis = startMillis + everyMillis;
    }

    /** The recorder's tick: one sample when its time has come (none when sampling is off). */
    synchronized void tick(long nowMillis, long startMillis, long liveHeapBytes) {
        if (everyMillis <= 0 || nowMillis < nextMillis) {
            return;
        }
        nextMillis = nowMillis + everyMillis;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("s", (nowMillis - startMillis) / 1000);
        line.put("liveHeapBytes", liveHeapBytes);
        line.put("threads", (long) ManagementFactory.getThreadMXBean().getThreadCount());
        line.put("openFiles", GeneratorUsage.openFiles());
        Map<String, Long> sizes = structures == null ? Map.of() : structures.get();
        line.putAll(sizes);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            w.write(Json.write(line));
            w.write('\n');
        } catch (IOException e) {
            // the figures stay in memory for the summary; the file is a convenience
        }
        names.addAll(line.keySet());
        if (samples.size() < MAX_SAMPLES) {
            samples.add(line);
        }
    }

    /**
     * For {@code summary.json}: the number of samples, their interval and each figure's least-squares slope per hour
     * (null with fewer than three samples: no trend to tell).
     */
    synchronized Map<String, Object> summary() {
        if (samples.size() < 3) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples.size());
        m.put("intervalSeconds", everyMillis / 1000.0);
        m.put("file", file.getFileName().toString());
        Map<String, Object> slopes = new LinkedHashMap<>();
        for (String name : names) {
            if (!name.equals("s")) {
                slopes.put(name, Math.round(slopePerHour(name) * 100) / 100.0);
            }
        }
        m.put("slopesPerHour", slopes);
        return m;
    }

    /** Least-squares slope of a figure against the seconds, per hour. */
    private double slopePerHour(String name) {
        int n = samples.size();
        double mx = 0;
        double my = 0;
        for (Map<String, Object> s : samples) {
            mx += value(s, "s");
            my += value(s, name);
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (Map<String, Object> s : samples) {
            double dx = value(s, "s") - mx;
            sxy += dx * (value(s, name) - my);
            sxx += dx * dx;
        }
        return sxx == 0 ? 0 : sxy / sxx * 3600;
    }

    private static double value(Map<String, Object> sample, String name) {
        return sample.get(name) instanceof Number n ? n.doubleValue() : 0;
    }
}
