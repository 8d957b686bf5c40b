package gwsload;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gwsload.gatling.CapacityPlan;
import io.gwsload.gatling.Params;
import io.gwsload.gatling.runtime.BenchmarkRecords;
import io.gwsload.report.run.RunData;

/**
 * A benchmark, not a test: how much does gws-load add to what it measures? Logged-in agents toggle
 * NotReady / Ready at a throttled {@code -DopsPerSec} on the embedded simulator; at the end the
 * Notified percentiles (POST → the notification that shows the effect) are set against the simulator's
 * own ground truth for the same operations (request received → first notification published). The
 * difference per percentile is the harness's overhead: client HTTP, the wire both ways, CometD delivery,
 * correlation. The load first runs {@code -DloadWarmup} unmeasured at the same rate (both JVMs' JIT compilers and
 * the generator's first collections are done by then: measured from a cold start, the generator's one core spends a
 * third of its time compiling and the overhead is mostly that); gws-load's side is then the load's plateau (after
 * a 1 s settle), and the simulator in its own process starts its ground truth afresh at the same moment (embedded,
 * it covers the whole run's toggles, the same rate throughout). Writes {@code results/benchmarks/accuracy-<rate>ops.json} and {@code accuracy.md} (every
 * rate run so far), and prints the table.
 *
 * <p>By default the simulator runs in a process of its own bound to the machine's last core, and the generator
 * (this JVM) to the others ({@code taskset}), so that what is measured is the harness's own overhead, not the two
 * competing for the same cores; {@code -DsimulatorCpus=embedded} keeps the simulator in this JVM as before.
 *
 * <p>{@code mvn gatling:test -Dgatling.simulationClass=gwsload.AccuracyBenchmarkSimulation -DopsPerSec=1000}.
 * Parameters: {@code -DopsPerSec=100}, {@code -Dagents=200}, {@code -Dduration=30s}, {@code -Dwarmup=8s} (logins),
 * {@code -DloadWarmup=30s} (the load, unmeasured; 0 with the simulator embedded, whose ground truth covers the whole run),
 * {@code -DsimulatorCpus} (the last core; {@code embedded}: in this JVM), {@code -DgeneratorCpus} (the others; not bound when {@code -DsimulatorCpus} is given without it).
 */
public class AccuracyBenchmarkSimulation extends Simulation {
    private final int opsPerSec = Params.integer("opsPerSec", 100, 1, 100_000);
    private final int agents = Params.integer("agents", 200, 1, 100_000);
    private final Duration duration = Params.duration("duration", "30s");
    private final Duration warmup = Params.duration("warmup", "8s");
    /** Standalone simulator only: an embedded one's ground truth covers the whole run, so the load is measured whole. */
    private final Duration loadWarmup;

    /** Where the simulator runs: "embedded" (this JVM), or the CPUs of its own process ({@code taskset -c} list). */
    private final String simulatorCpus = BenchmarkSimulator.simulatorCpus();
    private final boolean embedded = simulatorCpus.equals("embedded");
    private final String generatorCpus = BenchmarkSimulator.generatorCpus(simulatorCpus);
    private final BenchmarkSimulator simulator = embedded ? null : BenchmarkSimulator.start(agents, "accuracy",
            simulatorCpus);

    {
        loadWarmup = embedded ? Duration.ZERO : Params.duration("loadWarmup", "30s");
        if (embedded && System.getProperty("loadWarmup") != null) {
            System.out.println("gws-load benchmark: -DloadWarmup does not apply with the simulator embedded (its ground "
                    + "truth covers the whole run, so the load is measured whole)");
        }
    }

    {
        if (!generatorCpus.isBlank()) {
            BenchmarkProbes.bindThisProcess(generatorCpus);
        }
    }

    /** One level: its plateau (after a 1 s settle, before the tail) is the window measured. */
    private final CapacityPlan plan = CapacityPlan.steps(opsPerSec, 1, 1, duration).afterWarmup(warmup)
            .warmingUpUnderLoad(loadWarmup).judgedOn("*", Duration.ofSeconds(1), 1);

