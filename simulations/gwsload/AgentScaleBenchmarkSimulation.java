package gwsload;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gwsload.gatling.CapacityPlan;
import io.gwsload.gatling.Params;
import io.gwsload.gatling.runtime.BenchmarkRecords;
import io.gwsload.report.run.RunData;

/**
 * A benchmark, not a test: how many agents does one generator hold, each with a live CometD session (a
 * long-poll connection, or a WebSocket with {@code -Dgws.transport=websocket}) and each still taking a
 * chat? The simulator runs in a process of its own (its sockets and heap are not the generator's); agents
 * log in at {@code -DloginRate}, all wait for the last, take one chat each (spread over
 * {@code -Dspread}), then idle on their sessions for {@code -Didle}; meanwhile the generator's heap per
 * agent (after a GC, minus the heap before the run) and its CPU while idle are taken. Where it breaks,
 * the record says how (the first KO messages of the logins and of the chats). Writes
 * {@code results/benchmarks/scale-<transport>-<agents>.json} and {@code scale.md}.
 *
 * <p>{@code mvn gatling:test -Dgatling.simulationClass=gwsload.AgentScaleBenchmarkSimulation -Dagents=5000}
 * (raise the file-descriptor limit first: {@code ulimit -n 65536}). Parameters: {@code -Dagents=2000},
 * {@code -DloginRate=200}, {@code -Dspread=10s}, {@code -Didle=70s} (longer than the inbox's 60 s, so that the last sample holds only what an idle agent keeps),
 * {@code -DsimulatorCpus} and {@code -DgeneratorCpus} ({@code taskset} lists; unset: both processes share every core).
 */
public class AgentScaleBenchmarkSimulation extends Simulation {
    private final int agents = Params.integer("agents", 2000, 1, 1_000_000);
    private final double loginRate = Params.decimal("loginRate", 200, 1, 100_000);
    private final Duration spread = Params.duration("spread", "10s");
    private final Duration idle = Params.duration("idle", "70s");
    private final String transport = io.gwsload.gatling.runtime.HarnessSettings.fromSystem(
            io.gwsload.gatling.runtime.HarnessSettings.TRANSPORT).label();

    private final Duration loginRamp = Params.ramp(Duration.ofMillis((long) Math.ceil(agents * 1000 / loginRate)));
    private final CapacityPlan sync = CapacityPlan.steps(1, 1, 1, Duration.ofSeconds(2))
            .afterWarmup(loginRamp.plusSeconds(10));
    /** Unbound by default (both processes share the cores); {@code -DsimulatorCpus=1 -DgeneratorCpus=0} splits them. */
    private final String simulatorCpus = System.getProperty("simulatorCpus");
    private final String generatorCpus = System.getProperty("generatorCpus", "");
    private final BenchmarkSimulator simulator = BenchmarkSimulator.start(agents, "scale", simulatorCpus);

    {
        if (!generatorCpus.isBlank()) {
            BenchmarkProbes.bindThisProcess(generatorCpus);
        }
    }
    private final long heapBefore = BenchmarkProbes.heapAfterGc();
    private final BenchmarkProbes.ClassHistogram histogramBefore = BenchmarkProbes.liveHistogram();
    /** Every agent logged in, before its chat; and at the end of the idle time (what a chat leaves behind for good). */
    private volatile BenchmarkProbes.ClassHistogram histogramBeforeChats;
    private volatile BenchmarkProbes.ClassHistogram histogramIdleEnd;
    /** Three histograms once every agent is logged in and idle: the live bytes per agent must agree. */
    private final List<BenchmarkProbes.ClassHistogram> histogramsLoggedIn = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile long startMillis;
    private volatile long heapLoggedIn;
    private final BenchmarkProbes.CpuWindow idleCpu = new BenchmarkProbes.CpuWindow();

