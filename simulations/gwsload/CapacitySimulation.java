package gwsload;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gwsload.gatling.CapacityPlan;
import io.gwsload.gatling.GwsProtocolBuilder;
import io.gwsload.gatling.Params;
import io.gwsload.simulator.SimulatorConfig;

/**
 * How many operations per second does this GWS take? Logged-in agents toggle NotReady / Ready as fast
 * as Gatling's throttle lets them, and the throttle steps the rate level by level past the server's
 * limit. Every level is judged on all operations together (p99 against {@code -DsloP99Ms}, the KO share,
 * and whether the achieved rate kept up with the offered one); the run writes {@code capacity.html} with
 * the capacity, the knee, the peak throughput, and the levels where the agents rather than the server
 * fell short.
 *
 * <p>On the embedded simulator the server has a capacity of its own: unless {@code -Dgws.sim.workers} is
 * given, 4 workers with a service time of {@code fixed:5} ms (800 operations/s) and a queue of 100, past
 * which operations are refused with HTTP 503. The report shows that configured figure next to the one
 * found.
 *
 * <p>Parameters (defaults): {@code -Dagents=200}, {@code -DstartRate=400}, {@code -Dstep=100},
 * {@code -Dlevels=7} (400 … 1,000/s), {@code -DlevelDuration=6s}, {@code -Dramp=1s}, {@code -Dwarmup=8s}
 * (logins), {@code -DsloP99Ms=100}, {@code -DsloMaxKoPercent=1}. Rates are whole operations per second.
 * The agents must be enough to send the top level at the latencies it brings: about the rate × the
 * latency at the queue limit (here 1,000/s × 0.13 s = 130).
 */
public class CapacitySimulation extends Simulation {
    private final int agents = Params.perShard("agents", 200, 1, 100_000);
    private final double startRate = Params.perShardRate("startRate", 400, 1, 1_000_000);
    private final double step = Params.perShardRate("step", 100, 1, 1_000_000);
    private final int levels = Params.integer("levels", 7, 1, 100);
    private final Duration levelDuration = Params.duration("levelDuration", "6s");
    private final Duration ramp = Params.duration("ramp", "1s");
    private final Duration warmup = Params.duration("warmup", "8s");
    private final int sloP99Ms = Params.integer("sloP99Ms", 100, 1, 600_000);
    private final double sloMaxKoPercent = Params.decimal("sloMaxKoPercent", 1, 0, 100);

    private final CapacityPlan plan = CapacityPlan.steps(startRate, step, levels, levelDuration)
            .rampsLasting(ramp)
            .afterWarmup(warmup)
            .judgedOn("*", Duration.ofMillis(sloP99Ms), sloMaxKoPercent);

    private final GwsProtocolBuilder gwsProtocol = gws().simulator(simulatorWithCapacity())
            .simulatorUsers(agents, 0).channels(CHAT).capacity(plan);

    private final ScenarioBuilder agentScenario = scenario("Agents")
            .exec(gws("Login").login())
            .exitHereIfFailed()
            .exec(plan.waitForLoad())
            // false: a toggle is never cut in half at the deadline.
            .during(plan.duration().minus(warmup), false).on(
                    exec(gws("NotReady").notReady(CHAT), gws("Ready").ready(CHAT)))
            .exec(gws("Logout").logout());

    /** The simulator's settings, with a capacity of 800 operations/s unless -Dgws.sim.workers says otherwise. */
    private static SimulatorConfig simulatorWithCapacity() {
        SimulatorConfig config = SimulatorConfig.fromSystemProperties();
        if (System.getProperty("gws.sim.workers") != null) {
            return config;
        }
        Map<String, String> capacity = new LinkedHashMap<>();
        capacity.put("workers", "4");
        capacity.put("serviceTime", System.getProperty("gws.sim.serviceTime", "fixed:5"));
        capacity.put("queueLimit", System.getProperty("gws.sim.queueLimit", "100"));
        return config.with(capacity);
    }

    {
        setUp(agentScenario.injectOpen(rampUsers(agents).during(Duration.ofSeconds(2))).throttle(plan.throttle()))
                .protocols(gwsProtocol)
                // Capacity runs look for the limit: missing the SLO at the top levels is the point, not a failure.
                .assertions(global().failedRequests().percent().lt(50.0));
    }
}