    private final ScenarioBuilder agentScenario = scenario("Agents")
            .exec(gws("Login").login())
            .exitHereIfFailed()
            .exec(plan.waitForLoad())
            .during(loadWarmup.plus(duration), false).on(exec(gws("NotReady").notReady(CHAT), gws("Ready").ready(CHAT)))
            .exec(gws("Logout").logout());

    private volatile long jitAtPlateau = -1;
    private volatile long plateauNanos;
    /** The JIT compiler threads' CPU over the measured load, in cores; -1 when not measured. */
    private volatile double jitCoresMeasured = -1;

    /** The simulator's ground truth starts when the measured load does (a process of its own only). */
    private final ScenarioBuilder resetTruth = scenario("Ground truth from the plateau")
            .pause(warmup.plus(loadWarmup))
            .exec(session -> {
                // Read first: a refused reset fails this step, and the measure below must still start here.
                jitAtPlateau = BenchmarkProbes.jitCompilerCpuNanos();
                plateauNanos = System.nanoTime();
                simulator.resetStats(); // a refusal fails this step (logged); the record then says the whole run
                truthReset = true;
                return session;
            })
            // The JIT compilers share the generator's core: how much of it they still took over the measured load.
            .pause(duration)
            .exec(session -> {
                long jit = BenchmarkProbes.jitCompilerCpuNanos();
                long elapsed = System.nanoTime() - plateauNanos;
                if (jit >= 0 && jitAtPlateau >= 0 && elapsed > 0) {
                    jitCoresMeasured = (double) (jit - jitAtPlateau) / elapsed;
                }
                return session;
            });

    /** Whether the standalone simulator's ground truth was restarted at the plateau. */
    private volatile boolean truthReset;

    /** The simulator's stats, read once before it stops (Gatling's after() runs before the run's afterRun). */
    private Map<String, Object> finalStats;

    {
        io.gatling.javaapi.core.PopulationBuilder load = agentScenario.injectOpen(rampUsers(agents)
                .during(Duration.ofSeconds(3))).throttle(plan.throttle());
        (embedded ? setUp(load) : setUp(load, resetTruth.injectOpen(atOnceUsers(1))))
                .protocols((embedded ? gws().simulatorUsers(agents, 0) : gws().baseUrl(simulator.url)
                        .credentials(simulator.credentials.toString())).channels(CHAT).capacity(plan)
                        .afterRun(this::record))
                .assertions(global().failedRequests().percent().lt(1.0));
    }

    @Override
    public void after() {
        statsThenStop();
    }

    /** The standalone simulator's final stats, read the first time this is called; the process stopped after. */
    private synchronized Map<String, Object> statsThenStop() {
        if (simulator != null && finalStats == null) {
            try {
                finalStats = simulator.stats();
            } finally {
                simulator.stop();
            }
        }
        return finalStats;
    }

