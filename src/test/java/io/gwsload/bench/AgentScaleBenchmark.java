package io.gwsload.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.Json;
import io.gwsload.api.Media;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;
import io.gwsload.client.AgentConnection;
import io.gwsload.client.ClientRuntime;
import io.gwsload.client.ClientSettings;
import io.gwsload.client.Credentials;
import io.gwsload.client.Transport;
import io.gwsload.collector.books.AccountingSnapshot;
import io.gwsload.collector.CollectorSettings;
import io.gwsload.collector.NotificationCollector;
import io.gwsload.collector.tracker.OperationOutcome;
import io.gwsload.collector.OperationSpec;

/**
 * How many agents one load generator holds and what the harness adds to the figure it measures.
 *
 * <p>Connects N agents (GET /me, CometD handshake + subscription, StartContactCenterSession) to a
 * simulator running in another JVM, then measures: client heap per agent (after GC, minus the heap
 * before the agents), threads, CPU while idle, and, at a fixed open rate of operations (Ready/NotReady,
 * each answered by a ChannelStateChangeMessageV2 with its referenceId), the POST → notification
 * percentiles next to the simulator's own ground truth for the same operations (the simulator's
 * {@code groundTruthInNotifications} knob stamps each first notification with when the request was
 * received and when the notification was published). Harness overhead per operation = our
 * "notified" time minus the simulator's received → published time.
 *
 * <p>Run it with {@code bench/agent-scale.sh} (which starts the simulator and raises {@code ulimit -n}).
 * Arguments: {@code --url http://127.0.0.1:18090 --agents 10000 --rate 1000 --duration 30 --warmup 10
 * --idle 10 --transport long-polling --out results/benchmarks/agent-scale.json}.
 */
public final class AgentScaleBenchmark {
    private final String url;
    private final int agents;
    private final int rate;
    private final int durationSeconds;
    private final int warmupSeconds;
    private final int idleSeconds;
    private final Transport transport;
    private final Path out;

