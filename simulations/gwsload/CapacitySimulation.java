package gwsload;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;
import java.util.Map;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gwsload.gatling.CapacityPlan;
import io.gwsload.gatling.GwsProtocolBuilder;
import io.gwsload.gatling.Params;

/**
 * How many operations per second does this GWS take? Logged-in agents toggle NotReady / Ready as fast
 * as Gatling's throttle lets them, and the throttle steps the rate level by level past the server's
 * limit. Every level is judged on all operations together (p99 against {@code -DsloP99Ms}, the KO share,
 * and whether the achieved rate kept up with the offered one); the run writes {@code capacity.html} with
 * the capacity, the knee, the peak throughput, and the levels where the agents rather than the server
 * fell short.
 *
 * <p>On the embedded simulator the server has a capacity of its own: unless {@code -Dgws.sim.workers} is
 * given, 4 workers with a service time of {@code fixed:10} ms (400 operations/s) and a queue of 100, past
 * which operations are refused with HTTP 503. The report shows that configured figure next to the one
 * found. (The simulator runs in the generator's own process: on a 2-core machine the two together spend
 * about 3 ms of CPU per operation, so a capacity much above 400/s would measure the machine, not the
 * simulated server; the report flags levels where the generator's CPU was saturated.)
 *
 * <p>Before the first level, the agents log in ({@code -Dwarmup=8s}) and then run the first level's load for
 * {@code -DloadWarmup=4s}, unjudged, so that no level measures a cold JVM. The run ends with a
 * {@value io.gwsload.gatling.CapacityPlan#VERDICT} request that is KO, and fails the build, when no capacity
 * can be stated or the generator decided it.
 *
 * <p>Parameters (defaults): {@code -Dagents=200}, {@code -DstartRate=300}, {@code -Dstep=25},
 * {@code -Dlevels=7} (300 … 450/s: steps of 6 % around the simulator's 400/s, so that one disturbed level
 * moves the capacity found by one step, well within ±15 %), {@code -DlevelDuration=6s}, {@code -Dramp=1s}, {@code -Dwarmup=8s}
 * (logins), {@code -DloadWarmup=4s}, {@code -DsloP99Ms=100}, {@code -DsloMaxKoPercent=1},
 * {@code -DoperationTimeout=2s} (an operation slower than that is far past any SLO; and a toggle whose
 * notification repeats an earlier one's is held for attribution up to twice this before its figures are
 * written, which the verdict waits for). Rates are whole
 * operations per second. The agents must be enough to send the top level at the latencies it brings: about
 * the rate × the latency at the queue limit (here 450/s × 0.26 s = 117).
 */
public class CapacitySimulation extends Simulation {
    private final int agents = Params.perShard("agents", 200, 1, 100_000);
    private final double startRate = Params.perShardRate("startRate", 300, 1, 1_000_000);
    private final double step = Params.perShardRate("step", 25, 1, 1_000_000);
    private final int levels = Params.integer("levels", 7, 1, 100);
    private final Duration levelDuration = Params.duration("levelDuration", "6s");
    private final Duration ramp = Params.duration("ramp", "1s");
    private final Duration warmup = Params.duration("warmup", "8s");
    private final Duration loadWarmup = Params.duration("loadWarmup", "4s");
    private final int sloP99Ms = Params.integer("sloP99Ms", 100, 1, 600_000);
    private final Duration operationTimeout = Params.duration("operationTimeout", "2s");
    private final double sloMaxKoPercent = Params.decimal("sloMaxKoPercent", 1, 0, 100);

    private final CapacityPlan plan = CapacityPlan.steps(startRate, step, levels, levelDuration)
            .rampsLasting(ramp)
            .afterWarmup(warmup)
            .warmingUpUnderLoad(loadWarmup)
            .judgedOn("*", Duration.ofMillis(sloP99Ms), sloMaxKoPercent);

    private final GwsProtocolBuilder gwsProtocol = gws().simulatorDefaults(SIMULATOR_WITH_CAPACITY)
            .simulatorUsers(agents, 0).channels(CHAT).capacity(plan).operationTimeout(operationTimeout);

    private final ScenarioBuilder agentScenario = scenario("Agents")
            .exec(gws("Login").login())
            .exitHereIfFailed()
            .exec(plan.waitForLoad())
            // false: a toggle is never cut in half at the deadline.
            .during(plan.duration().minus(warmup), false).on(
                    exec(gws("NotReady").notReady(CHAT), gws("Ready").ready(CHAT)))
            .exec(gws("Logout").logout());

    /** The simulator's settings: a capacity of 400 operations/s unless -Dgws.sim.* say otherwise. */
    private static final Map<String, String> SIMULATOR_WITH_CAPACITY =
            Map.of("workers", "4", "serviceTime", "fixed:10", "queueLimit", "100");

    {
        setUp(agentScenario.injectOpen(rampUsers(agents).during(Duration.ofSeconds(2))).throttle(plan.throttle()),
                scenario("Capacity").exec(plan.verdict()).injectOpen(atOnceUsers(1)))
                .protocols(gwsProtocol)
                // Missing the SLO at the top levels is the point of a capacity run; failing to state a capacity is not.
                .assertions(details(CapacityPlan.VERDICT).failedRequests().count().is(0L));
    }
}
