package io.gwsload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.gwsload.report.Compare;
import io.gwsload.report.RunData;
import io.gwsload.report.Tolerances;

/**
 * The regression gate against the committed baseline ({@code results/baselines/RegressionSimulation}):
 * ten reruns of the same code pass it; ten runs on a simulator 20 ms slower and ten with 5 % Error
 * notifications fail it, each run judged alone (stricter than the build's gate, which confirms on two runs),
 * with the baseline's tolerances. Each run is a fresh JVM started as the Gatling Maven plugin starts one
 * (same heap, same collector), as the baseline was.
 */
class RegressionGateTest {
    private static final Path BASELINE = Path.of("results", "baselines", "RegressionSimulation");
    private static final int RUNS = 10;

    @Test
    void tenRerunsPassTenSlowerAndTenMoreErroneousFail() throws Exception {
        RunData baseline = RunData.load(BASELINE);
        Path dir = Files.createTempDirectory(Path.of("target"), "gws-gate-");
        List<String> reruns = new ArrayList<>();
        List<String> slower = new ArrayList<>();
        List<String> erroneous = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            reruns.add(gate(baseline, dir.resolve("same-" + i), Map.of()));
            slower.add(gate(baseline, dir.resolve("slower-" + i), Map.of("gws.sim.processingDelay", "fixed:20")));
            erroneous.add(gate(baseline, dir.resolve("errors-" + i), Map.of("gws.sim.errorRate", "0.05")));
        }
        assertEquals(List.of(), reruns.stream().filter(s -> !s.isEmpty()).toList(),
                "reruns of the same code must pass the gate");
        assertEquals(RUNS, slower.stream().filter(s -> s.contains(" p50:")).count(),
                "every run on a slower simulator must fail it on latency: " + slower);
        assertEquals(RUNS, erroneous.stream().filter(s -> s.contains("KO %")).count(),
                "every run with more errors must fail it on the KO rate: " + erroneous);
    }

    /** One run in a new JVM, compared with the baseline: "" when the gate passes, else its regressions. */
    private static String gate(RunData baseline, Path dir, Map<String, String> properties) throws Exception {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2G", "-XX:+UseZGC", // the Gatling plugin's jvmArgs in pom.xml
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "-Dgws.results=" + dir.resolve("gws"),
                "-Dgws.progress=0s"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("io.gatling.app.Gatling", "-s", "gwsload.RegressionSimulation", "-rf",
                dir.resolve("gatling").toString(), "-nr"));
        Process run = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            assertTrue(run.waitFor(120, TimeUnit.SECONDS), "the run ended in time: " + dir);
        } finally {
            run.destroyForcibly();
        }
        assertEquals(0, run.exitValue(), Files.readString(dir.resolve("out.txt")));
        Compare.Result result = Compare.compare(baseline, RunData.newest(dir.resolve("gws"), "RegressionSimulation"),
                Tolerances.load(BASELINE.resolve("tolerances.properties")));
        StringBuilder regressions = new StringBuilder();
        for (Compare.Row r : result.rows()) {
            if (r.verdict() == Compare.Verdict.REGRESSION) {
                regressions.append(r.request()).append(' ').append(r.metric()).append(": ").append(r.baseline())
                        .append(" -> ").append(r.current()).append("; ");
            }
        }
        return regressions.toString();
    }
}
