package io.gwsload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.gwsload.api.Json;
import io.gwsload.gatling.runtime.BenchmarkRecords;
import io.gwsload.report.compare.Compare;
import io.gwsload.report.run.RunData;
import io.gwsload.report.compare.Tolerances;

/**
 * The regression gate against the committed baseline ({@code results/baselines/RegressionSimulation}), with the
 * baseline's tolerances. {@code mvn verify} itself runs the gate on a rerun (and on a second when the first
 * regresses: they must not both regress); here, a run on a simulator 20 ms slower must fail it on latency, through {@code bin/gws-gate} with its exit statuses. With
 * {@code -Pfull}: one with 5 % Error notifications must fail it on the KO rate, and the calibration below.
 *
 * <p>The calibration ({@code -Pfull}, tag {@code full}): ten reruns pass, ten slower and ten more erroneous runs
 * fail, each run in a fresh JVM as the Gatling Maven plugin starts one, as the baseline was; its figures go to
 * {@code results/benchmarks/gate-calibration.json}.
 */
class RegressionGateTest {
    private static final Path BASELINE = Path.of("results", "baselines", "RegressionSimulation");

    @Test
    void aSlowerTargetFailsTheCommittedGateWithItsOwnExitStatuses() throws Exception {
        RunData baseline = RunData.load(BASELINE);
        GatlingRuns.Run slowerRun = GatlingRuns.run(Class.forName("gwsload.RegressionSimulation"),
                Map.of("gws.sim.processingDelay", "fixed:20"));
        String slower = regressions(Compare.compare(baseline, RunData.newest(slowerRun.resultsRoot(),
                "RegressionSimulation"), Tolerances.load(BASELINE.resolve("tolerances.properties"))));
        assertTrue(slower.contains(" p50:"), "a run on a slower simulator fails the gate on latency: " + slower);

        // The documented command, as CI runs it: its own exit status, the verdict last, no stack trace.
        Gate pass = gateCommand("compare", BASELINE.toString(), BASELINE.toString(), "--runs", "1");
        assertEquals(0, pass.status(), pass.output());
        assertTrue(pass.lastLine().startsWith("gws-load gate: PASS"), pass.output());
        Gate regression = gateCommand("compare", BASELINE.toString(), slowerRun.resultsRoot().toString(), "--runs", "1");
        assertEquals(1, regression.status(), regression.output());
        assertTrue(regression.lastLine().startsWith("gws-load gate: FAIL, REGRESSION"), regression.output());
        Gate broken = gateCommand("compare", BASELINE.toString(), "target/no-such-runs", "--runs", "2");
        assertEquals(2, broken.status(), broken.output());
        assertTrue(broken.output().startsWith("gws-load compare: ") && !broken.output().contains("Exception"),
                broken.output());

        // The gate's own loop (bin/gws-gate with no subcommand), its simulation runs given by a stand-in for Maven
        // that hands over a recorded run each time it is called: the runs are judged above, the loop here.
        Path slowerFolder = RunData.newest(slowerRun.resultsRoot(), "RegressionSimulation").folder();
        Looped passing = gateLoop(List.of(BASELINE, slowerFolder));
        assertEquals(0, passing.gate().status(), passing.gate().output());
        assertEquals(1, passing.simulations(), () -> "a first run that passes is the verdict: " + passing.gate().output());
        assertTrue(passing.gate().lastLine().startsWith("gws-load gate: PASS"), passing.gate().output());
        Looped regressing = gateLoop(List.of(slowerFolder, slowerFolder));
        assertEquals(1, regressing.gate().status(), regressing.gate().output());
        assertEquals(2, regressing.simulations(), () -> "a regression is run again to confirm: " + regressing.gate().output());
        assertTrue(regressing.gate().output().contains("not decided yet")
                && regressing.gate().lastLine().startsWith("gws-load gate: FAIL, REGRESSION"), regressing.gate().output());
        Looped failing = gateLoop(List.of());
        assertEquals(2, failing.gate().status(), failing.gate().output());
        assertTrue(failing.gate().lastLine().contains("the regression simulation did not complete"),
                failing.gate().output());
    }

    private record Looped(Gate gate, int simulations) {
    }

