package gwsload;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gwsload.gatling.GwsProtocolBuilder;
import io.gwsload.gatling.runtime.BenchmarkRecords;
import io.gwsload.report.run.RunData;
import io.gwsload.gatling.Params;
import io.gwsload.simulator.GwsSimulator;
import io.gwsload.simulator.SimulatorConfig;

/**
 * A benchmark, not a test: is gws-load's POST path as fast as Gatling's own HTTP client? Two equal
 * populations on one simulator in one run post the same operations (Ready / NotReady, alternating) at
 * the same pace: one through gws-load (recorded as {@code Ready HTTP} / {@code NotReady HTTP}, plus the
 * notification time), one through Gatling's HTTP client (recorded as {@code Ready (Gatling HTTP)} /
 * {@code NotReady (Gatling HTTP)}). At the end it prints both clients' mean, p50 and p99 and their ratio,
 * and writes {@code results/benchmarks/post-path-<rate>ops.json} and {@code post-path.md}. By default the two
 * clients run one after the other in the same JVM ({@code -Dsequential=false}: both at once), so that each one's CPU
 * per operation can be told: the generator's CPU over each client's plateau, divided by the operations it made
 * there, after both clients have run at once, unmeasured, for {@code -Dwarmup} (from a cold JVM the JIT compiler
 * took a third of the generator's CPU in the first client's window and favoured the second). The simulator runs
 * in a process of its own bound to the last core and the generator to the others
 * ({@code taskset}); with {@code -DsimulatorCpus=embedded} it runs in this JVM and its threads' CPU is taken off.
 *
 * <p>Parameters: {@code -Dagents=50} per population, {@code -DopsPerSec=100} per population,
 * {@code -Dduration=30s}, {@code -Dwarmup=30s} ({@code 0s}: none), {@code -Dsequential=true}, {@code -DsimulatorCpus} (the last core; {@code embedded}),
 * {@code -DgeneratorCpus} (the others; not bound when {@code -DsimulatorCpus} is given without it).
 */
public class PostPathBenchmarkSimulation extends Simulation {
    private final int agents = Params.integer("agents", 50, 1, 5_000);
    private final double opsPerSec = Params.decimal("opsPerSec", 100, 1, 10_000);
    private final Duration duration = Params.duration("duration", "30s");
    private final Duration warmup = Params.duration("warmup", "30s");
    private final boolean sequential = Params.bool("sequential", true);
    /**
     * Each client's CPU window: from a third of the duration after its first operation (past most of the JIT's work:
     * gws-load goes first, into a cold JVM) until its first user is done.
     */
    private final BenchmarkProbes.CpuPhase gwsLoadCpu = new BenchmarkProbes.CpuPhase(duration.dividedBy(3));
    private final BenchmarkProbes.CpuPhase gatlingCpu = new BenchmarkProbes.CpuPhase(duration.dividedBy(3));

    private final String simulatorCpus = BenchmarkSimulator.simulatorCpus();
    private final boolean embedded = simulatorCpus.equals("embedded");
    private final String generatorCpus = BenchmarkSimulator.generatorCpus(simulatorCpus);

    /**
     * Users: the gws-load population's (its warm-up logs them out again), the Gatling population's, and the Gatling
     * warm-up's; in this JVM, or in a process of its own.
     */
    private final GwsSimulator simulator = embedded ? GwsSimulator.start(SimulatorConfig.fromSystemProperties()
            .withAgents(3 * agents).withSupervisors(0)) : null;
    private final BenchmarkSimulator process = embedded ? null : BenchmarkSimulator.start(3 * agents, "post-path",
            simulatorCpus);
    private final String baseUrl = embedded ? simulator.baseUrl() : process.url;

    {
        if (!generatorCpus.isBlank()) {
            BenchmarkProbes.bindThisProcess(generatorCpus);
        }
    }

    /**
     * Each of the two paced steps of an agent's loop comes round once per this interval, so that the
     * population as a whole makes opsPerSec (two operations per agent per interval).
     */
    private final Duration pace = Duration.ofNanos((long) (2e9 * agents / opsPerSec));

    private final GwsProtocolBuilder gwsProtocol = gws().baseUrl(baseUrl)
            .credentials(credentials("post-path-gws.csv", 0, agents).toString()).channels(CHAT)
            .afterRun(this::record);

    private final HttpProtocolBuilder httpProtocol = http.baseUrl(baseUrl)
            .acceptHeader("application/json").contentTypeHeader("application/json").shareConnections();