    private final ScenarioBuilder agentScenario = scenario("Agents")
            .exec(gws("Login").login())
            .exitHereIfFailed()
            .exec(gws("Ready").ready(CHAT))
            .exec(sync.waitForLoad())
            .doIf(session -> session.userId() == 1).then(exec(this::loggedIn))
            .pause(Duration.ZERO, spread)
            .exec(gws("New chat").injectContact(CHAT, "#{gwsUsername}"),
                    gws("Await chat offer").awaitOffer(CHAT).timeout(Duration.ofSeconds(30)).then(
                            exec(gws("Accept").chat().accept(), gws("Complete").chat().complete())))
            .pause(session -> BenchmarkProbes.until(startMillis + sync.duration().toMillis() + spread.toMillis()
                    + 5_000))
            // Every agent logged in, its chat done, idle on its session: the live objects, three times, 2 s apart.
            .doIf(session -> session.userId() == 1).then(exec(this::histogram).pause(2).exec(this::histogram)
                    .pause(2).exec(this::histogram).exec(this::idleStarts))
            .pause(session -> BenchmarkProbes.until(startMillis + sync.duration().toMillis() + spread.toMillis() + 5_000
                    + idle.toMillis()))
            .doIf(session -> session.userId() == 1).then(exec(this::idleEnds))
            .exec(gws("Logout").logout());


    {
        setUp(agentScenario.injectOpen(rampUsers(agents).during(loginRamp)))
                .protocols(gws().baseUrl(simulator.url).credentials(simulator.credentials.toString()).channels(CHAT)
                        .afterRun(this::record))
                .assertions(global().failedRequests().percent().lt(100.0));
    }

    @Override
    public void before() {
        startMillis = System.currentTimeMillis();
    }

    private Session loggedIn(Session session) {
        heapLoggedIn = BenchmarkProbes.heapAfterGc();
        histogramBeforeChats = BenchmarkProbes.liveHistogram();
        return session;
    }

    private Session histogram(Session session) {
        BenchmarkProbes.ClassHistogram h = BenchmarkProbes.liveHistogram();
        if (h != null) {
            histogramsLoggedIn.add(h);
        }
        return session;
    }

    private Session idleStarts(Session session) {
        idleCpu.start();
        return session;
    }

    private Session idleEnds(Session session) {
        idleCpu.stop();
        histogramIdleEnd = BenchmarkProbes.liveHistogram();
        return session;
    }

