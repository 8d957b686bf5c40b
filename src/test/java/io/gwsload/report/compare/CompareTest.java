package io.gwsload.report.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gwsload.api.Json;
import io.gwsload.report.run.RunData;

/**
 * The gate's command line on runs from the real recorder: {@code --confirm-file} says whether another run could
 * change the verdict (what {@code mvn verify} skips its confirming run on), and a baseline is not called another
 * machine's for a summary format that grew.
 */
class CompareTest {
    private static final String SIMULATION = "GatedSimulation";

    @Test
    void aPassingFirstRunSettlesTheGateAndARegressingOneWaitsForItsConfirmation() throws Exception {
        Path results = Files.createTempDirectory(Path.of("target"), "gws-compare-");
        Path baselines = Files.createDirectories(results.resolve("baselines"));
        Path baseline = record(baselines, 1_000);
        Path passing = Files.createDirectories(results.resolve("passing"));
        record(passing, 1_000);
        Path confirmFile = results.resolve("confirm.properties");

        Outcome pass = compare(baseline, passing, "--runs", "1", "--confirm-file", confirmFile.toString());
        assertEquals(0, pass.status(), pass.out());
        assertTrue(pass.out().endsWith("gws-load gate: PASS, no regression against the baseline\n"), pass.out());
        assertEquals(List.of("gate.confirm.skip=true"), properties(confirmFile));

        Path regressing = Files.createDirectories(results.resolve("regressing"));
        record(regressing, 50_000);
        Outcome undecided = compare(baseline, regressing, "--runs", "1", "--confirm-file", confirmFile.toString());
        assertEquals(0, undecided.status(), "the confirming run decides: " + undecided.out());
        assertTrue(undecided.out().contains("REGRESSION") && undecided.out().contains("gws-load gate: not decided yet, ")
                && !undecided.out().contains("FAIL"), undecided.out());
        assertEquals(List.of("gate.confirm.skip=false"), properties(confirmFile));

        Path secondPassing = record(regressing, 1_000);
        Outcome noise = compare(baseline, regressing, "--runs", "2");
        assertEquals(0, noise.status(), "not confirmed by the second run: " + noise.out());
        Files.move(secondPassing, results.resolve("set-aside"));
        record(regressing, 50_000);
        Outcome confirmed = compare(baseline, regressing, "--runs", "2");
        assertEquals(1, confirmed.status(), confirmed.out());
        assertTrue(confirmed.out().contains("gws-load gate: FAIL, REGRESSION"), confirmed.out());
    }

    @Test
    void theGateWithoutItsRegressionRunSaysHowToSkipIt() throws Exception {
        // `mvn verify -Dgatling.skip=true`: the regression simulation is skipped, the gate still runs.
        Path results = Files.createTempDirectory(Path.of("target"), "gws-compare-");
        Path baseline = record(Files.createDirectories(results.resolve("baselines")), 1_000);
        Outcome missing = compare(baseline, results.resolve("gate-never-written"), "--runs", "1", "--confirm-file",
                results.resolve("confirm.properties").toString());
        assertEquals(2, missing.status(), missing.out());
        assertTrue(missing.out().startsWith("gws-load compare: the regression gate has no run to judge: ")
                && missing.out().contains("-Dgate.skip=true skips the whole gate"), missing.out());
    }

    @Test
    void aBaselineFromBeforeTheVmNameWasWrittenIsTheSameJava() throws Exception {
        Path results = Files.createTempDirectory(Path.of("target"), "gws-compare-");
        RunData withName = withJava(record(results, 1_000), "17.0.15 (OpenJDK 64-Bit Server VM)");
        RunData withoutName = withJava(record(results, 1_000), "17.0.15");
        RunData older = withJava(record(results, 1_000), "17.0.9");
        assertEquals(List.of(), Compare.machineNotes(withoutName, withName));
        assertEquals(1, Compare.machineNotes(older, withName).size(), "another Java is still named");
    }

    private record Outcome(int status, String out) {
    }

    private static Outcome compare(Path baseline, Path current, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of(baseline.toString(), current.toString()));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Compare.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8));
    }

    private static List<String> properties(Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
    }

    private static RunData withJava(Path run, String java) throws Exception {
        Map<String, Object> summary = Json.readMap(Files.readAllBytes(run.resolve("summary.json")));
        Map<String, Object> configuration = new HashMap<>(Json.toMap(summary.get("configuration")));
        configuration.put("java", java);
        summary.put("configuration", configuration);
        Files.writeString(run.resolve("summary.json"), Json.write(summary));
        return RunData.load(run);
    }

    /** One run folder from the real recorder: 200 Accepts of about {@code micros} each. */
    private static Path record(Path results, long micros) throws Exception {
        return RecordedRuns.record(results, SIMULATION, 200, micros, 10);
    }
}