    private AgentScaleBenchmark(Map<String, String> args) {
        url = args.getOrDefault("url", "http://127.0.0.1:18090");
        agents = Integer.parseInt(args.getOrDefault("agents", "10000"));
        rate = Integer.parseInt(args.getOrDefault("rate", "1000"));
        durationSeconds = Integer.parseInt(args.getOrDefault("duration", "30"));
        warmupSeconds = Integer.parseInt(args.getOrDefault("warmup", "10"));
        idleSeconds = Integer.parseInt(args.getOrDefault("idle", "10"));
        transport = Transport.parse(args.getOrDefault("transport", "long-polling"));
        out = args.containsKey("out") ? Path.of(args.get("out")) : null;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + argv[i]);
            }
            args.put(argv[i].substring(2), argv[i + 1]);
        }
        new AgentScaleBenchmark(args).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("agents", agents);
        report.put("transport", transport.label());
        report.put("java", System.getProperty("java.version"));
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);

        long baseline = usedHeapAfterGc();
        Map<String, Object> serverBefore = serverStats(true);
        NotificationCollector collector = new NotificationCollector(CollectorSettings.defaults());
        ClientRuntime client = ClientRuntime.start(ClientSettings.of(url).withTransport(transport)
                .withMaxConnections(2 * agents + 100));
        client.postJson("/sim/config", "{\"groundTruthInNotifications\":true}").get(10, TimeUnit.SECONDS);

        // ---- connect every agent, at most 200 logging in at once ----
        List<AgentConnection> connected = new ArrayList<>(agents);
        long loginStart = System.nanoTime();
        long cpuStart = processCpuNanos();
        Semaphore inFlight = new Semaphore(200);
        Recorder loginGet = new Recorder(3);
        Recorder loginCometd = new Recorder(3);
        CountDownLatch done = new CountDownLatch(agents);
        AtomicInteger failures = new AtomicInteger();
        AtomicLong firstFailure = new AtomicLong();
        List<String> failureReasons = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 1; i <= agents; i++) {
            inFlight.acquire();
            AgentConnection agent = newAgent(collector, client, Credentials.agent(String.format("agent%0" + width() + "d", i),
                    "password"));
            synchronized (connected) {
                connected.add(agent);
            }
            long t0 = System.nanoTime();
            agent.login()
                    .thenCompose(user -> {
                        loginGet.recordValue((System.nanoTime() - t0) / 1000);
                        long t1 = System.nanoTime();
                        return agent.connect().thenApply(v -> {
                            loginCometd.recordValue((System.nanoTime() - t1) / 1000);
                            return v;
                        });
                    })
                    .thenCompose(v -> tracker(agent).execute(agent, OperationSpec.awaiting("StartContactCenterSession",
                            Duration.ofSeconds(60)), ApiPaths.ME, Operation.of(OperationName.StartContactCenterSession)
                            .with("channels", List.of("chat"))))
                    .whenComplete((outcome, error) -> {
                        if (error != null || !outcome.isOk()) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(0, System.nanoTime());
                            if (failureReasons.size() < 5) {
                                failureReasons.add(error != null ? error.toString() : outcome.message());
                            }
                        }
                        inFlight.release();
                        done.countDown();
                    });
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("agents did not all log in within 10 minutes");
        }
        double loginSeconds = (System.nanoTime() - loginStart) / 1e9;
        double loginCpu = (processCpuNanos() - cpuStart) / 1e9;
        report.put("loginSeconds", round(loginSeconds));
        report.put("loginFailures", failures.get());
        report.put("loginFailureExamples", failureReasons);
        report.put("loginCpuCores", round(loginCpu / loginSeconds));
        report.put("loginGetMeUs", percentiles(loginGet.getIntervalHistogram()));
        report.put("loginCometdUs", percentiles(loginCometd.getIntervalHistogram()));

        // ---- idle: every agent holds its long-poll; measured after 10 s to let the JIT settle ----
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(10));
        double serverCpuBefore = cpuOf(serverStats(false));
        long idleCpu = processCpuNanos();
        long idleWall = System.nanoTime();
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(idleSeconds));
        double idleWindow = (System.nanoTime() - idleWall) / 1e9;
        report.put("idleClientCpuCores", round((processCpuNanos() - idleCpu) / 1e9 / idleWindow));
        report.put("idleServerCpuCores", round((cpuOf(serverStats(false)) - serverCpuBefore) / idleWindow));
        long heap = usedHeapAfterGc();
        report.put("clientHeapPerAgentKiB", round((heap - baseline) / 1024.0 / agents));
        report.put("clientHeapUsedMiB", heap >> 20);
        report.put("clientThreads", ManagementFactory.getThreadMXBean().getThreadCount());
        Map<String, Object> serverIdle = serverStats(true);
        report.put("serverIdle", serverIdle);
        report.put("serverHeapPerAgentKiB", round((heapOf(serverIdle) - heapOf(serverBefore)) / 1024.0 / agents));

        // ---- operations at a fixed open rate ----
        Recorder notified = new Recorder(3);
        Recorder http = new Recorder(3);
        Recorder truth = new Recorder(3);
        Recorder overhead = new Recorder(3);
        AtomicLong ko = new AtomicLong();
        AtomicLong lagMax = new AtomicLong();
        boolean[] ready = new boolean[agents];
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long total = (long) rate * (warmupSeconds + durationSeconds);
        long measureFrom = (long) rate * warmupSeconds;
        long loadCpu = 0;
        long loadWall = 0;
        double serverLoadCpu = 0;
        long start = System.nanoTime();
        CountDownLatch allEnded = new CountDownLatch((int) total);
        for (long i = 0; i < total; i++) {
            long intended = start + i * period;
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            lagMax.accumulateAndGet(now - intended, Math::max);
            if (i == measureFrom) {
                notified.reset();
                http.reset();
                truth.reset();
                overhead.reset();
                loadCpu = processCpuNanos();
                loadWall = System.nanoTime();
                serverLoadCpu = cpuOf(serverStats(false));
            }
            int index = (int) (i % agents);
            AgentConnection agent = connected.get(index);
            ready[index] = !ready[index];
            OperationName name = ready[index] ? OperationName.Ready : OperationName.NotReady;
            tracker(agent).execute(agent, OperationSpec.awaiting(name.name(), Duration.ofSeconds(30)), ApiPaths.channel(Media.CHAT),
                    Operation.of(name), (OperationOutcome o) -> {
                        if (o.isOk()) {
                            notified.recordValue(o.notifiedMicros());
                            http.recordValue(Math.max(0, o.httpMicros()));
                            long server = serverMicros(o);
                            if (server >= 0) {
                                truth.recordValue(server);
                                overhead.recordValue(Math.max(0, o.notifiedMicros() - server));
                            }
                        } else {
                            ko.incrementAndGet();
                        }
                        allEnded.countDown();
                    });
        }
        allEnded.await(2, TimeUnit.MINUTES);
        double loadSeconds = (System.nanoTime() - loadWall) / 1e9;
        report.put("rate", rate);
        report.put("measuredSeconds", round(loadSeconds));
        report.put("loadClientCpuCores", round((processCpuNanos() - loadCpu) / 1e9 / loadSeconds));
        double serverLoadSeconds = (System.nanoTime() - loadWall) / 1e9;
        report.put("loadServerCpuCores", round((cpuOf(serverStats(false)) - serverLoadCpu) / serverLoadSeconds));
        report.put("maxScheduleLagMs", round(lagMax.get() / 1e6));
        report.put("operationsKo", ko.get());
        report.put("notifiedUs", percentiles(notified.getIntervalHistogram()));
        report.put("httpUs", percentiles(http.getIntervalHistogram()));
        report.put("serverGroundTruthUs", percentiles(truth.getIntervalHistogram()));
        report.put("harnessOverheadUs", percentiles(overhead.getIntervalHistogram()));
        Map<String, Object> serverLoaded = serverStats(false);
        report.put("serverAfterLoad", serverLoaded);

        collector.close();
        AccountingSnapshot books = collector.accounting().snapshot();
        report.put("accounting", books.toString());
        for (AgentConnection agent : connected) {
            agent.abort();
        }
        client.close();

        String json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        System.out.println(json);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json);
        }
        System.out.printf(Locale.ROOT, "%n%d agents (%s): client %.1f KiB/agent, %d threads, idle CPU %.2f cores; "
                + "server %.1f KiB/agent%n", agents, transport.label(), (double) report.get("clientHeapPerAgentKiB"),
                (int) report.get("clientThreads"), (double) report.get("idleClientCpuCores"),
                (double) report.get("serverHeapPerAgentKiB"));
        System.out.printf(Locale.ROOT, "%d ops/s: notified %s; ground truth %s; harness overhead %s (µs)%n", rate,
                brief(report.get("notifiedUs")), brief(report.get("serverGroundTruthUs")),
                brief(report.get("harnessOverheadUs")));
        System.out.println(books);
    }

    /** The simulator's received → published time for this operation, from its first notification. */
    private static long serverMicros(OperationOutcome o) {
        if (o.notification() == null || !(o.notification().data().get("simTiming") instanceof Map<?, ?> t)) {
            return -1;
        }
        Object received = t.get("receivedNanos");
        Object published = t.get("publishedNanos");
        if (received instanceof Number r && published instanceof Number p) {
            return (p.longValue() - r.longValue()) / 1_000;
        }
        return -1;
    }

    /** The simulator's JVM and sessions; with {@code gc} after a collection, so that heap means live data. */
    private Map<String, Object> serverStats(boolean gc) throws Exception {
        // A client of its own: stats must not queue behind the agents' long-polls (one HttpClient's connections per destination are shared by all).
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url + "/sim/stats?gc=" + gc)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        Map<String, Object> all = Json.readMap(response.body());
        Map<String, Object> brief = new LinkedHashMap<>();
        brief.put("jvm", all.get("jvm"));
        brief.put("sessions", all.get("sessions"));
        return brief;
    }

    @SuppressWarnings("unchecked")
    private static double cpuOf(Map<String, Object> stats) {
        return ((Number) ((Map<String, Object>) stats.get("jvm")).get("processCpuSeconds")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static long heapOf(Map<String, Object> stats) {
        return ((Number) ((Map<String, Object>) stats.get("jvm")).get("heapUsedBytes")).longValue();
    }

    private static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            m.put("p50", h.getValueAtPercentile(50));
            m.put("p90", h.getValueAtPercentile(90));
            m.put("p99", h.getValueAtPercentile(99));
            m.put("p99.9", h.getValueAtPercentile(99.9));
            m.put("max", h.getMaxValue());
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static String brief(Object p) {
        Map<String, Object> m = (Map<String, Object>) p;
        return "p50 " + m.get("p50") + " / p99 " + m.get("p99") + " / max " + m.get("max");
    }

    private int width() {
        return Math.max(4, String.valueOf(agents).length());
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static final java.util.Map<AgentConnection, io.gwsload.collector.tracker.AgentTracker> trackers =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A new agent of {@code runtime} whose events go to its own tracker of the test's collector. */
    private static AgentConnection newAgent(NotificationCollector collector, ClientRuntime runtime,
            Credentials credentials) {
        io.gwsload.collector.tracker.AgentTracker tracker = collector.newTracker(credentials.username());
        AgentConnection agent = runtime.newAgent(credentials, tracker);
        trackers.put(agent, tracker);
        return agent;
    }

    private static io.gwsload.collector.tracker.AgentTracker tracker(AgentConnection agent) {
        return trackers.get(agent);
    }
}
