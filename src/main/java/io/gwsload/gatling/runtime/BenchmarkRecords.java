package io.gwsload.gatling.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.gwsload.api.Json;
import io.gwsload.report.run.RunData;

/**
 * The records benchmarks keep in {@code results/benchmarks/} (or {@code -Dgws.benchmarks}): one JSON file
 * per run configuration ({@code <benchmark>-<variant>.json}), and one Markdown table per benchmark made
 * from all of them, so that the README's figures can always be traced to a file and its command.
 */
public final class BenchmarkRecords {
    private BenchmarkRecords() {
    }

    public static Path directory() {
        return HarnessSettings.fromSystem(HarnessSettings.BENCHMARKS);
    }

    /**
     * Writes {@code <benchmark>-<variant>.json}: what every record says (the benchmark, the run folder, the
     * Java version, the cores, and the generator's own CPU and heap from the run's summary), then
     * {@code figures}. Returns every record of the benchmark, by file name.
     */
    public static List<Map<String, Object>> write(String benchmark, String variant, RunData run,
            Map<String, Object> figures) throws IOException {
        Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("benchmark", benchmark);
        record.put("run", run.folder().getFileName().toString());
        record.put("java", System.getProperty("java.version"));
        record.put("cores", Runtime.getRuntime().availableProcessors());
        record.put("generator", run.summary().get("generator"));
        record.putAll(figures);
        Path dir = directory();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(benchmark + "-" + variant + ".json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(record) + "\n");
        List<Map<String, Object>> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(benchmark + "-")
                    && f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                all.add(Json.readMap(Files.readString(f)));
            }
        }
        return all;
    }

    /** Writes {@code <benchmark>.md}. */
    public static Path writeMarkdown(String benchmark, String markdown) throws IOException {
        Path file = directory().resolve(benchmark + ".md");
        Files.writeString(file, markdown);
        return file;
    }
}
