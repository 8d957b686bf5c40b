package io.gwsload.report.compare;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.gwsload.collector.CollectorSettings;
import io.gwsload.collector.CompletedBy;
import io.gwsload.collector.NotificationCollector;
import io.gwsload.report.run.RunRecorder;

/** Run folders written by the real recorder, for the comparison and trends tests. */
final class RecordedRuns {
    private RecordedRuns() {
    }

    /**
     * One run of {@code simulation} under {@code results}: {@code accepts} OK Accepts of {@code micros},
     * {@code micros + step}, ... µs; returns its folder. Runs started within one second get -2, -3 ... and still
     * sort in the order they were made.
     */
    static Path record(Path results, String simulation, int accepts, long micros, long step) throws Exception {
        NotificationCollector collector = new NotificationCollector(CollectorSettings.defaults());
        RunRecorder recorder = new RunRecorder(collector, results, simulation, Map.of(), null, 0,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        for (int i = 0; i < accepts; i++) {
            collector.latencies().stats("Accept").recordOk(micros + i * step, CompletedBy.EFFECT);
        }
        recorder.close();
        collector.close();
        return results.resolve(Files.readString(results.resolve("latest.txt")).trim());
    }
}
