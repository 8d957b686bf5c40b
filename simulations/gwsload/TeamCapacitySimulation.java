package gwsload;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gwsload.gatling.CapacityPlan;
import io.gwsload.gatling.GwsProtocolBuilder;
import io.gwsload.gatling.Params;

/**
 * How many chats per second can a team of agents carry on this GWS? Customer chats arrive at stepped
 * rates (level after level); the agents, a closed population, accept, answer and complete each one.
 * Every level is judged on the Accept notification time (p99 against {@code -DsloP99Ms}), the KO share
 * and whether the achieved rate kept up with the offered one; the run writes {@code capacity.html}
 * next to {@code summary.json} with the knee and the highest level that met the SLO.
 *
 * <p>Its limit is the team's, not the server's: {@code agents} / {@code handlingTime} chats per second
 * (10 / 2 s = 5/s). Above it the agents, a part of the load generator, cannot keep up, and the report
 * says so. For the server's limit in operations per second, run {@code CapacitySimulation}.
 *
 * <p>Parameters (defaults): {@code -Dagents=10}, {@code -DstartRate=2}, {@code -Dstep=2},
 * {@code -Dlevels=5}, {@code -DlevelDuration=15s}, {@code -DhandlingTime=2s} (agent time per chat),
 * {@code -DsloP99Ms=500}, {@code -DsloMaxKoPercent=1}. Needs the simulator's contact injection.
 */
public class TeamCapacitySimulation extends Simulation {
    private final int agents = Params.perShard("agents", 10, 1, 100_000);
    private final double startRate = Params.perShardRate("startRate", 2, 0, 100_000);
    private final double step = Params.perShardRate("step", 2, 0.01, 100_000);
    private final int levels = Params.integer("levels", 5, 1, 100);
    private final Duration levelDuration = Params.duration("levelDuration", "15s");
    private final Duration handlingTime = Params.duration("handlingTime", "2s");
    private final int sloP99Ms = Params.integer("sloP99Ms", 500, 1, 600_000);
    private final double sloMaxKoPercent = Params.decimal("sloMaxKoPercent", 1, 0, 100);

    private final CapacityPlan plan = CapacityPlan.steps(startRate, step, levels, levelDuration)
            .afterWarmup(Duration.ofSeconds(5))
            .judgedOn("Accept", Duration.ofMillis(sloP99Ms), sloMaxKoPercent);

    private final GwsProtocolBuilder gwsProtocol = gws().simulatorUsers(agents, 0).channels(CHAT).capacity(plan);

    private final ScenarioBuilder agentScenario = scenario("Agents")
            .exec(gws("Login").login())
            .exitHereIfFailed()
            .exec(gws("Ready").ready(CHAT))
            .exitHereIfFailed()
            // false: an iteration ends what it started (Gatling would cut it at the deadline, leaving chats open).
            .during(plan.duration().plusSeconds(5), false).on(
                    gws("Await chat offer").awaitOffer(CHAT).timeout(Duration.ofSeconds(2)).then(
                                    exec(gws("Accept").chat().accept(),
                                            gws("Send message").chat().sendMessage("Hello, how can I help?"))
                                            .pause(handlingTime)
                                            .exec(gws("Complete").chat().complete())))
            .exec(gws("Logout").logout());

    private final ScenarioBuilder customers = scenario("Customers").exec(gws("New chat").injectContact(CHAT));

    {
        setUp(agentScenario.injectOpen(rampUsers(agents).during(Duration.ofSeconds(3))),
                customers.injectOpen(plan.injection()))
                .protocols(gwsProtocol)
                // Capacity runs look for the limit: missing the SLO at the top levels is the point, not a failure.
                .assertions(global().failedRequests().percent().lt(50.0));
    }
}
