package io.gwsload.report.run;

import io.gwsload.report.capacity.CapacityHtml;
import io.gwsload.report.capacity.CapacityMerge;
import io.gwsload.report.capacity.CapacityResult;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

import io.gwsload.api.Json;

/**
 * Several runs of one simulation (the shards of one test on several load generators) merged into one run
 * folder: counts and books added up, and percentiles taken from the added-up HdrHistograms, so they are
 * exactly those of one histogram fed every sample (not an average of percentiles). The interval logs are
 * merged into one {@code latencies.hlog}; stepped capacity runs into one capacity verdict and
 * {@code capacity.html} ({@link CapacityMerge}). Runs of different simulations, or capacity shards of
 * different schedules, are refused with one sentence.
 */
public final class Merge {
    private Merge() {
    }

    /** Merges {@code runs} into {@code target} (created); returns the merged summary. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> merge(List<Path> runs, Path target) throws IOException {
        if (runs.size() < 2) {
            throw new IllegalArgumentException("Merge takes at least two run folders.");
        }
        List<RunData> data = new ArrayList<>();
        for (Path run : runs) {
            data.add(RunData.load(run));
        }
        String simulation = data.get(0).simulation();
        for (RunData d : data) {
            if (!d.simulation().equals(simulation)) {
                throw new IllegalArgumentException(d.folder().getFileName() + " is a run of " + d.simulation() + ", "
                        + data.get(0).folder().getFileName() + " of " + simulation + ": only shards of one simulation "
                        + "merge.");
            }
        }
        CapacityResult capacity = CapacityMerge.merge(data); // refuses shards of different schedules first
        Files.createDirectories(target);
        double seconds = 0;
        String start = null;
        String end = null;
        Map<String, Histogram> histograms = new LinkedHashMap<>();
        Map<String, long[]> kos = new LinkedHashMap<>();
        Map<String, Map<String, Long>> koByReason = new LinkedHashMap<>();
        Map<String, Map<String, Long>> koMessages = new LinkedHashMap<>();
        Map<String, Map<String, Long>> completedBy = new LinkedHashMap<>();
        Map<String, Long> ambiguous = new LinkedHashMap<>();
        Map<String, Object> accounting = new LinkedHashMap<>();
        List<String> sources = new ArrayList<>();
        for (RunData d : data) {
            sources.add(d.folder().getFileName().toString());
            seconds = Math.max(seconds, d.durationSeconds()); // shards run side by side
            String s = (String) d.summary().get("start");
            String e = (String) d.summary().get("end");
            start = start == null || s.compareTo(start) < 0 ? s : start;
            end = end == null || e.compareTo(end) > 0 ? e : end;
            d.histograms().forEach((name, h) -> histograms.computeIfAbsent(name, k -> new Histogram(3)).add(h));
            for (Map.Entry<String, Map<String, Object>> r : d.requests().entrySet()) {
                String name = r.getKey();
                histograms.computeIfAbsent(name, k -> new Histogram(3));
                kos.computeIfAbsent(name, k -> new long[1])[0] += ((Number) r.getValue().get("ko")).longValue();
                add(koByReason.computeIfAbsent(name, k -> new LinkedHashMap<>()), r.getValue().get("koByReason"));
                add(koMessages.computeIfAbsent(name, k -> new LinkedHashMap<>()), r.getValue().get("koMessages"));
                add(completedBy.computeIfAbsent(name, k -> new LinkedHashMap<>()), r.getValue().get("completedBy"));
                if (r.getValue().get("ambiguous") instanceof Number a) {
                    ambiguous.merge(name, a.longValue(), Long::sum);
                }
            }
            addNumbers(accounting, (Map<String, Object>) d.summary().get("accounting"));
        }
        List<RequestSummary> requests = new ArrayList<>();
        for (Map.Entry<String, Histogram> e : histograms.entrySet()) {
            String name = e.getKey();
            requests.add(RequestSummary.of(name, e.getValue(), kos.getOrDefault(name, new long[1])[0],
                    koByReason.getOrDefault(name, Map.of()), koMessages.getOrDefault(name, Map.of()),
                    completedBy.getOrDefault(name, Map.of()), ambiguous.getOrDefault(name, 0L), seconds));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("schemaVersion", RunSummary.SCHEMA_VERSION);
        summary.put("simulation", simulation);
        summary.put("run", target.getFileName().toString());
        summary.put("start", start);
        summary.put("end", end);
        summary.put("durationSeconds", seconds);
        summary.put("configuration", Map.of("mergedFrom", sources));
        summary.put("requests", requests);
        summary.put("accounting", accounting);
        if (capacity != null) {
            summary.put("capacity", capacity);
            Files.writeString(target.resolve("capacity.html"), CapacityHtml.render(target.getFileName().toString(),
                    capacity, Map.of("mergedFrom", sources), null));
        }
        Files.writeString(target.resolve("summary.json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        mergeLogs(data, target.resolve("latencies.hlog"));
        return Json.readMap(Files.readString(target.resolve("summary.json")));
    }

    /** Every interval of every shard, in one log (each keeps its own time stamps and tag). */
    private static void mergeLogs(List<RunData> data, Path out) throws IOException {
        HistogramLogWriter writer = new HistogramLogWriter(out.toFile());
        try {
            writer.outputComment("gws-load: merged from " + data.size() + " runs; latencies in microseconds");
            writer.outputLogFormatVersion();
            writer.outputLegend();
            for (RunData d : data) {
                Path hlog = d.folder().resolve("latencies.hlog");
                if (!Files.isRegularFile(hlog)) {
                    continue;
                }
                try (FileInputStream in = new FileInputStream(hlog.toFile())) {
                    HistogramLogReader reader = new HistogramLogReader(in);
                    for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null;
                            h = reader.nextIntervalHistogram()) {
                        writer.outputIntervalHistogram(h);
                    }
                }
            }
        } finally {
            writer.close();
        }
    }

    private static void add(Map<String, Long> into, Object counts) {
        if (counts instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (v instanceof Number n) { // the audit's examples are each shard's own
                    into.merge(String.valueOf(k), n.longValue(), Long::sum);
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static void addNumbers(Map<String, Object> into, Map<String, Object> from) {
        for (Map.Entry<String, Object> e : from.entrySet()) {
            if (e.getValue() instanceof Number n) {
                into.merge(e.getKey(), n.longValue(), (a, b) -> ((Number) a).longValue() + ((Number) b).longValue());
            } else if (e.getValue() instanceof Map<?, ?> m) {
                Map<String, Long> counts = (Map<String, Long>) into.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>());
                add(counts, m);
            }
        }
    }

    /** {@code Merge <target folder> <run folder> <run folder>...}: exit 0, or 2 with one sentence. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length < 3) {
                throw new IllegalArgumentException("usage: Merge <target folder> <run folder> <run folder>...");
            }
            List<Path> runs = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                runs.add(Path.of(args[i]));
            }
            merge(runs, Path.of(args[0]));
            out.println("gws-load merge: " + runs.size() + " runs merged into " + Path.of(args[0]).toAbsolutePath());
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("gws-load merge: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("gws-load merge: the runs could not be merged: " + e);
            return 2;
        }
    }
}