    /** gws-load's agents: log in, post at pace for {@code length}, log out; {@code cpu} null for a warm-up. */
    private ScenarioBuilder viaGwsLoad(String name, String prefix, Duration length, BenchmarkProbes.CpuPhase cpu) {
        return scenario(name)
                .exec(gws(prefix + "Login").login())
                .exitHereIfFailed()
                .during(length).on(pace(pace).exec(gws(prefix + "Ready").ready(CHAT)).exec(count(cpu)),
                        pace(pace).exec(gws(prefix + "NotReady").notReady(CHAT)).exec(count(cpu)))
                .exec(end(cpu))
                // Logged out, so that the agents' idle long-polls do not run on into the other client's phase.
                .exec(gws(prefix + "Logout").logout());
    }

    /** Gatling HTTP's agents, of users {@code skip} on; {@code cpu} null for a warm-up (then not recorded either). */
    private ScenarioBuilder viaGatlingHttp(String name, String prefix, Duration length, int skip,
            BenchmarkProbes.CpuPhase cpu) {
        String suffix = " (Gatling HTTP)";
        java.util.function.Function<io.gatling.javaapi.core.Session, io.gatling.javaapi.core.Session> after =
                cpu == null ? session -> session.remove("rt") : this::recordGatlingSide;
        return scenario(name)
                .feed(csv(credentials("post-path-gatling-" + skip + ".csv", skip, agents).toString()).queue())
                .exec(http(prefix + "GET /me" + suffix).get("/api/v2/me").basicAuth("#{username}", "#{password}")
                        .check(header("X-CSRF-TOKEN").saveAs("csrf")))
                .exec(post(prefix + "StartContactCenterSession" + suffix, "/api/v2/me",
                        "{\"operationName\":\"StartContactCenterSession\",\"channels\":[\"chat\"]}"))
                .exitHereIfFailed()
                .during(length).on(
                        pace(pace).exec(post(prefix + "Ready" + suffix, "/api/v2/me/channels/chat",
                                "{\"operationName\":\"Ready\"}").check(responseTimeInMillis().saveAs("rt")))
                                .exec(after),
                        pace(pace).exec(post(prefix + "NotReady" + suffix, "/api/v2/me/channels/chat",
                                "{\"operationName\":\"NotReady\"}").check(responseTimeInMillis().saveAs("rt")))
                                .exec(after))
                .exec(end(cpu));
    }

    {
        // After a warm-up the measured gws-load phase waits two paces: the Gatling warm-up's last loops end first.
        // (One after the other, Gatling's measured phase follows gws-load's anyway.)
        Duration afterWarmup = warmup.isZero() ? Duration.ZERO : pace.multipliedBy(2);
        io.gatling.javaapi.core.PopulationBuilder gwsLoadUsers = viaGwsLoad("gws-load", "", duration, gwsLoadCpu)
                .injectOpen(rampAfter(afterWarmup)).protocols(gwsProtocol);
        io.gatling.javaapi.core.PopulationBuilder gatlingUsers = viaGatlingHttp("Gatling HTTP", "", duration,
                agents, gatlingCpu).injectOpen(rampAfter(sequential ? Duration.ZERO : afterWarmup))
                .protocols(httpProtocol);
        Simulation.SetUp setUp;
        if (warmup.isZero()) {
            setUp = sequential ? setUp(gwsLoadUsers.andThen(gatlingUsers)) : setUp(gwsLoadUsers, gatlingUsers);
        } else {
            // Both clients warm up at once (their own request names, not recorded), then the measured phases.
            io.gatling.javaapi.core.PopulationBuilder warmGwsLoad = viaGwsLoad("gws-load warm-up", "Warm-up ", warmup,
                    null).injectOpen(rampAfter(Duration.ZERO)).protocols(gwsProtocol);
            io.gatling.javaapi.core.PopulationBuilder warmGatling = viaGatlingHttp("Gatling HTTP warm-up", "Warm-up ",
                    warmup, 2 * agents, null).injectOpen(rampAfter(Duration.ZERO)).protocols(httpProtocol);
            setUp = sequential ? setUp(warmGwsLoad.andThen(gwsLoadUsers.andThen(gatlingUsers)), warmGatling)
                    : setUp(warmGwsLoad.andThen(gwsLoadUsers, gatlingUsers), warmGatling);
        }
        setUp
                // Always true: they make Gatling print both clients' figures side by side, measured alike.
                .assertions(global().failedRequests().count().is(0L),
                        details("Ready HTTP").responseTime().mean().gte(0),
                        details("Ready (Gatling HTTP)").responseTime().mean().gte(0),
                        details("Ready HTTP").responseTime().percentile(50.0).gte(0),
                        details("Ready (Gatling HTTP)").responseTime().percentile(50.0).gte(0),
                        details("Ready HTTP").responseTime().percentile(99.0).gte(0),
                        details("Ready (Gatling HTTP)").responseTime().percentile(99.0).gte(0),
                        details("Ready HTTP").requestsPerSec().gte(0.0),
                        details("Ready (Gatling HTTP)").requestsPerSec().gte(0.0));
    }

