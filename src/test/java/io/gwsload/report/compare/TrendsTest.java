package io.gwsload.report.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The trends page over the runs of one simulation, the baseline marked; refused with one sentence when empty. */
class TrendsTest {

    @Test
    void aPageWithEveryRunAndTheBaselineMarked() throws Exception {
        Path results = Files.createTempDirectory(Path.of("target"), "gws-trends-");
        for (int run = 1; run <= 3; run++) {
            record(results, "TrendedSimulation", 1_000L * run);
        }
        Path baselines = results.resolve("baselines");
        Files.createDirectories(baselines);
        Path baselineRun = record(baselines, "TrendedSimulation", 1_500);
        Files.move(baselineRun, baselines.resolve("TrendedSimulation"));
        Files.deleteIfExists(baselines.resolve("latest"));

        Path page = Trends.write(results, "TrendedSimulation", results.resolve("trends.html"));
        String html = Files.readString(page);
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<h2>Accept</h2>"), html);
        assertEquals(3, html.split("<td class=\"l\">TrendedSimulation-").length - 1, "one table row per run");
        assertEquals(3, html.split(">baseline ").length - 1, "baseline p50, p99 and OK/s marked (drawn, or named above the chart)");
        assertTrue(!html.contains("<script"), "self-contained, no scripts");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, Trends.run(new String[] {results.toString(), "NoSuchSimulation"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("gws-load trends: No run of NoSuchSimulation"));
    }

    /** One run folder from the real recorder with 100 Accepts from {@code micros} µs. */
    private static Path record(Path results, String simulation, long micros) throws Exception {
        return RecordedRuns.record(results, simulation, 100, micros, 1);
    }
}
