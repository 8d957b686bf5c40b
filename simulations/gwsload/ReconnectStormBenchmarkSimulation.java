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
import io.gwsload.gatling.Params;
import io.gwsload.gatling.runtime.BenchmarkRecords;
import io.gwsload.report.run.RunData;

/**
 * A benchmark, not a test: every CometD session dropped at once (GWS's CometD side restarted, a load balancer
 * failing over) with {@code -Dagents} agents logged in and toggling Ready / NotReady every {@code -Dpace}. The
 * simulator runs in a process of its own; {@code -DstormAfter} after the last login has ended (not merely after the
 * login ramp: on a busy machine the last logins come late, and a storm before them drops fewer) it forces every session
 * off ({@code dropCometdSessions()}); the agents re-handshake with CometD's backoff, subscribe again and go on
 * for {@code -Dafter}. Measured: how long until the last agent was back (the simulator's last handshake after the
 * storm), the peak handshakes per second the target saw, the operations that failed during the storm and why,
 * whether the books balance, and the generator's threads and open files before and after (a leak shows there).
 * Writes {@code results/benchmarks/reconnect-storm-<agents>.json} and {@code reconnect-storm.md}.
 *
 * <p>{@code mvn gatling:test -Dgatling.simulationClass=gwsload.ReconnectStormBenchmarkSimulation -Dagents=2000}
 * (raise the file-descriptor limit first: {@code ulimit -n 65536}). Parameters: {@code -Dagents=2000},
 * {@code -DloginRate=200}, {@code -Dpace=10s}, {@code -DstormAfter=10s}, {@code -Dafter=30s}.
 */
public class ReconnectStormBenchmarkSimulation extends Simulation {
    private final int agents = Params.integer("agents", 2000, 1, 1_000_000);
    private final double loginRate = Params.decimal("loginRate", 200, 1, 100_000);
    private final Duration pace = Params.duration("pace", "10s");
    private final Duration stormAfter = Params.duration("stormAfter", "10s");
    private final Duration after = Params.duration("after", "30s");

    private final Duration loginRamp = Params.ramp(Duration.ofMillis((long) Math.ceil(agents * 1000 / loginRate)));
    private final BenchmarkSimulator simulator = BenchmarkSimulator.start(agents, "storm");
    private volatile long stormMillis;
    private volatile long threadsBefore;
    private volatile long filesBefore;
    /** The longest the storm waits past the login ramp for the last logins to end. */
    private static final Duration LOGINS_WAIT = Duration.ofSeconds(60);
    /** Logins that have ended, well or not: the storm waits for all of them (at most {@link #LOGINS_WAIT}). */
    private final java.util.concurrent.atomic.AtomicInteger loginsEnded = new java.util.concurrent.atomic.AtomicInteger();
    /** When the storm's user started (with the load): the agents' bound counts from it. */
    private final java.util.concurrent.atomic.AtomicLong loadStart = new java.util.concurrent.atomic.AtomicLong();

    private final ScenarioBuilder agentScenario = scenario("Agents")
            .exec(gws("Login").login())
            .exec(session -> {
                loginsEnded.incrementAndGet();
                return session;
            })
            .exitHereIfFailed()
            .exec(gws("Ready").ready(CHAT))
            // Until -Dafter past the storm (or, should it never come, past the longest wait for it).
            .asLongAs(session -> goingOn()).on(exec(session -> nextPause(session))
                    .pause(session -> Duration.ofMillis(session.getLong(PAUSE_MS)))
                    .doIf(session -> !session.getBoolean(LAST_PAUSE) && goingOn())
                    .then(exec(gws("NotReady").notReady(CHAT), gws("Ready").ready(CHAT))))
            .exec(gws("Logout").logout());

    private final ScenarioBuilder storm = scenario("Storm")
            .exec(session -> {
                loadStart.compareAndSet(0, System.currentTimeMillis());
                return session;
            })
            .pause(loginRamp)
            .exec(session -> session.set("loginsDeadline", System.currentTimeMillis() + LOGINS_WAIT.toMillis()))
            .asLongAs(session -> loginsEnded.get() < agents
                    && System.currentTimeMillis() < session.getLong("loginsDeadline"))
            .on(pause(Duration.ofMillis(100)))
            .pause(stormAfter)
            .exec(session -> mark(session))
            .exec(gws("Drop every CometD session").dropCometdSessions());

    {
        setUp(agentScenario.injectOpen(rampUsers(agents).during(loginRamp)), storm.injectOpen(atOnceUsers(1)))
                .protocols(gws().baseUrl(simulator.url).credentials(simulator.credentials.toString()).channels(CHAT)
                        .afterRun(this::record))
                .assertions(global().failedRequests().percent().lt(100.0));
    }

    private boolean goingOn() {
        long now = System.currentTimeMillis();
        long storm = stormMillis;
        // The latest they go on to when no storm came: the ramp, the longest wait for logins, then as planned, and a
        // minute's slack for a busy machine.
        long start = loadStart.get();
        long last = (start == 0 ? now : start) + loginRamp.plus(LOGINS_WAIT).plus(Duration.ofSeconds(60)).plus(stormAfter).plus(after)
                .toMillis();
        return now < last && (storm == 0 || now < storm + after.toMillis());
    }