    /** A population's agents ramp in over 2 s, after {@code wait}. */
    private io.gatling.javaapi.core.OpenInjectionStep[] rampAfter(Duration wait) {
        io.gatling.javaapi.core.OpenInjectionStep ramp = rampUsers(agents).during(Duration.ofSeconds(2));
        return wait.isZero() ? new io.gatling.javaapi.core.OpenInjectionStep[] {ramp}
                : new io.gatling.javaapi.core.OpenInjectionStep[] {nothingFor(wait), ramp};
    }

    /** Gatling's own response times of its Ready / NotReady POSTs (ms, as Gatling measures them), in µs. */
    private final ConcurrentHistogram gatlingSide = new ConcurrentHistogram(3);

    private io.gatling.javaapi.core.Session recordGatlingSide(io.gatling.javaapi.core.Session session) {
        if (session.contains("rt")) {
            gatlingSide.recordValue(session.getLong("rt") * 1000);
            gatlingCpu.operation();
        }
        return session.remove("rt");
    }

    private static java.util.function.Function<io.gatling.javaapi.core.Session, io.gatling.javaapi.core.Session> count(
            BenchmarkProbes.CpuPhase phase) {
        return session -> {
            if (phase != null) {
                phase.operation();
            }
            return session;
        };
    }

    private static java.util.function.Function<io.gatling.javaapi.core.Session, io.gatling.javaapi.core.Session> end(
            BenchmarkProbes.CpuPhase phase) {
        return session -> {
            if (phase != null) {
                phase.end();
            }
            return session;
        };
    }

    @Override
    public void after() {
        if (simulator != null) {
            simulator.close();
        }
        if (process != null) {
            process.stop();
        }
    }