    @SuppressWarnings("unchecked")
    private void record(Path run) {
        Map<String, Object> ownProcess = statsThenStop();
        try {
            RunData data = RunData.load(run);
            Map<String, Object> summary = data.summary();
            Map<String, Object> truth = (Map<String, Object>) (ownProcess != null ? ownProcess
                    : (Map<String, Object>) summary.get("simulatorGroundTruth")).get("operations");
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("opsPerSec", opsPerSec);
            record.put("agents", agents);
            record.put("durationSeconds", duration.toSeconds());
            record.put("loadWarmupSeconds", loadWarmup.toSeconds());
            record.put("simulatorWindow", truthReset ? "from the end of the load warm-up" : "the whole run");
            if (jitCoresMeasured >= 0) {
                record.put("generatorJitCompilerCores", Math.round(jitCoresMeasured * 1000) / 1000.0);
            }
            record.put("simulator", embedded ? "embedded (the generator's JVM and cores)" : "own process on CPU "
                    + simulatorCpus + ", generator on CPU " + (generatorCpus.isBlank() ? "any" : generatorCpus));
            if (ownProcess != null && ownProcess.get("jvm") instanceof Map<?, ?> jvm) {
                record.put("simulatorCpuSeconds", jvm.get("processCpuSeconds"));
            }
            Map<String, Object> level = ((List<Map<String, Object>>) ((Map<String, Object>) summary.get("capacity"))
                    .get("levels")).get(0);
            record.put("measuredSeconds", level.get("measuredSeconds"));
            for (String op : List.of("Ready", "NotReady")) {
                Map<String, Object> harness = ((List<Map<String, Object>>) level.get("requests")).stream()
                        .filter(r -> r.get("name").equals(op)).findFirst().orElseThrow();
                Map<String, Object> sim = (Map<String, Object>) truth.get(op);
                Map<String, Object> figures = new LinkedHashMap<>();
                for (String p : List.of("p50Us", "p99Us", "maxUs")) {
                    long h = ((Number) harness.get(p)).longValue();
                    long t = ((Number) sim.get(p)).longValue();
                    figures.put(p, Map.of("notified", h, "simulator", t, "overhead", h - t));
                }
                figures.put("ok", harness.get("ok"));
                figures.put("ko", harness.get("ko"));
                record.put(op, figures);
            }
            record.put("achievedOpsPerSec", level.get("achievedRate"));
            List<Map<String, Object>> all = BenchmarkRecords.write("accuracy", opsPerSec + "ops" + (embedded ? ""
                    : "-own-cores") + (loadWarmup.isZero() ? "" : "-warmed"), data, record);
            all.sort(Comparator.comparingInt((Map<String, Object> r) -> ((Number) r.get("opsPerSec")).intValue())
                    .thenComparing(r -> String.valueOf(r.get("simulator"))));
            StringBuilder md = new StringBuilder("# Accuracy: gws-load's Notified time against the simulator's own\n\n"
                    + "`mvn gatling:test -Dgatling.simulationClass=gwsload.AccuracyBenchmarkSimulation -DopsPerSec=N`: "
                    + "agents toggle NotReady / Ready at N operations/s (Gatling's throttle), first unmeasured for the "
                    + "load warm-up (`-DloadWarmup`, 30 s by default since 2026-12-06; the older rows were measured from "
                    + "a cold start: the generator's JIT compiler then took a third of its core), then measured for "
                    + "`-Dduration`. The simulator runs in a "
                    + "process of its own bound to the last core, the generator to the others (`taskset`; "
                    + "`-DsimulatorCpus=embedded`: in the Gatling JVM, sharing its cores, as the older rows). Overhead "
                    + "= gws-load's Notified percentile (POST to the notification that shows the effect) minus the "
                    + "simulator's (request received to notification published), Ready operations, per percentile.\n\n"
                    + "| ops/s offered | achieved | agents | simulator | load warm-up | Notified p50 / p99 / max "
                    + "| simulator p50 / p99 / max | overhead p50 / p99 / max | generator CPU (cores) | run |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|\n");
            for (Map<String, Object> r : all) {
                Map<String, Map<String, Object>> ready = (Map<String, Map<String, Object>>) r.get("Ready");
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s s | %s | %s | %s | %s | %s |%n",
                        r.get("opsPerSec"), r.get("achievedOpsPerSec"), r.get("agents"),
                        r.getOrDefault("simulator", "embedded"), r.getOrDefault("loadWarmupSeconds", 0),
                        triple(ready, "notified"),
                        triple(ready, "simulator"), triple(ready, "overhead"),
                        (r.get("generator") instanceof Map<?, ?> g ? g.get("averageCores") : "?")
                                + (r.containsKey("generatorJitCompilerCores") ? " (JIT compilers over the measured "
                                        + "load: " + r.get("generatorJitCompilerCores") + ")" : ""), r.get("run")));
            }
            Path file = BenchmarkRecords.writeMarkdown("accuracy", md.toString());
            System.out.println(md);
            System.out.println("gws-load benchmark: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String triple(Map<String, Map<String, Object>> op, String which) {
        return String.format(Locale.ROOT, "%s / %s / %s ms", ms(op.get("p50Us").get(which)), ms(op.get("p99Us").get(which)),
                ms(op.get("maxUs").get(which)));
    }

    private static String ms(Object micros) {
        return String.format(Locale.ROOT, "%.2f", ((Number) micros).longValue() / 1000.0);
    }
}
