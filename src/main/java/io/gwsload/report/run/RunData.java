package io.gwsload.report.run;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import io.gwsload.api.Json;

/**
 * One finished run read back from its folder: {@code summary.json} and the whole OK-latency histogram of
 * every request name, summed from {@code latencies.hlog}. Refuses, in one sentence, what is not a run folder
 * of this format.
 *
 * @param folder     the run folder
 * @param summary    summary.json as read
 * @param histograms OK latencies in µs per request name
 */
public record RunData(Path folder, Map<String, Object> summary, Map<String, Histogram> histograms) {

    /** Reads a run folder, or {@code results/latest}, or the folder of a summary.json given directly. */
    public static RunData load(Path path) {
        Path folder = Files.isRegularFile(path) ? path.toAbsolutePath().getParent() : path;
        try {
            folder = folder.toRealPath(); // results/latest names the run it points to
        } catch (IOException e) {
            throw new IllegalArgumentException(path + " does not exist.");
        }
        Path summaryFile = folder.resolve("summary.json");
        if (!Files.isRegularFile(summaryFile)) {
            throw new IllegalArgumentException(path + " is not a gws-load run folder (it has no summary.json).");
        }
        Map<String, Object> summary;
        try {
            summary = Json.readMap(Files.readString(summaryFile));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(summaryFile + " cannot be read: " + e.getMessage());
        }
        Object version = summary.get("schemaVersion");
        if (!(version instanceof Number n) || n.intValue() != RunSummary.SCHEMA_VERSION) {
            throw new IllegalArgumentException(summaryFile + " is of summary format " + (version == null ? "0 (before "
                    + "versions)" : version) + "; this gws-load reads format " + RunSummary.SCHEMA_VERSION
                    + ": run it again (or refresh the baseline) with this version.");
        }
        return new RunData(folder, summary, readHistograms(folder.resolve("latencies.hlog")));
    }

    /**
     * The newest run of {@code simulation} under a results folder ({@code results/}), for a CI step that
     * knows the simulation but not the timestamp.
     */
    public static RunData newest(Path resultsRoot, String simulation) {
        return newest(resultsRoot, simulation, 1).get(0);
    }

    /** The newest {@code count} runs of {@code simulation} under a results folder, oldest first. */
    public static List<RunData> newest(Path resultsRoot, String simulation, int count) {
        List<Path> runs;
        try (java.util.stream.Stream<Path> all = Files.list(resultsRoot)) {
            runs = all.filter(p -> p.getFileName().toString().startsWith(simulation + "-"))
                    .filter(p -> Files.isRegularFile(p.resolve("summary.json")))
                    .sorted(java.util.Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(resultsRoot + " cannot be read: " + e.getMessage());
        }
        if (runs.size() < Math.max(1, count)) {
            throw new IllegalArgumentException((runs.isEmpty() ? "No run" : "Only " + runs.size() + " run(s)") + " of "
                    + simulation + " under " + resultsRoot + (count > 1 ? "; " + count + " are needed." : "."));
        }
        return runs.subList(runs.size() - Math.max(1, count), runs.size()).stream().map(RunData::load).toList();
    }

    /** Every interval of the log, added up per request name (tags are percent-encoded names). */
    static Map<String, Histogram> readHistograms(Path hlog) {
        Map<String, Histogram> byName = new LinkedHashMap<>();
        if (!Files.isRegularFile(hlog)) {
            return byName;
        }
        try (FileInputStream in = new FileInputStream(hlog.toFile())) {
            HistogramLogReader reader = new HistogramLogReader(in);
            for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                String name = h.getTag() == null ? "" : HlogTags.decode(h.getTag());
                byName.computeIfAbsent(name, k -> new Histogram(3)).add((Histogram) h);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(hlog + " cannot be read: " + e.getMessage());
        }
        return byName;
    }

    public String simulation() {
        Object s = summary.get("simulation");
        return s == null ? "" : s.toString();
    }

    public double durationSeconds() {
        return ((Number) summary.get("durationSeconds")).doubleValue();
    }

    /** The summary's request entries by name. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> requests() {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (Object o : (List<Object>) summary.get("requests")) {
            Map<String, Object> r = (Map<String, Object>) o;
            byName.put((String) r.get("name"), r);
        }
        return byName;
    }
}