    private static final String PAUSE_MS = "stormPauseMs";
    private static final String LAST_PAUSE = "stormLastPause";

    /**
     * The next pause, uniform in [0, pace]; once the storm has come, cut at the end of the window after it (a pause
     * begun before the storm may still run up to a pace past it). A pause so cut is the agent's last: it ends the
     * loop without a toggle, even if Gatling ends it a few ms early, since a toggle from every agent at that instant
     * would be a burst of the benchmark's making, and the run would otherwise go on up to a pace longer.
     */
    private Session nextPause(Session session) {
        long pause = java.util.concurrent.ThreadLocalRandom.current().nextLong(pace.toMillis() + 1);
        boolean last = false;
        long storm = stormMillis;
        if (storm != 0) {
            long left = storm + after.toMillis() - System.currentTimeMillis();
            if (pause >= left) {
                pause = Math.max(0, left);
                last = true;
            }
        }
        return session.set(PAUSE_MS, pause).set(LAST_PAUSE, last);
    }

    /** Just before the storm: every agent logged in, the generator's threads and files at their working level. */
    private Session mark(Session session) {
        threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        filesBefore = openFiles();
        stormMillis = System.currentTimeMillis();
        return session;
    }

    @SuppressWarnings("unchecked")
    private void record(Path run) {
        Map<String, Object> truth = simulator.stats();
        simulator.stop();
        try {
            RunData data = RunData.load(run);
            Map<String, Object> books = (Map<String, Object>) data.summary().get("accounting");
            Map<String, Object> sessions = (Map<String, Object>) truth.get("sessions");
            Map<String, Object> counters = (Map<String, Object>) truth.get("counters");
            long last = number(sessions.get("lastHandshakeEpochMillis"));
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("agents", agents);
            record.put("loginRate", loginRate);
            record.put("transport", io.gwsload.gatling.runtime.HarnessSettings.fromSystem(
                    io.gwsload.gatling.runtime.HarnessSettings.TRANSPORT).label());
            record.put("forcedDisconnects", number(counters.get("forcedDisconnects")));
            // Ground truth: agents forced off that handshook again before the end (one that never did is missing).
            record.put("forcedAgentsBack", number(counters.get("forcedAgentsBack")));
            record.put("handshakes", number(counters.get("handshakes")));
            record.put("handshakesPeakPerSecond", number(sessions.get("handshakesPeakPerSecond")));
            record.put("allBackAfterMs", stormMillis == 0 || last < stormMillis ? -1 : last - stormMillis);
            record.put("sessionLosses", number(books.get("sessionLosses")));
            record.put("koByReason", books.get("koByReason"));
            record.put("sent", number(books.get("sent")));
            record.put("ok", number(books.get("ok")));
            record.put("ko", number(books.get("ko")));
            record.put("booksBalance", number(books.get("sent")) + number(books.get("unsent"))
                    == number(books.get("ok")) + number(books.get("ko")) && number(books.get("pending")) == 0);
            // After the run (the agents logged out): fewer than before the storm is fine, more is a leak.
            record.put("generatorThreadsBeforeAfter", List.of(threadsBefore,
                    (long) ManagementFactory.getThreadMXBean().getThreadCount()));
            record.put("generatorOpenFilesBeforeAfter", List.of(filesBefore, openFiles()));
            List<Map<String, Object>> all = BenchmarkRecords.write("reconnect-storm", String.valueOf(agents), data,
                    record);
            StringBuilder md = new StringBuilder("# Reconnect storm: every CometD session dropped at once\n\n"
                    + "`mvn gatling:test -Dgatling.simulationClass=gwsload.ReconnectStormBenchmarkSimulation "
                    + "-Dagents=N` (with `ulimit -n 65536`): the simulator in its own process; agents toggle Ready / "
                    + "NotReady every 0–10 s; the simulator forces every CometD session off; the agents re-handshake "
                    + "with CometD's backoff. All back: the target's last handshake after the storm. Threads and open "
                    + "files: the generator's just before the storm and after the run (more after would be a leak)."
                    + "\n\n"
                    + "| agents | forced off | all back after | peak handshakes/s | KO by reason | books balance | "
                    + "threads before / after | open files before / after | run |\n"
                    + "|---|---|---|---|---|---|---|---|---|\n");
            for (Map<String, Object> r : all) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s ms | %s | %s | %s | %s | %s | %s |%n",
                        r.get("agents"), r.get("forcedDisconnects"), r.get("allBackAfterMs"),
                        r.get("handshakesPeakPerSecond"), String.valueOf(r.get("koByReason")).replace("|", "/"),
                        r.get("booksBalance"), r.get("generatorThreadsBeforeAfter"),
                        r.get("generatorOpenFilesBeforeAfter"), r.get("run")));
            }
            Path file = BenchmarkRecords.writeMarkdown("reconnect-storm", md.toString());
            System.out.println(md);
            System.out.println("gws-load benchmark: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long openFiles() {
        return io.gwsload.report.run.GeneratorUsage.openFiles();
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}