    @SuppressWarnings("unchecked")
    private void record(Path run) {
        Map<String, Object> truth;
        try {
            truth = simulator.stats();
        } finally {
            simulator.stop();
        }
        try {
            RunData data = RunData.load(run);
            Map<String, Map<String, Object>> requests = data.requests();
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("transport", transport);
            record.put("agents", agents);
            record.put("loginRate", loginRate);
            if (simulatorCpus != null || !generatorCpus.isBlank()) {
                record.put("cpus", "simulator " + (simulatorCpus == null ? "any" : simulatorCpus) + ", generator "
                        + (generatorCpus.isBlank() ? "any" : generatorCpus));
            }
            record.put("jvm", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("-X")).toList());
            long loggedIn = BenchmarkProbes.number(requests.get("Login session"), "ok");
            record.put("loggedIn", loggedIn);
            record.put("chatsAccepted", BenchmarkProbes.number(requests.get("Accept"), "ok"));
            record.put("chatsFailed", BenchmarkProbes.number(requests.get("Accept"), "ko")
                    + BenchmarkProbes.number(requests.get("Await chat offer"), "ko"));
            record.put("acceptP50Ms", BenchmarkProbes.number(requests.get("Accept"), "p50Us") / 1000.0);
            record.put("acceptP99Ms", BenchmarkProbes.number(requests.get("Accept"), "p99Us") / 1000.0);
            record.put("acceptSplit", acceptSplit(requests, truth));
            record.put("loginP99Ms", BenchmarkProbes.number(requests.get("Login session"), "p99Us") / 1000.0);
            record.put("heapPerAgentKiB", loggedIn == 0 ? 0 : Math.round((heapLoggedIn - heapBefore) / 1024.0 / loggedIn
                    * 10) / 10.0);
            if (histogramBefore != null && !histogramsLoggedIn.isEmpty() && loggedIn > 0) {
                // Exact live objects (class histograms): three samples once all are idle after their chat, one before
                // the chats, one at the end of the idle time (the inbox's 60 s are over: what an idle agent holds).
                record.put("liveKiBPerAgent", histogramsLoggedIn.stream()
                        .map(h -> h.kibPerAgentAbove(histogramBefore, loggedIn)).toList());
                java.nio.file.Files.copy(histogramBefore.file(), run.resolve("histogram-before.txt"));
                BenchmarkProbes.ClassHistogram last = histogramsLoggedIn.get(histogramsLoggedIn.size() - 1);
                java.nio.file.Files.copy(last.file(), run.resolve("histogram-idle.txt"));
                if (histogramBeforeChats != null) {
                    record.put("liveKiBPerAgentBeforeChats", histogramBeforeChats.kibPerAgentAbove(histogramBefore,
                            loggedIn));
                    java.nio.file.Files.copy(histogramBeforeChats.file(), run.resolve("histogram-before-chats.txt"));
                }
                BenchmarkProbes.ClassHistogram top = last;
                if (histogramIdleEnd != null) {
                    record.put("liveKiBPerAgentIdleEnd", histogramIdleEnd.kibPerAgentAbove(histogramBefore, loggedIn));
                    java.nio.file.Files.copy(histogramIdleEnd.file(), run.resolve("histogram-idle-end.txt"));
                    top = histogramIdleEnd;
                }
                record.put("topClassesPerAgent", top.growthPerAgent(histogramBefore, loggedIn, 25));
            }
            record.put("idleCores", Math.round(idleCpu.cores() * 100) / 100.0);
            record.put("idleCoresPer1000Agents", loggedIn == 0 ? 0
                    : Math.round(idleCpu.cores() / loggedIn * 1000 * 1000) / 1000.0);
            record.put("breaks", breaks(requests));
            List<Map<String, Object>> all = BenchmarkRecords.write("scale", transport + "-" + agents
                    + (record.containsKey("cpus") ? "-split-cores" : ""), data, record);
            StringBuilder md = new StringBuilder("# Agent scale: one generator, live CometD sessions, one chat each\n\n"
                    + "`mvn gatling:test -Dgatling.simulationClass=gwsload.AgentScaleBenchmarkSimulation -Dagents=N "
                    + "[-Dgws.transport=websocket]` (with `ulimit -n 65536`): the simulator in its own process; agents "
                    + "log in, take one chat each, then idle on their sessions. Live per agent: the bytes of live objects "
                    + "(class histogram after a full collection) above those before the run, divided by the agents "
                    + "logged in, at the end of the idle time (the record has samples at idle start and before the "
                    + "chats, and the classes that grew); heap per agent: the collector's used heap after a GC, the "
                    + "older and coarser figure (ZGC counts whole pages). Accept p50, where the time goes: the HTTP "
                    + "answer (POST written → answer read, on the generator: a part of the whole, measured apart), the "
                    + "simulator's own time (request received → notification handed to CometD, its ground truth), and "
                    + "not simulator (the whole less the simulator's time: both processes' sockets, threads and queues, "
                    + "the long poll's delivery, the tracker; percentiles of two distributions do not subtract exactly, "
                    + "so read it at p50); CPU: seconds each process used, the simulator's from its start.\n\n| transport | agents | logged in | "
                    + "chats OK / KO | Accept p50 / p99 | Accept p50: HTTP answer / simulator / not simulator | live per agent | heap per agent | idle CPU (cores) | "
                    + "CPU s: generator / simulator | where it broke | run |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Map<String, Object> r : all) {
                Map<?, ?> split = r.get("acceptSplit") instanceof Map<?, ?> m ? m : Map.of();
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s / %s | %s / %s ms | %s | %s | %s KiB | %s | %s / %s | %s | %s |%n",
                        r.get("transport") + (r.get("cpus") == null ? "" : " (" + r.get("cpus") + ")"), r.get("agents"),
                        r.get("loggedIn"), r.get("chatsAccepted"), r.get("chatsFailed"),
                        r.get("acceptP50Ms"), r.get("acceptP99Ms"), split.isEmpty() ? "-" : split.get("p50HttpAnswerMs")
                                + " / " + split.get("p50SimulatorMs") + " / " + split.get("p50NotSimulatorMs") + " ms",
                        r.get("liveKiBPerAgentIdleEnd") == null ? "-"
                                : r.get("liveKiBPerAgentIdleEnd") + " KiB", r.get("heapPerAgentKiB"), r.get("idleCores"),
                        r.get("generator") instanceof Map<?, ?> g ? g.get("cpuSeconds") : "?",
                        split.get("simulatorCpuSeconds") == null ? "-" : split.get("simulatorCpuSeconds"), String.valueOf(r.get("breaks")).replace("|", "/"), r.get("run")));
            }
            Path file = BenchmarkRecords.writeMarkdown("scale", md.toString());
            System.out.println(md);
            System.out.println("gws-load benchmark: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where an Accept's time goes, by percentile (ms): the whole (POST written → the notification that shows it,
     * on the generator), the HTTP answer (POST written → answer read, on the generator: part of the whole, measured
     * apart), the simulator's own time (request received → the notification handed to CometD, its ground truth)
     * and not simulator (the whole less the simulator's time: the request's and the notification's way through
     * both processes' sockets, threads and queues, CometD's delivery on the agent's long poll, the tracker;
     * percentiles of two distributions do not subtract exactly, so it is meant at p50). The simulator's CPU beside the
     * generator's says whether the two cores were the limit.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> acceptSplit(Map<String, Map<String, Object>> requests, Map<String, Object> truth) {
        Map<String, Object> split = new LinkedHashMap<>();
        Map<String, Object> accept = requests.get("Accept");
        Map<String, Object> http = requests.get("Accept HTTP");
        Map<String, Object> server = truth.get("operations") instanceof Map<?, ?> ops
                && ops.get("Accept") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of();
        for (String p : List.of("p50", "p99")) {
            double whole = BenchmarkProbes.number(accept, p + "Us") / 1000.0;
            double simulator = BenchmarkProbes.number(server, p + "Us") / 1000.0;
            split.put(p + "WholeMs", whole);
            split.put(p + "HttpAnswerMs", BenchmarkProbes.number(http, p + "Us") / 1000.0);
            split.put(p + "SimulatorMs", simulator);
            split.put(p + "NotSimulatorMs", Math.round((whole - simulator) * 1000) / 1000.0);
        }
        if (truth.get("jvm") instanceof Map<?, ?> jvm && jvm.get("processCpuSeconds") instanceof Number cpu) {
            split.put("simulatorCpuSeconds", Math.round(cpu.doubleValue() * 100) / 100.0);
        }
        return split;
    }

    /** The first KO messages of the logins and chats: how it broke, or "no" when nothing failed. */
    @SuppressWarnings("unchecked")
    private static String breaks(Map<String, Map<String, Object>> requests) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Map<String, Object>> e : requests.entrySet()) {
            if (!(e.getKey().startsWith("Login") || e.getKey().equals("Accept") || e.getKey().startsWith("Await"))) {
                continue;
            }
            Map<String, Object> messages = (Map<String, Object>) e.getValue().get("koMessages");
            if (messages != null && !messages.isEmpty()) {
                Map.Entry<String, Object> first = messages.entrySet().iterator().next();
                sb.append(sb.length() == 0 ? "" : "; ").append(e.getKey()).append(": ").append(first.getValue())
                        .append(" × ").append(first.getKey());
            }
        }
        return sb.length() == 0 ? "no" : sb.toString();
    }
}