    /**
     * {@code bin/gws-gate --runs 2} with a stand-in for {@code mvn} first on the PATH: its n-th call copies the n-th of
     * {@code runs} into the folder the gate gives it ({@code -Dgws.results}), or fails as a broken build would when
     * there is none left.
     */
    private static Looped gateLoop(List<Path> runs) throws Exception {
        Path stub = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "gate-loop-");
        Files.write(stub.resolve("runs"), runs.stream().map(r -> r.toAbsolutePath().toString()).toList());
        // Named after every real run (the gate's folder is named to the second and may be shared), in call order.
        Files.writeString(stub.resolve("prefix"), "29991231-" + String.format("%04d", LOOPS.incrementAndGet()));
        Path mvn = stub.resolve("mvn");
        Files.writeString(mvn, """
                #!/usr/bin/env bash
                here=$(dirname "$0")
                n=$(( $(cat "$here/count" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$here/count"
                run=$(sed -n "${n}p" "$here/runs")
                [ -n "$run" ] || { echo "[ERROR] BUILD FAILURE (stand-in: no run left)"; exit 1; }
                for a in "$@"; do case "$a" in -Dgws.results=*) out=${a#-Dgws.results=} ;; esac; done
                dest="$out/RegressionSimulation-$(cat "$here/prefix")-$n"
                mkdir -p "$dest" && cp "$run/summary.json" "$run/latencies.hlog" "$dest/"
                """);
        assertTrue(mvn.toFile().setExecutable(true));
        ProcessBuilder pb = new ProcessBuilder("bin/gws-gate", "--runs", "2").redirectErrorStream(true)
                .redirectOutput(stub.resolve("out.txt").toFile());
        pb.environment().put("GWS_GATE_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("PATH", stub + java.io.File.pathSeparator + System.getenv("PATH"));
        Process p = pb.start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = Files.readString(stub.resolve("out.txt")).trim();
        assertTrue(ended, () -> "the gate ended within 60 s: " + out);
        Path count = stub.resolve("count");
        int calls = Files.exists(count) ? Integer.parseInt(Files.readString(count).trim()) : 0;
        // The copies it judged: not left among the gate folders CI keeps.
        java.util.regex.Matcher into = java.util.regex.Pattern.compile("into (target/gate/\\S+)").matcher(out);
        if (into.find()) {
            try (java.util.stream.Stream<Path> copies = Files.list(Path.of(into.group(1)))) {
                for (Path copy : copies.filter(c -> c.getFileName().toString().startsWith("RegressionSimulation-29991231-"))
                        .toList()) {
                    try (java.util.stream.Stream<Path> files = Files.list(copy)) {
                        for (Path f : files.toList()) {
                            Files.delete(f);
                        }
                    }
                    Files.delete(copy);
                }
            }
        }
        return new Looped(new Gate(p.exitValue(), out), calls);
    }

    private static final java.util.concurrent.atomic.AtomicInteger LOOPS = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    @Tag("full")
    void anErroneousTargetFailsTheCommittedGateOnTheKoRate() throws Exception {
        String erroneous = inProcess(RunData.load(BASELINE), Map.of("gws.sim.errorRate", "0.05"));
        assertTrue(erroneous.contains("KO %"), "a run with more errors fails the gate on the KO rate: " + erroneous);
    }

    /** {@code bin/gws-gate} with this JVM's classpath (the script asks Maven for it otherwise). */
    private static Gate gateCommand(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bin/gws-gate"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("GWS_GATE_CLASSPATH", System.getProperty("java.class.path"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Gate(p.exitValue(), out);
    }

    private record Gate(int status, String output) {
        String lastLine() {
            return output.substring(output.lastIndexOf('\n') + 1);
        }
    }

    @Test
    @Tag("full")
    void calibrationTenRerunsPassTenSlowerAndTenMoreErroneousFail() throws Exception {
        int runs = Integer.getInteger("gate.runs", 10);
        RunData baseline = RunData.load(BASELINE);
        Path dir = Files.createTempDirectory(Path.of("target"), "gws-gate-");
        List<String> reruns = new ArrayList<>();
        List<String> slower = new ArrayList<>();
        List<String> erroneous = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            reruns.add(gate(baseline, dir.resolve("same-" + i), Map.of()));
            slower.add(gate(baseline, dir.resolve("slower-" + i), Map.of("gws.sim.processingDelay", "fixed:20")));
            erroneous.add(gate(baseline, dir.resolve("errors-" + i), Map.of("gws.sim.errorRate", "0.05")));
        }
        long falseAlarms = reruns.stream().filter(s -> !s.isEmpty()).count();
        long slowerCaught = slower.stream().filter(s -> s.contains(" p50:")).count();
        long errorsCaught = erroneous.stream().filter(s -> s.contains("KO %")).count();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", "gate-calibration");
        record.put("command", "mvn verify -Pfull -Dtest=RegressionGateTest");
        record.put("java", System.getProperty("java.version"));
        record.put("cores", Runtime.getRuntime().availableProcessors());
        record.put("runsEach", runs);
        record.put("rerunsFlagged", falseAlarms);
        record.put("slowerCaught", slowerCaught);
        record.put("erroneousCaught", errorsCaught);
        record.put("rerunVerdicts", reruns);
        Files.createDirectories(BenchmarkRecords.directory());
        Files.writeString(BenchmarkRecords.directory().resolve("gate-calibration.json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(record) + "\n");
        assertEquals(0, falseAlarms, "reruns of the same code must pass the gate: " + reruns);
        assertEquals(runs, slowerCaught, "every run on a slower simulator must fail it on latency: " + slower);
        assertEquals(runs, errorsCaught, "every run with more errors must fail it on the KO rate: " + erroneous);
    }

    /** One run in this JVM (warmer than the baseline's: it can only look faster), compared with the baseline. */
    private static String inProcess(RunData baseline, Map<String, String> properties) throws Exception {
        GatlingRuns.Run run = GatlingRuns.run(Class.forName("gwsload.RegressionSimulation"), properties);
        assertEquals(null, run.crash());
        return regressions(Compare.compare(baseline, RunData.newest(run.resultsRoot(), "RegressionSimulation"),
                Tolerances.load(BASELINE.resolve("tolerances.properties"))));
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
        return regressions(Compare.compare(baseline, RunData.newest(dir.resolve("gws"), "RegressionSimulation"),
                Tolerances.load(BASELINE.resolve("tolerances.properties"))));
    }

    private static String regressions(Compare.Result result) {
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
