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
 * A benchmark, not a test: what one simulated chat customer costs the generator. The simulator runs in a process of
 * its own; customers request chats through its GMS Chat API at {@code -DrequestRate}, all wait for the last, then
 * each keeps its chat open and polls (or, with {@code -Dgws.gms.cometd=true}, holds a CometD session) for
 * {@code -Didle}, then leaves. No agent takes the chats: what is measured is the customer's side alone. The
 * generator's heap per open chat (after a GC, minus the heap before the run) and its CPU while the customers idle
 * are taken. Writes {@code results/benchmarks/customer-cost-<mode>-<customers>.json} and {@code customer-cost.md}.
 *
 * <p>{@code mvn gatling:test -Dgatling.simulationClass=gwsload.CustomerCostBenchmarkSimulation -Dcustomers=1000}.
 * Parameters: {@code -Dcustomers=1000}, {@code -DrequestRate=200}, {@code -Didle=20s}; the poll interval is
 * {@code -Dgws.gms.pollInterval} (1 s).
 */
public class CustomerCostBenchmarkSimulation extends Simulation {
    private final int customers = Params.integer("customers", 1000, 1, 1_000_000);
    private final double requestRate = Params.decimal("requestRate", 200, 1, 100_000);
    private final Duration idle = Params.duration("idle", "20s");
    private final String mode = io.gwsload.gatling.runtime.HarnessSettings.fromSystem(
            io.gwsload.gatling.runtime.HarnessSettings.GMS_COMETD) ? "cometd" : "polling";

    private final Duration ramp = Params.ramp(Duration.ofMillis((long) Math.ceil(customers * 1000 / requestRate)));
    private final BenchmarkSimulator simulator = BenchmarkSimulator.start(1, "customer-cost");
    private final long heapBefore = BenchmarkProbes.heapAfterGc();
    private volatile long startMillis;
    private volatile long heapAllOpen;
    private final BenchmarkProbes.CpuWindow idleCpu = new BenchmarkProbes.CpuWindow();

    /** When every customer has had time to open its chat (the ramp and 5 s), then when the idle time ends. */
    private long openAt() {
        return startMillis + ramp.toMillis() + 5_000;
    }

    private final ScenarioBuilder customerScenario = scenario("Customers")
            .exec(customer("Request chat").requestChat())
            .exitHereIfFailed()
            .pause(session -> BenchmarkProbes.until(openAt()))
            .doIf(session -> session.userId() == 1).then(exec(this::allOpen))
            .pause(session -> BenchmarkProbes.until(openAt() + idle.toMillis()))
            .doIf(session -> session.userId() == 1).then(exec(this::idleEnds))
            .exec(customer("Leave").disconnect());

    {
        setUp(customerScenario.injectOpen(rampUsers(customers).during(ramp)))
                .protocols(gws().baseUrl(simulator.url).credentials(simulator.credentials.toString())
                        .afterRun(this::record))
                .assertions(global().failedRequests().percent().lt(100.0));
    }

    @Override
    public void before() {
        startMillis = System.currentTimeMillis();
    }

    private Session allOpen(Session session) {
        heapAllOpen = BenchmarkProbes.heapAfterGc();
        idleCpu.start();
        return session;
    }

    private Session idleEnds(Session session) {
        idleCpu.stop();
        return session;
    }

    private void record(Path run) {
        simulator.stop();
        try {
            RunData data = RunData.load(run);
            Map<String, Map<String, Object>> requests = data.requests();
            long opened = BenchmarkProbes.number(requests.get("Request chat"), "ok");
            long pollMs = io.gwsload.gatling.runtime.HarnessSettings.fromSystem(
                    io.gwsload.gatling.runtime.HarnessSettings.GMS_POLL_INTERVAL).toMillis();
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("mode", mode);
            record.put("customers", customers);
            record.put("requestRate", requestRate);
            record.put("pollIntervalMs", "polling".equals(mode) ? pollMs : 0);
            record.put("jvm", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("-X")).toList());
            record.put("chatsOpened", opened);
            record.put("chatsFailed", BenchmarkProbes.number(requests.get("Request chat"), "ko"));
            record.put("requestChatP50Ms", BenchmarkProbes.number(requests.get("Request chat"), "p50Us") / 1000.0);
            record.put("requestChatP99Ms", BenchmarkProbes.number(requests.get("Request chat"), "p99Us") / 1000.0);
            record.put("heapPerCustomerKiB", opened == 0 ? 0 : Math.round((heapAllOpen - heapBefore) / 1024.0 / opened
                    * 10) / 10.0);
            record.put("idleCores", Math.round(idleCpu.cores() * 1000) / 1000.0);
            // CPU per customer per second while idle; polling, it is the cost of 1000 / pollIntervalMs polls.
            double perCustomerSecondUs = opened == 0 ? 0 : idleCpu.cores() / opened * 1e6;
            record.put("idleCpuUsPerCustomerSecond", Math.round(perCustomerSecondUs * 10) / 10.0);
            record.put("idleCpuUsPerPoll", "polling".equals(mode) && pollMs > 0
                    ? Math.round(perCustomerSecondUs * pollMs / 1000.0 * 10) / 10.0 : 0);
            List<Map<String, Object>> all = BenchmarkRecords.write("customer-cost", mode + "-" + customers, data,
                    record);
            StringBuilder md = new StringBuilder("# Customer cost: what one simulated chat customer costs the "
                    + "generator\n\n`mvn gatling:test -Dgatling.simulationClass=gwsload.CustomerCostBenchmarkSimulation "
                    + "-Dcustomers=N [-Dgws.gms.cometd=true]`: the simulator in its own process; customers open chats "
                    + "through its GMS Chat API (no agent takes them), all wait for the last, then keep them open for "
                    + "the idle time (polling, or a CometD session each). Heap per customer: after a GC with every chat "
                    + "open, minus before the run. Idle CPU: the generator's process CPU while every customer waits.\n\n"
                    + "| mode | customers | opened / failed | Request chat p50 / p99 | heap per customer | idle CPU "
                    + "(cores) | CPU per customer-second | CPU per poll | run |\n|---|---|---|---|---|---|---|---|---|\n");
            for (Map<String, Object> r : all) {
                md.append(String.format(Locale.ROOT, "| %s%s | %s | %s / %s | %s / %s ms | %s KiB | %s | %s µs | %s |"
                        + " %s |%n", r.get("mode"), "polling".equals(r.get("mode")) ? " (" + r.get("pollIntervalMs")
                                + " ms)" : "", r.get("customers"), r.get("chatsOpened"), r.get("chatsFailed"),
                        r.get("requestChatP50Ms"), r.get("requestChatP99Ms"), r.get("heapPerCustomerKiB"),
                        r.get("idleCores"), r.get("idleCpuUsPerCustomerSecond"),
                        "polling".equals(r.get("mode")) ? r.get("idleCpuUsPerPoll") + " µs" : "n/a", r.get("run")));
            }
            Path file = BenchmarkRecords.writeMarkdown("customer-cost", md.toString());
            System.out.println(md);
            System.out.println("gws-load benchmark: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