    /**
     * The two clients side by side from one run: gws-load's POST → HTTP answer ({@code Ready HTTP} and
     * {@code NotReady HTTP} from its interval log, µs) against Gatling's own response times of the same POSTs
     * (whole milliseconds: the difference of two millisecond clock readings, so its mean is unbiased but a
     * p50 under 1 ms reads 0 or 1). Compare means, and percentiles well above 1 ms. Prints the table and the
     * ratios, and
     * writes {@code results/benchmarks/post-path-<rate>ops.json} and {@code post-path.md}.
     */
    @SuppressWarnings("unchecked")
    private void record(Path run) {
        Histogram gwsLoad = new Histogram(3);
        RunData data = RunData.load(run);
        for (String name : List.of("Ready HTTP", "NotReady HTTP")) {
            Histogram h = data.histograms().get(name);
            if (h != null) {
                gwsLoad.add(h);
            }
        }
        Histogram gatling = gatlingSide.copy();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("opsPerSecPerClient", opsPerSec);
        record.put("agentsPerClient", agents);
        record.put("durationSeconds", duration.toSeconds());
        record.put("warmupSeconds", warmup.toSeconds());
        record.put("gwsLoad", figures(gwsLoad));
        record.put("gatlingHttp", figures(gatling));
        Map<String, Object> ratio = new LinkedHashMap<>();
        ratio.put("mean", ratio(gwsLoad.getMean(), gatling.getMean()));
        ratio.put("p50", ratio(gwsLoad.getValueAtPercentile(50), gatling.getValueAtPercentile(50)));
        ratio.put("p99", ratio(gwsLoad.getValueAtPercentile(99), gatling.getValueAtPercentile(99)));
        record.put("ratioGwsLoadToGatling", ratio);
        io.gwsload.client.Transport transport = io.gwsload.gatling.runtime.HarnessSettings.fromSystem(
                io.gwsload.gatling.runtime.HarnessSettings.TRANSPORT);
        record.put("mode", (sequential ? "one after the other" : "both at once") + ", " + transport.label()
                + (embedded ? ", simulator embedded" : ", simulator on CPU " + simulatorCpus + ", generator on CPU "
                        + (generatorCpus.isBlank() ? "any" : generatorCpus))
                + (warmup.isZero() ? "" : ", after a " + warmup.toSeconds() + " s warm-up of both"));
        Map<String, Object> cpu = new LinkedHashMap<>();
        if (sequential) {
            cpu.put("gwsLoad", gwsLoadCpu.figures());
            cpu.put("gatlingHttp", gatlingCpu.figures());
        } else {
            cpu.put("note", "not measured: with both clients at once, each window holds both clients' CPU");
        }
        record.put("cpu", cpu);
        try {
            List<Map<String, Object>> all = BenchmarkRecords.write("post-path", (int) opsPerSec + "ops"
                    + (transport == io.gwsload.client.Transport.LONG_POLLING ? "" : "-" + transport.label())
                    + (embedded ? "" : "-own-cores") + (warmup.isZero() ? "" : "-warmed"), data, record);
            StringBuilder md = new StringBuilder("# POST path: gws-load against Gatling's own HTTP client\n\n"
                    + "`mvn gatling:test -Dgatling.simulationClass=gwsload.PostPathBenchmarkSimulation -DopsPerSec=N`: "
                    + "two populations in one run post the same Ready / NotReady operations at N/s each to the "
                    + "simulator (the mode says where it ran: in a process of its own on its own core, by default since "
                    + "2026-12-06, or embedded in the generator's JVM); POST → HTTP answer. gws-load in µs; Gatling in whole ms (two ms clock readings: its "
                    + "mean is unbiased, its percentiles under a few ms are coarse). Ratio = gws-load / Gatling (below 1: "
                    + "gws-load faster). CPU (runs with the clients one after the other): the generator's CPU "
                    + "(the process's, less the simulator's threads' when embedded: Gatling, its HTTP client, gws-load, "
                    + "GC, JIT) per "
                    + "operation over each client's plateau, and in brackets (since 2026-12-06, night) less what "
                    + "the JIT compiler threads took in that window, a warm-up cost still paid a minute into a run; "
                    + "since 2026-12-06 both clients first warm up together "
                    + "(`-Dwarmup`, 30 s; the rows without it measured gws-load, which went first, in a cold JVM)."
                    + "\n\n| ops/s per client | mode | gws-load mean / p50 / p99 | "
                    + "Gatling HTTP mean / p50 / p99 | ratio mean / p50 / p99 | POSTs each | generator CPU µs/op "
                    + "gws-load / Gatling HTTP | run |\n|---|---|---|---|---|---|---|---|\n");
            for (Map<String, Object> r : all) {
                Map<String, Object> g = (Map<String, Object>) r.get("gwsLoad");
                Map<String, Object> h = (Map<String, Object>) r.get("gatlingHttp");
                Map<String, Object> q = (Map<String, Object>) r.get("ratioGwsLoadToGatling");
                String cpuCell = "not measured";
                if (r.get("cpu") instanceof Map<?, ?> c && c.get("gwsLoad") instanceof Map<?, ?> cg
                        && c.get("gatlingHttp") instanceof Map<?, ?> ch && cg.containsKey("generatorUsPerOp")
                        && ch.containsKey("generatorUsPerOp")) {
                    cpuCell = cg.get("generatorUsPerOp") + " / " + ch.get("generatorUsPerOp");
                    if (cg.containsKey("generatorLessJitUsPerOp") && ch.containsKey("generatorLessJitUsPerOp")) {
                        cpuCell += " (less the JIT compilers': " + cg.get("generatorLessJitUsPerOp") + " / "
                                + ch.get("generatorLessJitUsPerOp") + ")";
                    }
                }
                md.append(String.format(Locale.ROOT, "| %s | %s | %s / %s / %s ms | %s / %s / %s ms | %s / %s / %s | %s / %s | %s | %s |%n",
                        r.get("opsPerSecPerClient"), r.getOrDefault("mode", "both at once"), g.get("meanMs"),
                        g.get("p50Ms"), g.get("p99Ms"), h.get("meanMs"), h.get("p50Ms"), h.get("p99Ms"), q.get("mean"),
                        q.get("p50"), q.get("p99"), g.get("count"), h.get("count"), cpuCell, r.get("run")));
            }
            Path file = BenchmarkRecords.writeMarkdown("post-path", md.toString());
            System.out.println(md);
            System.out.println("generator CPU: " + cpu);
            System.out.println("gws-load benchmark: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> figures(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("meanMs", Math.round(h.getMean() / 10) / 100.0);
        m.put("p50Ms", h.getValueAtPercentile(50) / 1000.0);
        m.put("p99Ms", h.getValueAtPercentile(99) / 1000.0);
        m.put("maxMs", h.getMaxValue() / 1000.0);
        return m;
    }

    private static Object ratio(double a, double b) {
        return b == 0 ? "n/a" : Math.round(a / b * 100) / 100.0;
    }

    private static io.gatling.javaapi.http.HttpRequestActionBuilder post(String name, String path, String body) {
        return http(name).post(path).basicAuth("#{username}", "#{password}").header("X-CSRF-TOKEN", "#{csrf}")
                .body(StringBody(body)).check(jsonPath("$.statusCode").is("0"));
    }

    /** The simulator's agents {@code skip} to {@code skip + count}: no user is logged in twice. */
    private Path credentials(String file, int skip, int count) {
        Path path = Path.of("target", file);
        List<String> agentLines = simulator != null ? simulator.users().stream().filter(u -> !u.isSupervisor())
                .map(u -> u.username() + "," + u.password()).toList() : process.agentLines();
        String lines = agentLines.stream().skip(skip).limit(count).collect(Collectors.joining("\n"));
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, "username,password\n" + lines + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }
}
